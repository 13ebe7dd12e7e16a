import HTTPServer
import Logging
import Postgres

/// Turns thrown errors into answers: HTTPError → its status; an unreachable database → 503 with
/// Retry-After; a value PostgreSQL refused as data (NUL byte, impossible date) → 400, in one
/// place rather than a check before every query; anything else → 500, logged with its details,
/// shown to nobody. A refused value inside a transaction has rolled it back, so nothing is half written.
struct ErrorMiddleware: Middleware {
    let pages: AppErrorPages
    let logger: Logger

    func respond(to request: Request, next: any Responder) async throws -> Response {
        // Made only when an error is logged: a logger with the request's id costs a metadata copy.
        var logger: Logger { request.logger(or: self.logger) }
        do {
            return try await next.respond(to: request)
        } catch let error as HTTPError {
            if error.status.code >= 500 { logger.error("\(request.method) \(request.path): \(error)") }
            return pages.response(for: error, request: request)
        } catch let error as PostgresError where error.isUnavailable {
            logger.warning("\(request.method) \(request.path): \(error)")
            return pages.response(for: HTTPError(.serviceUnavailable, headers: ["retry-after": "5"]), request: request)
        } catch let error as PostgresError where error.isBadInput {
            logger.notice("\(request.method) \(request.path): refused input: \(error)")
            return pages.response(for: HTTPError(.badRequest), request: request)
        } catch {
            logger.error("\(request.method) \(request.path) failed: \(error)")
            return pages.response(for: HTTPError(.internalServerError), request: request)
        }
    }

    /// An immediate answer throws nothing: there is nothing to turn into an error page.
    func respondImmediately(to request: Request, next: any Responder) -> Response? {
        next.respondImmediately(to: request)
    }
}
