import HTTPServer
import Logging

/// The first middleware of the chain: gives the request its id (`RequestID`) and a logger that
/// writes it as `request_id` on every line, and returns it in the response's `X-Request-Id`
/// (which the server's access line logs). Handlers and middleware log with
/// `request.logger(or: logger)`.
struct RequestIDMiddleware: Middleware {
    let logger: Logger

    func respond(to request: Request, next: any Responder) async throws -> Response {
        let (traced, id) = trace(request)
        return Self.returning(id, in: try await next.respond(to: traced))
    }

    func respondImmediately(to request: Request, next: any Responder) -> Response? {
        let (traced, id) = trace(request)
        return next.respondImmediately(to: traced).map { Self.returning(id, in: $0) }
    }

    private func trace(_ request: Request) -> (Request, RequestID) {
        let id = RequestID(header: request.header(RequestID.header)) ?? .make()
        var request = request
        request.attributes[RequestTraceKey.self] = RequestTrace(id: id, base: logger)
        return (request, id)
    }

    private static func returning(_ id: RequestID, in response: Response) -> Response {
        var response = response
        response.headers.replaceOrAdd(name: RequestID.header, value: id.value)
        return response
    }
}

/// What `RequestIDMiddleware` puts on every request: its id, and the logger that writes it.
struct RequestTrace: Sendable {
    let id: RequestID
    let base: Logger

    /// The application's logger with `request_id` in its metadata. Made when asked for: most
    /// requests log nothing, and setting metadata re-formats the handler's metadata each time.
    var logger: Logger {
        var scoped = base
        scoped[metadataKey: "request_id"] = .string(id.value)
        return scoped
    }
}

/// The request attribute that carries the `RequestTrace`.
enum RequestTraceKey: RequestAttributeKey {
    typealias Value = RequestTrace
}

extension Request {
    /// The request's id and logger (nil only when `RequestIDMiddleware` did not run: a handler
    /// called directly by a test).
    var trace: RequestTrace? { attributes[RequestTraceKey.self] }

    /// The request's logger (every line carries `request_id`), or `fallback` without the middleware.
    func logger(or fallback: Logger) -> Logger { trace?.logger ?? fallback }
}
