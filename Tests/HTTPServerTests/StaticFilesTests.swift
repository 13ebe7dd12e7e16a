import Foundation
import HTTPServer
import TestSupport
import XCTest

final class StaticFilesTests: XCTestCase {
    var harness: ServerHarness!
    var files: StaticFiles!
    var root: URL!

    override func setUp() async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("static-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("css"), withIntermediateDirectories: true)
        try "body { color: red; }".write(to: root.appendingPathComponent("css/site.css"), atomically: true, encoding: .utf8)
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: root.appendingPathComponent("logo.png"))
        // A secret next to the public folder that no request may reach.
        try "secret".write(to: root.deletingLastPathComponent().appendingPathComponent("secret-\(root.lastPathComponent).txt"), atomically: true, encoding: .utf8)
        files = try StaticFiles(directory: root)
        harness = try await ServerHarness(responder: testRouter(staticFiles: files))
    }

    override func tearDown() async throws {
        await harness.stop()
        try? FileManager.default.removeItem(at: root)
        try? FileManager.default.removeItem(at: root.deletingLastPathComponent().appendingPathComponent("secret-\(root.lastPathComponent).txt"))
    }

    func testContentTypesETagAnd304() async throws {
        let port = harness.port
        let css = try await blocking { try TestHTTP.get(port: port, "/css/site.css") }
        XCTAssertEqual(css.status, 200)
        XCTAssertEqual(css.header("content-type"), "text/css; charset=utf-8")
        XCTAssertEqual(css.text, "body { color: red; }")
        XCTAssertEqual(css.header("cache-control"), "public, no-cache")
        let etag = try XCTUnwrap(css.header("etag"))
        let again = try await blocking { try TestHTTP.get(port: port, "/css/site.css", headers: [("If-None-Match", etag)]) }
        XCTAssertEqual(again.status, 304)
        XCTAssertTrue(again.body.isEmpty)
        let lastModified = try XCTUnwrap(css.header("last-modified"))
        let since = try await blocking { try TestHTTP.get(port: port, "/css/site.css", headers: [("If-Modified-Since", lastModified)]) }
        XCTAssertEqual(since.status, 304)
        let png = try await blocking { try TestHTTP.get(port: port, "/logo.png") }
        XCTAssertEqual(png.header("content-type"), "image/png")
    }

    /// Issue #12: a hostile year in If-Modified-Since crashed the server; now the header is ignored.
    func testHostileIfModifiedSinceIsIgnored() async throws {
        let port = harness.port
        for since in ["Sun, 06 Nov -2147483648 08:49:37 GMT", "Sun, 06 Nov 2147483648 08:49:37 GMT", "Sun Nov  6 08:49:37 99999"] {
            let response = try await blocking { try TestHTTP.get(port: port, "/css/site.css", headers: [("If-Modified-Since", since)]) }
            XCTAssertEqual(response.status, 200, since)
        }
        let alive = try await blocking { try TestHTTP.get(port: port, "/logo.png") }
        XCTAssertEqual(alive.status, 200)
    }

    func testFingerprintedURLIsCachedForAYear() async throws {
        let port = harness.port
        let url = files.url(for: "css/site.css")
        XCTAssertTrue(url.hasPrefix("/css/site.css?v="))
        let response = try await blocking { try TestHTTP.get(port: port, url) }
        XCTAssertEqual(response.header("cache-control"), "public, max-age=31536000, immutable")
    }

    func testPathTraversalCannotEscape() async throws {
        let port = harness.port
        let secret = "secret-\(root.lastPathComponent).txt"
        for path in ["/../\(secret)", "/css/../../\(secret)", "/%2e%2e/\(secret)", "/css/%2E%2E/%2E%2E/\(secret)", "/..%2f\(secret)", "/css/..%2F..%2F\(secret)", "//etc/passwd", "/.hidden"] {
            let response = try await blocking { try TestHTTP.get(port: port, path) }
            XCTAssertTrue([400, 404].contains(response.status), "\(path) answered \(response.status)")
            XCTAssertFalse(response.text.contains("secret"), path)
        }
    }
}
