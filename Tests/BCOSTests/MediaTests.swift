@testable import BCOS
import Foundation
import TestSupport
import XCTest

final class MediaTests: XCTestCase {
    var harness: AppHarness!
    var client: AdminClient!
    let courseID = "00000000-0000-4000-8000-0000000000f1"

    override func setUp() async throws {
        harness = try await AppHarness.start()
        try await AdminAccounts(database: harness.app.database, hasher: PasswordHasher(rounds: 1 << 10)).createOrUpdate(email: "media@bcos.ma", password: "un mot de passe solide")
        client = AdminClient(port: harness.port)
        _ = try await client.signIn(email: "media@bcos.ma", password: "un mot de passe solide")
        _ = try await client.get("/admin/formations/\(courseID)/edit")
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    func upload(_ bytes: [UInt8], filename: String) async throws -> HTTPTestResponse {
        let boundary = "----bcosTestBoundary"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(client.csrf)\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"cover\"; filename=\"\(filename)\"\r\nContent-Type: image/png\r\n\r\n".utf8)
        body += bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        let (port, cookie, payload) = (harness.port, client.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), body)
        return try await blocking {
            try TestHTTP.request(port: port, "POST", "/admin/formations/00000000-0000-4000-8000-0000000000f1/cover",
                                 headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Cookie", cookie)], body: payload)
        }
    }

    func testImageUploadIsRecognisedByContentServedAndShown() async throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0x42, count: 100)
        let uploaded = try await upload(png, filename: "photo.gif")
        XCTAssertEqual(uploaded.status, 303)
        let path: String = try await harness.app.pool.query("SELECT cover_image_url FROM formations WHERE id = $1", [courseID]).first!.decode("cover_image_url")
        XCTAssertTrue(path.hasPrefix("/media/") && path.hasSuffix(".png"), "a random name with the real type's extension: \(path)")
        let served = try await harness.get(path)
        XCTAssertEqual(served.status, 200)
        XCTAssertEqual(served.header("content-type"), "image/png")
        XCTAssertEqual(served.body, png)
        XCTAssertEqual(served.header("cache-control"), "public, max-age=31536000, immutable")
        let page = try await harness.get("/fr/formations/management-d-equipe-et-leadership")
        XCTAssertTrue(page.text.contains("<img class=\"course-cover\" src=\"\(path)\""))

        // Replacing removes the old file once nothing uses it.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x11, count: 50)
        _ = try await upload(jpeg, filename: "x.png")
        let gone = try await harness.get(path)
        XCTAssertEqual(gone.status, 404)
    }

    func testNonImagesAndOversizedFilesAreRefused() async throws {
        let text = try await upload(Array("<?php echo 'hello'; ?>".utf8), filename: "image.png")
        XCTAssertEqual(text.status, 422)
        XCTAssertTrue(text.text.contains("n’est pas une image JPEG, PNG ou WebP"))
        let big = try await upload([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 5 * 1024 * 1024), filename: "big.png")
        XCTAssertEqual(big.status, 422)
        XCTAssertTrue(big.text.contains("dépasse 5 Mo"))
        let count: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM media_files").first!.decode("n")
        XCTAssertEqual(count, 0)
    }
}
