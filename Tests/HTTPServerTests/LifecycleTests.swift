import HTTPServer
import NIOCore
import TestSupport
import XCTest

final class LifecycleTests: XCTestCase {
    func testGracefulShutdownFinishesTheInFlightRequest() async throws {
        let harness = try await ServerHarness(responder: testRouter())
        let port = harness.port
        let inFlight = Task { try await blocking { try TestHTTP.get(port: port, "/slow") } }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        await harness.stop()
        let response = try await inFlight.value
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "finished")
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
        // After shutdown nothing listens on the port any more.
        XCTAssertThrowsError(try RawConnection(port: port))
    }

    func testSlowClientIsCutWhileOthersAreServed() async throws {
        var configuration = ServerConfiguration()
        configuration.requestTimeout = .seconds(1)
        let harness = try await ServerHarness(configuration: configuration, responder: testRouter())
        let port = harness.port
        // A slow-loris trickle: one header byte at a time, never finishing the head.
        let trickle = Task {
            try await blocking { () -> (closed: Bool, seconds: Double) in
                let connection = try RawConnection(port: port, timeoutSeconds: 5)
                let started = Date()
                for byte in Array("GET /hello HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaa".utf8) {
                    if !connection.send([byte]) { return (true, Date().timeIntervalSince(started)) }
                    Thread.sleep(forTimeInterval: 0.2)
                    var probe = pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0)
                    if poll(&probe, 1, 0) > 0 { return (true, Date().timeIntervalSince(started)) }
                }
                return (false, Date().timeIntervalSince(started))
            }
        }
        // Meanwhile an ordinary visitor is served normally.
        let normal = try await blocking { try TestHTTP.get(port: port, "/hello") }
        XCTAssertEqual(normal.status, 200)
        let result = try await trickle.value
        XCTAssertTrue(result.closed, "the trickling client must be cut")
        XCTAssertLessThan(result.seconds, 3)

        // A stalled body gets a 408 answer.
        let stalled = try await blocking { () -> String in
            let connection = try RawConnection(port: port, timeoutSeconds: 5)
            connection.send("POST /echo-size HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a part")
            return String(decoding: connection.readAll(), as: UTF8.self)
        }
        XCTAssertTrue(stalled.hasPrefix("HTTP/1.1 408"), stalled)
        await harness.stop()
    }

    func testConnectionLimitKeepsServingAfterwards() async throws {
        var configuration = ServerConfiguration()
        configuration.maxConnections = 4
        let harness = try await ServerHarness(configuration: configuration, responder: testRouter())
        let port = harness.port
        var idle = try (0..<4).map { _ in try RawConnection(port: port) }
        try await Task.sleep(for: .milliseconds(200))
        let refused = try await blocking { () -> Bool in
            let extra = try RawConnection(port: port, timeoutSeconds: 3)
            extra.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            return extra.readAll().isEmpty
        }
        XCTAssertTrue(refused, "a connection over the limit is closed without an answer")
        idle.removeAll() // closes the four sockets
        let afterwards = try await eventually {
            (try? await blocking { try TestHTTP.get(port: port, "/hello") })?.status == 200
        }
        XCTAssertTrue(afterwards, "once connections close, new visitors are served again")
        await harness.stop()
    }
}
