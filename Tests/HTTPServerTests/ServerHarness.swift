import HTTPServer
import Logging
import NIOCore
import TestSupport
import XCTest

/// A real server on an ephemeral 127.0.0.1 port, running a test responder.
final class ServerHarness: @unchecked Sendable {
    let server: HTTPServer
    private(set) var port = 0
    private var task: Task<Void, Error>?

    init(configuration: ServerConfiguration = ServerConfiguration(port: 0), responder: any Responder) async throws {
        var config = configuration
        config.port = 0
        config.host = "127.0.0.1"
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        server = HTTPServer(configuration: config, responder: responder, logger: logger)
        let ready = AsyncStream<Int>.makeStream()
        task = Task { [server] in
            try await server.run { port in ready.continuation.yield(port) }
        }
        for await bound in ready.stream {
            port = bound
            break
        }
    }

    func stop() async {
        await server.shutdownGracefully()
        _ = try? await task?.value
    }
}

/// The routes the server tests use.
func testRouter(staticFiles: StaticFiles? = nil) -> any Responder {
    var router = Router()
    // Answered at once (on the event loop), so the server tests cover both ways of answering.
    router.get("/hello", immediate: { _ in .text("hello") }) { _ in .text("hello") }
    router.get("/items/{id}") { request in .text("item \(request.parameters["id"] ?? "?")") }
    router.get("/items/new") { _ in .text("new item form") }
    router.post("/form") { request in
        let form = try request.formData()
        let lines = form.fields.map { "\($0.name)=\($0.value)" } + form.files.map { "file:\($0.fieldName):\($0.filename):\($0.data.count)" }
        return .text(lines.joined(separator: "\n"))
    }
    router.post("/echo-size") { request in .text("\(request.body.readableBytes)") }
    // Per-route body limits: a sign-in sized form, and an upload above the server default.
    router.post("/small", maxBodyBytes: 1024) { request in .text("\(request.body.readableBytes)") }
    router.post("/upload", maxBodyBytes: 256 * 1024) { request in .text("\(request.body.readableBytes)") }
    router.post("/form-twice") { request in
        let first = try request.formData()
        let second = try request.formData()
        return .text("\(first == second) \(first.fields.count)")
    }
    router.get("/slow") { _ in
        try await Task.sleep(for: .milliseconds(1500))
        return .text("finished")
    }
    router.get("/big") { _ in .text(String(repeating: "Formation professionnelle — تكوين مهني. ", count: 400)) }
    router.get("/cookies") { request in
        var response = Response.text(request.cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";"))
        response.setCookie(SetCookie(name: "session", value: "abc", maxAge: 60, secure: true))
        return response
    }
    guard let staticFiles else { return router }
    return MiddlewareChain([StaticOnly(files: staticFiles)], then: router)
}

struct StaticOnly: Middleware {
    let files: StaticFiles
    func respond(to request: Request, next: any Responder) async throws -> Response {
        if let response = files.response(for: request) { return response }
        return try await next.respond(to: request)
    }
}
