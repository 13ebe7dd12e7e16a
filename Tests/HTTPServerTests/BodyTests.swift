import HTTPServer
import NIOCore
import TestSupport
import XCTest

final class BodyTests: XCTestCase {
    var harness: ServerHarness!

    override func setUp() async throws {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 64 * 1024
        configuration.maxHeaderBytes = 8 * 1024
        harness = try await ServerHarness(configuration: configuration, responder: testRouter())
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    func testURLEncodedFormIsDecodedWithArabicAndRepeatedNames() async throws {
        let port = harness.port
        let response = try await blocking {
            try TestHTTP.postForm(port: port, "/form", [("name", "Fatima Zahra"), ("ville", "الدار البيضاء"), ("opt", "a"), ("opt", "b&c=d")])
        }
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "name=Fatima Zahra\nville=الدار البيضاء\nopt=a\nopt=b&c=d")
    }

    func testMultipartFormWithFile() async throws {
        let port = harness.port
        let boundary = "----bcosBoundary7MA4YWxk"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nCours d’été\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"cover\"; filename=\"a;b.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
        body += [0x89, 0x50, 0x4E, 0x47, 13, 10, 0x1A, 10]
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        let payload = body
        let response = try await blocking {
            try TestHTTP.request(port: port, "POST", "/form", headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: payload)
        }
        XCTAssertEqual(response.text, "title=Cours d’été\nfile:cover:a;b.png:8")
    }

    func testMalformedFormsAre400() async throws {
        let port = harness.port
        let badPercent = try await blocking {
            try TestHTTP.request(port: port, "POST", "/form", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("a=%E2%28".utf8))
        }
        XCTAssertEqual(badPercent.status, 400, "percent-decoding to invalid UTF-8 is refused")
        let badBytes = try await blocking {
            try TestHTTP.request(port: port, "POST", "/form", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: [0x61, 0x3D, 0xFF, 0xFE])
        }
        XCTAssertEqual(badBytes.status, 400, "raw invalid UTF-8 is refused")
        let badMultipart = try await blocking {
            try TestHTTP.request(port: port, "POST", "/form", headers: [("Content-Type", "multipart/form-data; boundary=xyz")], body: Array("garbage".utf8))
        }
        XCTAssertEqual(badMultipart.status, 400)
    }

    func testOversizedBodyIs413() async throws {
        let port = harness.port
        let declared = try await blocking {
            try TestHTTP.request(port: port, "POST", "/echo-size", body: [UInt8](repeating: 65, count: 100 * 1024))
        }
        XCTAssertEqual(declared.status, 413)
        // Chunked, no Content-Length: the limit applies while the body streams in.
        let chunked = try await blocking { () -> HTTPTestResponse in
            let connection = try RawConnection(port: port)
            connection.send("POST /echo-size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = String(repeating: "z", count: 16 * 1024)
            for _ in 0..<6 { if !connection.send("4000\r\n\(chunk)\r\n") { break } }
            connection.send("0\r\n\r\n")
            return try connection.readResponse()
        }
        XCTAssertEqual(chunked.status, 413)
        let small = try await blocking { try TestHTTP.request(port: port, "POST", "/echo-size", body: [UInt8](repeating: 65, count: 1000)) }
        XCTAssertEqual(small.text, "1000", "the server is still serving after refusing large bodies")
    }

    func testOversizedHeadersAre431() async throws {
        let port = harness.port
        let response = try await blocking {
            try TestHTTP.get(port: port, "/hello", headers: [("X-Filler", String(repeating: "a", count: 20 * 1024))])
        }
        XCTAssertEqual(response.status, 431)
        let after = try await blocking { try TestHTTP.get(port: port, "/hello") }
        XCTAssertEqual(after.status, 200)
    }

    func testGarbageAndBadChunkedAre400() async throws {
        let port = harness.port
        for raw in ["GARBAGE\r\n\r\n", "GET /hello HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n", "GET  HTTP/9.9 what\r\n\r\n"] {
            let text = try await blocking { () -> String in
                let connection = try RawConnection(port: port, timeoutSeconds: 5)
                connection.send(raw)
                return String(decoding: connection.readAll(), as: UTF8.self)
            }
            XCTAssertTrue(text.hasPrefix("HTTP/1.1 400"), "expected 400 for \(raw.debugDescription), got \(text.prefix(40))")
        }
        let alive = try await blocking { try TestHTTP.get(port: port, "/hello") }
        XCTAssertEqual(alive.status, 200)
    }
}

final class FormDataUnitTests: XCTestCase {
    func testPlusAndPercentDecoding() throws {
        let form = try FormData(urlEncoded: "q=caf%C3%A9+cr%C3%A8me&empty=&flag")
        XCTAssertEqual(form["q"], "café crème")
        XCTAssertEqual(form["empty"], "")
        XCTAssertEqual(form["flag"], "")
        XCTAssertNil(form["missing"])
    }

    func testTruncatedPercentIsAnError() {
        XCTAssertThrowsError(try FormData(urlEncoded: "a=%4"))
        XCTAssertThrowsError(try FormData(urlEncoded: "a=%"))
    }

    /// Seeded now (was SystemRandomNumberGenerator): a failure prints the seed that replays it.
    func testRandomInputNeverCrashesTheDecoders() throws {
        let alphabet = Array("a=&%+0F9Z;\r\n-\"".utf8) + [0xD8, 0xB9, 0xFF, 0x00]
        try Fuzz.run("form decoders") { random in
            let bytes = random.bytes(from: alphabet, count: Int.random(in: 0..<60, using: &random))
            _ = try? FormData(urlEncoded: Substring(String(decoding: bytes, as: UTF8.self)), validateUTF8Bytes: bytes)
            var buffer = ByteBuffer()
            buffer.writeBytes(Array("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n".utf8) + bytes)
            _ = try? MultipartParser.parse(body: buffer, boundary: "b")
        }
    }
}
