import HTTPServer
import NIOCore
import TestSupport
import XCTest

/// Issue #12, CPU exhaustion: each route declares the body it accepts, and the server refuses a
/// bigger one before reading it.
final class BodyLimitTests: XCTestCase {
    var harness: ServerHarness!

    override func setUp() async throws {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 64 * 1024
        harness = try await ServerHarness(configuration: configuration, responder: testRouter())
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    func testDefaultBodyLimitIsSmall() {
        XCTAssertEqual(ServerConfiguration().maxBodyBytes, 1024 * 1024)
    }

    /// An 8 MiB `a&a&…` to a sign-in route cost 6–8 s of CPU; now it is a 413 from the head alone.
    func testDeclaredBodyOverTheRouteLimitIs413BeforeAnyBodyByte() async throws {
        let port = harness.port
        let (text, seconds) = try await blocking { () -> (String, Double) in
            let connection = try RawConnection(port: port, timeoutSeconds: 5)
            let started = Date()
            // Only the head: the answer must come without the body ever being sent.
            connection.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(8 * 1024 * 1024)\r\n\r\n")
            let response = try connection.readResponse()
            return ("\(response.status)", Date().timeIntervalSince(started))
        }
        XCTAssertEqual(text, "413")
        XCTAssertLessThan(seconds, 2)
        let fits = try await blocking { try TestHTTP.request(port: port, "POST", "/small", body: [UInt8](repeating: 97, count: 1024)) }
        XCTAssertEqual(fits.text, "1024")
        let over = try await blocking { try TestHTTP.request(port: port, "POST", "/small", body: [UInt8](repeating: 97, count: 1025)) }
        XCTAssertEqual(over.status, 413)
    }

    func testChunkedBodyIsCutOffAtTheRouteLimit() async throws {
        let port = harness.port
        let response = try await blocking { () -> HTTPTestResponse in
            let connection = try RawConnection(port: port)
            connection.send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in 0..<4 { if !connection.send("200\r\n\(String(repeating: "a", count: 512))\r\n") { break } }
            connection.send("0\r\n\r\n")
            return try connection.readResponse()
        }
        XCTAssertEqual(response.status, 413)
    }

    func testARouteCanRaiseTheLimitAboveTheServerDefault() async throws {
        let port = harness.port
        let body = [UInt8](repeating: 65, count: 200 * 1024)
        let upload = try await blocking { try TestHTTP.request(port: port, "POST", "/upload", body: body) }
        XCTAssertEqual(upload.text, "\(200 * 1024)")
        let elsewhere = try await blocking { try TestHTTP.request(port: port, "POST", "/echo-size", body: body) }
        XCTAssertEqual(elsewhere.status, 413, "routes without their own limit keep the server default")
    }

    func testUnknownRouteKeepsTheDefaultLimit() async throws {
        let port = harness.port
        let response = try await blocking { try TestHTTP.request(port: port, "POST", "/nowhere", body: [UInt8](repeating: 65, count: 100 * 1024)) }
        XCTAssertEqual(response.status, 413)
    }

    func testTooManyFormFieldsIs413() async throws {
        let port = harness.port
        let many = Array(repeating: "a=1", count: FormData.maxFields + 1).joined(separator: "&")
        let refused = try await blocking {
            try TestHTTP.request(port: port, "POST", "/form", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(many.utf8))
        }
        XCTAssertEqual(refused.status, 413)
        let enough = Array(repeating: "a=1", count: FormData.maxFields).joined(separator: "&")
        let accepted = try await blocking {
            try TestHTTP.request(port: port, "POST", "/form", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(enough.utf8))
        }
        XCTAssertEqual(accepted.status, 200)
    }

    func testTooManyMultipartPartsIs413() async throws {
        let port = harness.port
        let boundary = "b0undary"
        var body = ""
        for index in 0...FormData.maxFields { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"f\(index)\"\r\n\r\nx\r\n" }
        body += "--\(boundary)--\r\n"
        let payload = Array(body.utf8)
        let response = try await blocking {
            try TestHTTP.request(port: port, "POST", "/form", headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: payload)
        }
        XCTAssertEqual(response.status, 413)
    }

    func testFormIsDecodedOncePerRequest() async throws {
        let port = harness.port
        let response = try await blocking { try TestHTTP.postForm(port: port, "/form-twice", [("a", "1"), ("b", "2")]) }
        XCTAssertEqual(response.text, "true 2")
    }
}

final class FormDecodingCostTests: XCTestCase {
    /// The field cap stops a body of millions of empty pairs after the first thousand.
    func testMillionsOfPairsStopAtTheCap() throws {
        let bytes = [UInt8](repeating: 0, count: 8 * 1024 * 1024).enumerated().map { $0.offset % 2 == 0 ? UInt8(ascii: "a") : UInt8(ascii: "&") }
        let started = ContinuousClock.now
        XCTAssertThrowsError(try FormData(urlEncodedBytes: bytes)) { error in
            XCTAssertEqual((error as? HTTPError)?.status, .payloadTooLarge)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .milliseconds(500))
    }

    /// Decoding cost grows linearly: ten times the bytes takes about ten times as long, not a hundred.
    func testDecodingIsLinearInTheBodySize() throws {
        func seconds(_ size: Int) throws -> Double {
            let value = String(repeating: "%C3%A9x+", count: size / 8 / 100)
            let body = Array((0..<100).map { "f\($0)=\(value)" }.joined(separator: "&").utf8)
            let started = ContinuousClock.now
            let form = try FormData(urlEncodedBytes: body)
            XCTAssertEqual(form.fields.count, 100)
            let elapsed = ContinuousClock.now - started
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        _ = try seconds(100_000) // warm-up
        let small = try seconds(200_000)
        let large = try seconds(2_000_000)
        XCTAssertLessThan(large, max(small, 0.005) * 30, "200 KB: \(small) s, 2 MB: \(large) s")
    }

    func testANewBodyIsDecodedAnewAndCopiesKeepTheirs() throws {
        var request = try Request(method: .POST, uri: "/", headers: ["content-type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: "a=1"))
        let copy = request
        XCTAssertEqual(try request.formData()["a"], "1")
        XCTAssertEqual(try copy.formData()["a"], "1")
        request.body = ByteBuffer(string: "a=2")
        XCTAssertEqual(try request.formData()["a"], "2", "a new body is decoded anew")
        XCTAssertEqual(try copy.formData()["a"], "1")
    }
}
