import Foundation
import XCTest
@testable import Outbound

final class HTTPClientTests: XCTestCase {
    // MARK: Requests and responses

    func testPostJSONArrivesWithExactBodyAndHeaders() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let client = HTTPClient(addressPolicy: .testLoopback)
        let json = #"{"name":"Zoé","items":[1,2,3],"note":"a\nb"}"#

        let response = try await client.send(OutboundRequest(
            method: "POST",
            url: server.baseURL + "/echo?status=201",
            headers: [
                OutboundHeader("Content-Type", "application/json"),
                OutboundHeader("X-Request-Id", "req-42"),
                OutboundHeader("X-Empty", ""),
            ],
            body: Array(json.utf8)
        ))

        XCTAssertEqual(response.status, 201)
        let received = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertEqual(received.method, "POST")
        XCTAssertEqual(received.target, "/echo?status=201")
        XCTAssertEqual(received.body, Array(json.utf8))
        XCTAssertEqual(received.header("Content-Type"), "application/json")
        XCTAssertEqual(received.header("Content-Length"), String(json.utf8.count))
        XCTAssertEqual(received.header("X-Request-Id"), "req-42")
        XCTAssertEqual(received.header("X-Empty"), "")
        XCTAssertEqual(received.header("User-Agent"), "BCOS/1.0")
        XCTAssertNil(received.header("Expect"), "no 100-continue round trip")

        // The echo travelled back intact too.
        let echo = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        XCTAssertEqual(echo["method"] as? String, "POST")
        XCTAssertEqual(echo["body"] as? String, json)
    }

    func testLargeBodyIsSentWithoutExpectContinueDelay() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let body = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let started = ContinuousClock.now

        let response = try await HTTPClient(addressPolicy: .testLoopback).send(OutboundRequest(
            method: "PUT", url: server.baseURL + "/status/500",
            headers: [OutboundHeader("Content-Type", "application/octet-stream")], body: body))

        XCTAssertEqual(response.status, 500)
        XCTAssertLessThan(ContinuousClock.now - started, .milliseconds(900), "no 1 s wait for a 100 Continue")
        let received = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(received.body.count, body.count)
        XCTAssertTrue(received.body == body)
    }

    func testResponseHeadersAreParsed() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let response = try await HTTPClient(addressPolicy: .testLoopback).send(OutboundRequest(url: server.baseURL + "/echo"))

        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("content-type"), "application/json")
        XCTAssertEqual(response.header("X-TEST-SERVER"), "outbound-tests")
        XCTAssertEqual(response.headerValues("Set-Cookie"), ["a=1", "b=2"])
        XCTAssertEqual(response.header("Content-Length"), String(response.body.count))
        XCTAssertNil(response.header("X-Missing"))
        XCTAssertFalse(response.headers.contains { $0.name.hasPrefix("HTTP/") }, "status line is not a header")

        let received = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(received.method, "GET")
        XCTAssertTrue(received.body.isEmpty)
        XCTAssertNil(received.header("Content-Type"))
        XCTAssertNil(received.header("Content-Length"))
    }

    func testOnlyTheFinalResponseHeadersAreKept() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let response = try await HTTPClient(addressPolicy: .testLoopback).send(OutboundRequest(url: server.baseURL + "/interim"))

        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("X-Final"), "yes")
        XCTAssertNil(response.header("X-Interim"), "headers of the 100 Continue are dropped")
        XCTAssertEqual(response.bodyText, "final")
    }

    func testRedirectIsReturnedNotFollowed() async throws {
        let server = try TestHTTPServer()
        let response = try await HTTPClient(addressPolicy: .testLoopback).send(OutboundRequest(url: server.baseURL + "/redirect"))
        server.stop() // joins the connection threads: every request the server got is recorded

        XCTAssertEqual(response.status, 302)
        XCTAssertEqual(response.header("Location"), "/echo")
        XCTAssertEqual(server.requests.map(\.path), ["/redirect"])
    }

    func testErrorStatusIsAResponse() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let response = try await HTTPClient(addressPolicy: .testLoopback).send(OutboundRequest(url: server.baseURL + "/status/500"))

        XCTAssertEqual(response.status, 500)
        XCTAssertEqual(response.bodyText, "boom")
    }

    func testOtherMethods() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let client = HTTPClient(addressPolicy: .testLoopback)

        for (method, body) in [("PUT", "put-body"), ("PATCH", "patch-body"), ("DELETE", ""), ("POST", "")] {
            let response = try await client.send(OutboundRequest(method: method, url: server.baseURL + "/echo", body: Array(body.utf8)))
            XCTAssertEqual(response.status, 200, method)
        }

        let received = server.requests
        XCTAssertEqual(received.map(\.method), ["PUT", "PATCH", "DELETE", "POST"])
        XCTAssertEqual(received.map { String(decoding: $0.body, as: UTF8.self) }, ["put-body", "patch-body", "", ""])
        XCTAssertNil(received[2].header("Content-Length"), "a body-less DELETE sends no body")
        XCTAssertEqual(received[3].header("Content-Length"), "0", "an empty POST is a zero-length POST")
        XCTAssertNil(received[3].header("Content-Type"), "libcurl's form-urlencoded default is suppressed")
    }

    // MARK: Limits

    func testTimeout() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let started = ContinuousClock.now

        let error = await sendExpectingError(HTTPClient(addressPolicy: .testLoopback), OutboundRequest(url: server.baseURL + "/slow", timeout: .milliseconds(500)))

        let elapsed = ContinuousClock.now - started
        XCTAssertEqual(error, .timedOut)
        XCTAssertLessThan(elapsed, .milliseconds(2500))
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(450))
    }

    func testResponseOverTheCapIsAborted() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let client = HTTPClient(addressPolicy: .testLoopback)

        // Content-Length known up front (libcurl's MAXFILESIZE check) ...
        let declared = await sendExpectingError(client, OutboundRequest(url: server.baseURL + "/big"))
        XCTAssertEqual(declared, .responseTooLarge(limit: 1 << 20))
        // ... and chunked, where only the write callback can count.
        let chunked = await sendExpectingError(client, OutboundRequest(url: server.baseURL + "/big-chunked"))
        XCTAssertEqual(chunked, .responseTooLarge(limit: 1 << 20))

        // A raised cap lets both through.
        for path in ["/big", "/big-chunked"] {
            let response = try await client.send(OutboundRequest(url: server.baseURL + path, maxResponseBytes: 4 << 20))
            XCTAssertEqual(response.body.count, TestHTTPServer.bigBodySize, path)
        }
    }

    // MARK: Refusals

    func testOtherSchemesNeverReachCurl() async throws {
        let client = HTTPClient(addressPolicy: .testLoopback)
        let refused = [
            ("file:///etc/passwd", "file"),
            ("ftp://127.0.0.1/pub", "ftp"),
            ("gopher://127.0.0.1:70/_GET", "gopher"),
            ("dict://127.0.0.1:11211/stats", "dict"),
            ("FILE:///etc/passwd", "FILE"),
            ("javascript:alert(1)", "javascript"),
        ]
        for (url, scheme) in refused {
            let error = await sendExpectingError(client, OutboundRequest(url: url))
            XCTAssertEqual(error, .protocolNotAllowed(scheme), url)
        }
        for url in ["", "127.0.0.1/x", "http:/x", "http://", "http://exa mple.com/", "https://x/\r\nHost: y", "://x"] {
            let error = await sendExpectingError(client, OutboundRequest(url: url))
            XCTAssertEqual(error, .invalidURL(url), url.debugDescription)
        }
        XCTAssertEqual(client.transfersStarted, 0)
        XCTAssertEqual(client.workerThreads, 0)
    }

    func testUppercaseSchemeIsAccepted() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let response = try await HTTPClient(addressPolicy: .testLoopback).send(OutboundRequest(url: "HTTP://127.0.0.1:\(server.port)/echo"))
        XCTAssertEqual(response.status, 200)
    }

    func testConnectionRefused() async throws {
        let port = try TestHTTPServer.closedPort()
        let error = await sendExpectingError(HTTPClient(addressPolicy: .testLoopback), OutboundRequest(url: "http://127.0.0.1:\(port)/"))
        guard case .connectionFailed(let detail) = error else {
            return XCTFail("expected connectionFailed, got \(String(describing: error))")
        }
        XCTAssertTrue(detail.contains("\(port)"), detail)
    }

    func testTLSFailureIsReported() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let error = await sendExpectingError(HTTPClient(addressPolicy: .testLoopback), OutboundRequest(url: "https://127.0.0.1:\(server.port)/echo"))
        guard case .tlsFailed = error else {
            return XCTFail("expected tlsFailed, got \(String(describing: error))")
        }
    }

    /// Defence in depth: even if validation were bypassed, libcurl itself refuses other protocols.
    func testCurlProtocolRestrictionBacksUpValidation() throws {
        let handle = try CurlEasyHandle()
        for url in ["file:///etc/passwd", "dict://127.0.0.1:9/x", "gopher://127.0.0.1:9/x"] {
            XCTAssertThrowsError(try HTTPTransfer.perform(OutboundRequest(url: url), on: handle, cancel: CancellationFlag())) { error in
                let scheme = String(url.prefix { $0 != ":" })
                XCTAssertEqual(error as? OutboundError, .protocolNotAllowed(scheme), url)
            }
        }
    }

    func testHeaderInjectionIsRefused() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let client = HTTPClient(addressPolicy: .testLoopback)
        let attempts = [
            OutboundHeader("X-Evil", "a\r\nX-Injected: 1"),
            OutboundHeader("X-Evil", "a\nX-Injected: 1"),
            OutboundHeader("X-Evil", "a\rb"),
            OutboundHeader("X-Evil", "a\0b"),
            OutboundHeader("X-Evil\r\nX-Injected", "1"),
            OutboundHeader("X-Evil: 1", "2"),
            OutboundHeader("", "nameless"),
        ]
        for header in attempts {
            let error = await sendExpectingError(client, OutboundRequest(url: server.baseURL + "/echo", headers: [header]))
            XCTAssertEqual(error, .invalidHeader(header.name), header.value.debugDescription)
        }
        XCTAssertEqual(client.transfersStarted, 0)
        XCTAssertTrue(server.requests.isEmpty)
    }

    func testUnknownMethodIsRefused() async throws {
        let client = HTTPClient(addressPolicy: .testLoopback)
        for method in ["TRACE", "get", "GET /admin HTTP/1.1\r\nX:", ""] {
            let error = await sendExpectingError(client, OutboundRequest(method: method, url: "http://127.0.0.1:9/"))
            XCTAssertEqual(error, .invalidMethod(method))
        }
        XCTAssertEqual(client.transfersStarted, 0)
    }

    func testEnvironmentProxyIsIgnored() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let deadProxy = "http://127.0.0.1:\(try TestHTTPServer.closedPort())"
        setenv("http_proxy", deadProxy, 1)
        setenv("ALL_PROXY", deadProxy, 1)
        defer {
            unsetenv("http_proxy")
            unsetenv("ALL_PROXY")
        }
        let response = try await HTTPClient(addressPolicy: .testLoopback).send(OutboundRequest(url: server.baseURL + "/echo"))
        XCTAssertEqual(response.status, 200)
    }

    // MARK: Concurrency

    func testTwentyConcurrentRequests() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let client = HTTPClient(addressPolicy: .testLoopback)

        let bodies = try await withThrowingTaskGroup(of: (Int, OutboundResponse).self) { group in
            for index in 0..<20 {
                group.addTask {
                    let response = try await client.send(OutboundRequest(
                        method: "POST", url: server.baseURL + "/echo", body: Array("request \(index)".utf8)))
                    return (index, response)
                }
            }
            var bodies: [Int: String] = [:]
            for try await (index, response) in group {
                XCTAssertEqual(response.status, 200)
                let echo = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
                bodies[index] = echo["body"] as? String
            }
            return bodies
        }

        XCTAssertEqual(bodies.count, 20)
        for index in 0..<20 { XCTAssertEqual(bodies[index], "request \(index)") }
        XCTAssertEqual(server.requests.count, 20)
        XCTAssertLessThanOrEqual(client.workerThreads, 8)
    }

    func testKeepAliveConnectionIsReused() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let client = HTTPClient(maxConcurrentRequests: 1, addressPolicy: .testLoopback)
        let rounds = 50

        let reusedStart = ContinuousClock.now
        for _ in 0..<rounds {
            _ = try await client.send(OutboundRequest(url: server.baseURL + "/echo"))
        }
        let reused = ContinuousClock.now - reusedStart
        XCTAssertEqual(server.connectionCount, 1, "one worker thread, one easy handle, one connection")

        let freshStart = ContinuousClock.now
        for _ in 0..<rounds {
            _ = try await client.send(OutboundRequest(url: server.baseURL + "/echo", headers: [OutboundHeader("Connection", "close")]))
        }
        let fresh = ContinuousClock.now - freshStart
        // The first "close" request still rides the kept-alive connection, then closes it.
        XCTAssertEqual(server.connectionCount, rounds)
        print("keep-alive: \(rounds) requests reusing one connection \(reused), with a new connection each \(fresh)")
    }

    func testCancelledQueuedRequestNeverStarts() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let client = HTTPClient(maxConcurrentRequests: 1, addressPolicy: .testLoopback)

        // Occupies the only worker for ~1 s.
        let blocker = Task { try? await client.send(OutboundRequest(url: server.baseURL + "/slow", timeout: .seconds(1))) }
        try await Task.sleep(for: .milliseconds(200))
        let queued = Task { try await client.send(OutboundRequest(url: server.baseURL + "/echo")) }
        try await Task.sleep(for: .milliseconds(100))
        queued.cancel()

        do {
            let response = try await queued.value
            XCTFail("expected cancellation, got \(response.status)")
        } catch {
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        _ = await blocker.value
        XCTAssertEqual(server.requests.map(\.path), ["/slow"])
    }

    // MARK: Helpers

    private func sendExpectingError(_ client: HTTPClient, _ request: OutboundRequest) async -> OutboundError? {
        do {
            let response = try await client.send(request)
            XCTFail("expected an error for \(request.url), got status \(response.status)")
        } catch let error as OutboundError {
            return error
        } catch {
            XCTFail("expected an OutboundError for \(request.url), got \(error)")
        }
        return nil
    }
}
