@testable import BCOS
import Foundation
import HTTPServer
import Logging
import NIOConcurrencyHelpers
import NIOHTTP1

/// A small real HTTP server on 127.0.0.1 standing in for a webhook receiver or a CRM API. It
/// records every request and answers through `handler`, which a test writes like the real API
/// would answer (checking auth, required fields, returning the provider's error bodies).
final class FakeCRMServer: @unchecked Sendable {
    struct Received: Sendable {
        let method: String
        let path: String
        let query: String
        let headers: [String: String]
        let body: [UInt8]

        var json: JSONValue? { JSONValue.parse(body) }
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    typealias Handler = @Sendable (Received, Int) async -> Response

    let received = NIOLockedValueBox<[Received]>([])
    private let handler: NIOLockedValueBox<Handler>
    private var server: HTTPServer!
    private var task: Task<Void, Error>?
    private(set) var port = 0
    var url: String { "http://127.0.0.1:\(port)" }

    init(_ handler: @escaping Handler = { _, _ in .json(#"{"ok":true}"#) }) {
        self.handler = NIOLockedValueBox(handler)
    }

    func answer(with handler: @escaping Handler) { self.handler.withLockedValue { $0 = handler } }

    private struct Recorder: Responder {
        let fake: FakeCRMServer
        func respond(to request: Request) async throws -> Response {
            var headers: [String: String] = [:]
            for header in request.headers { headers[header.name.lowercased()] = header.value }
            let item = Received(
                method: request.method.rawValue, path: request.path, query: request.queryString, headers: headers,
                body: Array(request.body.readableBytesView))
            let index = fake.received.withLockedValue { list in
                list.append(item)
                return list.count
            }
            let handler = fake.handler.withLockedValue { $0 }
            return await handler(item, index)
        }
    }

    func start() async throws {
        var logger = Logger(label: "fake-crm")
        logger.logLevel = .critical
        server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: Recorder(fake: self), logger: logger)
        let ready = AsyncStream<Int>.makeStream()
        task = Task { [server] in try await server!.run { ready.continuation.yield($0) } }
        for await bound in ready.stream {
            port = bound
            break
        }
    }

    func stop() async {
        await server.shutdownGracefully()
        _ = try? await task?.value
    }

    var requests: [Received] { received.withLockedValue { $0 } }
}

extension Response {
    static func json(_ text: String, status: HTTPResponseStatus = .ok, headers: [(String, String)] = []) -> Response {
        var response = Response.text(text, status: status, contentType: "application/json")
        for (name, value) in headers { response.headers.add(name: name, value: value) }
        return response
    }
}

/// Waits (polling) until `condition` holds, or fails after `timeout`.
func eventually(_ what: String, timeout: Duration = .seconds(20), _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw EventuallyTimeout(what: what)
}

struct EventuallyTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for: \(what)" }
}
