import HTTPServer
import NIOCore
import TestSupport
import XCTest

final class RoutingTests: XCTestCase {
    var harness: ServerHarness!

    override func setUp() async throws {
        harness = try await ServerHarness(responder: testRouter())
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    func testRouteWithParameterAndLiteralPrecedence() async throws {
        let port = harness.port
        let item = try await blocking { try TestHTTP.get(port: port, "/items/42") }
        XCTAssertEqual(item.status, 200)
        XCTAssertEqual(item.text, "item 42")
        let new = try await blocking { try TestHTTP.get(port: port, "/items/new") }
        XCTAssertEqual(new.text, "new item form", "a literal segment must win over a capture")
        let encoded = try await blocking { try TestHTTP.get(port: port, "/items/%D8%B9%D8%B1%D8%A8%D9%8A") }
        XCTAssertEqual(encoded.text, "item عربي", "path parameters are percent-decoded")
    }

    func testUnknownPathIs404AndWrongMethodIs405WithAllow() async throws {
        let port = harness.port
        let missing = try await blocking { try TestHTTP.get(port: port, "/nope") }
        XCTAssertEqual(missing.status, 404)
        let wrong = try await blocking { try TestHTTP.request(port: port, "DELETE", "/hello") }
        XCTAssertEqual(wrong.status, 405)
        XCTAssertEqual(wrong.header("allow"), "GET, HEAD")
    }

    func testHeadHasHeadersButNoBody() async throws {
        let port = harness.port
        let head = try await blocking { try TestHTTP.request(port: port, "HEAD", "/hello") }
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("content-length"), "5")
        XCTAssertTrue(head.body.isEmpty)
    }

    func testBadPercentEncodingInPathIs400() async throws {
        let port = harness.port
        let response = try await blocking { try TestHTTP.get(port: port, "/items/%zz") }
        XCTAssertEqual(response.status, 400)
    }

    func testKeepAliveServesSeveralRequestsOnOneConnection() async throws {
        let port = harness.port
        let texts = try await blocking { () -> [String] in
            let connection = try RawConnection(port: port)
            var texts: [String] = []
            for path in ["/hello", "/items/1", "/items/2"] {
                connection.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
                texts.append(try connection.readResponse().text)
            }
            return texts
        }
        XCTAssertEqual(texts, ["hello", "item 1", "item 2"])
    }

    func testCookiesAreReadAndSet() async throws {
        let port = harness.port
        let response = try await blocking { try TestHTTP.get(port: port, "/cookies", headers: [("Cookie", "b=2; a=1")]) }
        XCTAssertEqual(response.text, "a=1;b=2")
        XCTAssertEqual(response.header("set-cookie"), "session=abc; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax")
    }

    func testGzipForTextWhenAccepted() async throws {
        let port = harness.port
        let plain = try await blocking { try TestHTTP.get(port: port, "/big") }
        XCTAssertNil(plain.header("content-encoding"))
        let zipped = try await blocking { try TestHTTP.get(port: port, "/big", headers: [("Accept-Encoding", "gzip")]) }
        XCTAssertEqual(zipped.header("content-encoding"), "gzip")
        XCTAssertLessThan(zipped.body.count, plain.body.count / 5)
        XCTAssertEqual(Array(zipped.body.prefix(2)), [0x1f, 0x8b], "a gzip stream starts with its magic bytes")
        XCTAssertEqual(Gunzip.inflate(zipped.body), plain.body, "it inflates to the plain answer")
        XCTAssertEqual(zipped.header("vary"), "Accept-Encoding")
        XCTAssertEqual(plain.header("vary"), "Accept-Encoding", "the uncompressed answer says it depends on the header too")
        let refused = try await blocking { try TestHTTP.get(port: port, "/big", headers: [("Accept-Encoding", "gzip;q=0")]) }
        XCTAssertNil(refused.header("content-encoding"), "q=0 refuses gzip")
    }
}
