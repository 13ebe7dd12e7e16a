import HTTPServer
import NIOCore
import TestSupport
import XCTest

/// Issue #12, connections: 1030 half-open sockets from one address took all 1024 slots.
final class ConnectionLimitTests: XCTestCase {
    func testOneAddressCannotTakeEverySlot() async throws {
        var configuration = ServerConfiguration()
        configuration.maxConnections = 40
        configuration.maxConnectionsPerAddress = 8
        let harness = try await ServerHarness(configuration: configuration, responder: testRouter())
        let port = harness.port
        // A flood of silent sockets from one address: only 8 are kept.
        var flood = try (0..<45).map { _ in try RawConnection(port: port, sourceHost: "127.0.0.2", timeoutSeconds: 3) }
        try await Task.sleep(for: .milliseconds(300))
        let extra = try await blocking { () -> Bool in
            let connection = try RawConnection(port: port, sourceHost: "127.0.0.2", timeoutSeconds: 3)
            connection.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            return connection.readAll().isEmpty
        }
        XCTAssertTrue(extra, "a connection over the per-address limit is closed without an answer")
        // Everyone else is still served.
        for source in ["127.0.0.1", "127.0.0.3"] {
            let response = try await blocking { () -> HTTPTestResponse in
                let connection = try RawConnection(port: port, sourceHost: source)
                connection.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                return try connection.readResponse()
            }
            XCTAssertEqual(response.status, 200, source)
        }
        // Closing the flood gives the address its slots back.
        flood.removeAll()
        let again = try await eventually {
            (try? await blocking { () -> Int in
                let connection = try RawConnection(port: port, sourceHost: "127.0.0.2")
                connection.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                return try connection.readResponse().status
            }) == 200
        }
        XCTAssertTrue(again)
        await harness.stop()
    }

    func testDefaults() {
        let configuration = ServerConfiguration()
        XCTAssertEqual(configuration.maxConnectionsPerAddress, 64)
        XCTAssertEqual(configuration.requestHeadTimeout, .seconds(10))
    }

    /// A socket opened and left silent gives its slot back at the head deadline, well before the
    /// whole-request deadline; a client that sent its head in time may take longer for the body.
    func testHeadDeadlineIsShorterThanTheRequestDeadline() async throws {
        var configuration = ServerConfiguration()
        configuration.requestHeadTimeout = .seconds(1)
        configuration.requestTimeout = .seconds(10)
        let harness = try await ServerHarness(configuration: configuration, responder: testRouter())
        let port = harness.port
        let silent = try await blocking { () -> (bytes: Int, seconds: Double) in
            let connection = try RawConnection(port: port, timeoutSeconds: 8)
            let started = Date()
            let bytes = connection.readAll().count
            return (bytes, Date().timeIntervalSince(started))
        }
        XCTAssertEqual(silent.bytes, 0, "closed without an answer")
        XCTAssertGreaterThan(silent.seconds, 0.8)
        XCTAssertLessThan(silent.seconds, 3, "closed at the head deadline, not the request deadline")

        let slowBody = try await blocking { () -> HTTPTestResponse in
            let connection = try RawConnection(port: port, timeoutSeconds: 8)
            connection.send("POST /echo-size HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab")
            Thread.sleep(forTimeInterval: 1.6)
            connection.send("cd")
            return try connection.readResponse()
        }
        XCTAssertEqual(slowBody.status, 200)
        XCTAssertEqual(slowBody.text, "4")
        await harness.stop()
    }
}
