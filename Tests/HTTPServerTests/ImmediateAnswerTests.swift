#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HTTPServer
import NIOConcurrencyHelpers
import NIOCore
import TestSupport
import XCTest

/// Answers given at once on the event loop (`Responder.respondImmediately`, used by the page
/// cache): the client sees the same HTTP as from the async path — order, keep-alive, HEAD,
/// middleware — and anything the immediate form declines or cannot take goes the slow way.
final class ImmediateAnswerTests: XCTestCase {
    /// Counts the requests that reached the async handlers.
    private let slowAnswers = NIOLockedValueBox(0)
    /// Counts the POSTs handled.
    private let postedCount = NIOLockedValueBox(0)
    private var harness: ServerHarness!

    override func setUp() async throws {
        harness = try await ServerHarness(responder: responder(middleware: [Stamp()]))
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    private func responder(middleware: [any Middleware]) -> any Responder {
        var router = Router()
        let slow = slowAnswers
        // At once unless the query says no (or wait: the handler then takes its time).
        router.get("/page/{name}", immediate: { request in
            ["no", "wait"].contains(request.queryString) ? nil : .text("at once \(request.parameters["name"] ?? "?")")
        }) { request in
            slow.withLockedValue { $0 += 1 }
            if request.queryString == "wait" { try await Task.sleep(for: .milliseconds(300)) }
            return .text("slow \(request.parameters["name"] ?? "?") \(request.body.readableBytes)")
        }
        let posted = postedCount
        router.post("/page/{name}") { _ in
            posted.withLockedValue { $0 += 1 }
            return .text("posted")
        }
        return MiddlewareChain(middleware, then: router)
    }

    func testAnImmediateAnswerSkipsTheHandlerAndPassesThroughMiddleware() async throws {
        let port = harness.port
        let fast = try await blocking { try TestHTTP.get(port: port, "/page/a") }
        XCTAssertEqual(fast.text, "at once a")
        XCTAssertEqual(fast.header("x-stamp"), "immediate", "the middleware's immediate form ran")
        XCTAssertEqual(fast.header("content-length"), "9")
        XCTAssertEqual(slowAnswers.withLockedValue { $0 }, 0)

        let declined = try await blocking { try TestHTTP.get(port: port, "/page/b?no") }
        XCTAssertEqual(declined.text, "slow b 0", "declined at once, answered by the handler")
        XCTAssertEqual(declined.header("x-stamp"), "async")
        XCTAssertEqual(slowAnswers.withLockedValue { $0 }, 1)

        let headBytes = try await blocking { () -> [UInt8] in
            let connection = try RawConnection(port: port)
            connection.send("HEAD /page/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return connection.readAll()
        }
        let head = try HTTPTestResponse.parseHead(headBytes)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("content-length"), "9", "HEAD gets the GET's length")
        XCTAssertEqual(headBytes.suffix(4), [13, 10, 13, 10], "and no body")

        let posted = try await blocking { try TestHTTP.postForm(port: port, "/page/a", [("x", "1")]) }
        XCTAssertEqual(posted.text, "posted", "only GET and HEAD are tried at once")
        let missing = try await blocking { try TestHTTP.get(port: port, "/nowhere") }
        XCTAssertEqual(missing.status, 404)
    }

    func testAGetWithABodyGoesTheSlowWay() async throws {
        let port = harness.port
        let response = try await blocking { () -> HTTPTestResponse in
            let connection = try RawConnection(port: port)
            connection.send("GET /page/c HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
            return try connection.readResponse()
        }
        XCTAssertEqual(response.text, "slow c 3", "the body reached the handler")
    }

    /// Pipelined requests, some answered at once and some by a handler that takes its time,
    /// come back in the order they were sent, on one connection.
    func testPipelinedAnswersKeepTheirOrder() async throws {
        let port = harness.port
        let requests = ["/page/1?wait", "/page/2", "/page/3?no", "/page/4", "/page/5?wait", "/page/6"]
        let bytes = try await blocking { () -> [UInt8] in
            let connection = try RawConnection(port: port)
            let text = requests.enumerated().map { index, path in
                "GET \(path) HTTP/1.1\r\nHost: x\r\n" + (index == requests.count - 1 ? "Connection: close\r\n" : "") + "\r\n"
            }.joined()
            connection.send(text)
            return connection.readAll()
        }
        let bodies = try HTTPTestResponse.parseAll(bytes).map(\.text)
        XCTAssertEqual(bodies, ["slow 1 0", "at once 2", "slow 3 0", "at once 4", "slow 5 0", "at once 6"])
    }

    /// A client that pipelines requests for a big page and reads nothing cannot make the server
    /// queue every answer in memory: answering stops once the socket is full, and everything
    /// arrives, in order, once the client reads.
    func testAClientThatDoesNotReadCannotQueueEveryAnswer() async throws {
        let count = 200
        let answered = NIOLockedValueBox(0)
        let big = String(repeating: "x", count: 256 * 1024)
        var router = Router()
        router.get("/big/{n}", immediate: { request in
            answered.withLockedValue { $0 += 1 }
            return .text("\(request.parameters["n"] ?? "?") \(big)")
        }) { request in
            answered.withLockedValue { $0 += 1 }
            return .text("\(request.parameters["n"] ?? "?") \(big)")
        }
        await harness.stop()
        harness = try await ServerHarness(responder: router)
        let port = harness.port
        let requests = (0..<count).map { "GET /big/\($0) HTTP/1.1\r\nHost: x\r\n" + ($0 == count - 1 ? "Connection: close\r\n" : "") + "\r\n" }
        let (whileNotReading, bytes) = try await blocking { () -> (Int, [UInt8]) in
            let connection = try RawConnection(port: port, timeoutSeconds: 10)
            connection.send(requests.joined())
            Thread.sleep(forTimeInterval: 1)
            return (answered.withLockedValue { $0 }, connection.readAll())
        }
        XCTAssertLessThan(whileNotReading, count / 2, "answers stop while the client reads nothing (\(whileNotReading) of \(count) made)")
        let responses = try HTTPTestResponse.parseAll(bytes)
        XCTAssertEqual(responses.count, count)
        XCTAssertEqual(responses.map { $0.text.prefix { $0 != " " } }, (0..<count).map { Substring("\($0)") }, "in order")
    }

    func testConnectionCloseIsHonouredAfterAnImmediateAnswer() async throws {
        let port = harness.port
        let (responses, closed) = try await blocking { () -> ([HTTPTestResponse], Bool) in
            let connection = try RawConnection(port: port, timeoutSeconds: 3)
            connection.send("GET /page/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /page/b HTTP/1.1\r\nHost: x\r\n\r\n")
            let started = Date()
            let bytes = connection.readAll()
            return (try HTTPTestResponse.parseAll(bytes), Date().timeIntervalSince(started) < 2)
        }
        XCTAssertEqual(responses.map(\.text), ["at once a"], "nothing is answered after Connection: close")
        XCTAssertEqual(responses.first?.header("connection"), "close")
        XCTAssertTrue(closed, "the server closed the connection instead of waiting")
    }

    /// RFC 9112 §9.6: after a request that closes the connection, nothing the client sent behind
    /// it is answered or handled — whichever way that request was answered.
    func testNothingIsHandledAfterARequestThatClosesTheConnection() async throws {
        let port = harness.port
        let cases = [
            ("GET /page/1?wait HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "slow 1 0"),
            ("GET /page/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "at once 1"),
            ("GET /page/1 HTTP/1.0\r\nHost: x\r\n\r\n", "at once 1"),
            ("GET /page/1?no HTTP/1.0\r\nHost: x\r\n\r\n", "slow 1 0"),
        ]
        for (first, body) in cases {
            let behind = "GET /page/2 HTTP/1.1\r\nHost: x\r\n\r\nPOST /page/3 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=1"
            let bytes = try await blocking { () -> [UInt8] in
                let connection = try RawConnection(port: port, timeoutSeconds: 5)
                connection.send(first + behind)
                return connection.readAll()
            }
            XCTAssertEqual(try HTTPTestResponse.parseAll(bytes).map(\.text), [body], first)
        }
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(postedCount.withLockedValue { $0 }, 0, "no POST behind a closing request was handled")
    }

    /// A long run of pipelined requests behind a slow one, from a client that reads as fast as it
    /// sends (the connection stays writable), is answered in full and the server stays up. NIO
    /// hands the next buffered request over while the previous answer's end is being written;
    /// `ImmediateResponseHandler` answers those in turn instead of one nested call per request.
    /// (NIO's read sizes bound the nesting: the old code did not crash at this size either.)
    func testALongPipelineBehindASlowRequestIsAnsweredInTurn() async throws {
        let port = harness.port
        let count = 6_000
        let requests = ["GET /page/0?wait HTTP/1.1\r\nHost: x\r\n\r\n"]
            + (1..<count).map { "HEAD /page/\($0) HTTP/1.1\r\nHost: x\r\n" + ($0 == count - 1 ? "Connection: close\r\n" : "") + "\r\n" }
        let bytes = try await blocking { () -> [UInt8] in
            let connection = try RawConnection(port: port, timeoutSeconds: 20)
            // Sent from another thread while this one reads, as a browser would.
            let fd = connection.fd
            let payload = Array(requests.joined().utf8)
            Thread.detachNewThread {
                var offset = 0
                while offset < payload.count {
                    let sent = payload[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if sent <= 0 { return }
                    offset += sent
                }
            }
            return connection.readAll()
        }
        // HEAD answers: a head each, no body (parseAll reads a body by Content-Length).
        let heads = String(decoding: bytes, as: UTF8.self).components(separatedBy: "HTTP/1.1 200 OK").count - 1
        XCTAssertEqual(heads, count, "every request answered, the server still up")
        let after = try await blocking { try TestHTTP.get(port: port, "/page/z") }
        XCTAssertEqual(after.text, "at once z")
    }

    /// With `answersImmediately` off (the application's PAGE_CACHE=off), nothing is offered.
    func testTheServerCanBeToldNotToAnswerAtOnce() async throws {
        await harness.stop()
        harness = try await ServerHarness(configuration: ServerConfiguration(answersImmediately: false), responder: responder(middleware: [Stamp()]))
        let port = harness.port
        let response = try await blocking { try TestHTTP.get(port: port, "/page/a") }
        XCTAssertEqual(response.text, "slow a 0")
        XCTAssertEqual(response.header("x-stamp"), "async")
    }

    /// One middleware without an immediate form sends the whole chain the slow way.
    func testAMiddlewareThatMustWaitMakesEveryRequestSlow() async throws {
        await harness.stop()
        harness = try await ServerHarness(responder: responder(middleware: [Stamp(), Waits()]))
        let port = harness.port
        let response = try await blocking { try TestHTTP.get(port: port, "/page/a") }
        XCTAssertEqual(response.text, "slow a 0")
        XCTAssertEqual(response.header("x-stamp"), "async")
        XCTAssertEqual(response.header("x-waited"), "yes")
    }
}

/// Marks which way a response went.
private struct Stamp: Middleware {
    func respond(to request: Request, next: any Responder) async throws -> Response {
        var response = try await next.respond(to: request)
        response.headers.add(name: "x-stamp", value: "async")
        return response
    }

    func respondImmediately(to request: Request, next: any Responder) -> Response? {
        guard var response = next.respondImmediately(to: request) else { return nil }
        response.headers.add(name: "x-stamp", value: "immediate")
        return response
    }
}

/// A middleware with only the async form (the default immediate form declines).
private struct Waits: Middleware {
    func respond(to request: Request, next: any Responder) async throws -> Response {
        await Task.yield()
        var response = try await next.respond(to: request)
        response.headers.add(name: "x-waited", value: "yes")
        return response
    }
}
