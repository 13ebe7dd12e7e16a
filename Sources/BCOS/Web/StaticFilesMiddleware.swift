import HTTPServer

/// Serves `Public/` before routing; falls through to the router when no file matches.
struct StaticFilesMiddleware: Middleware {
    let files: StaticFiles
    func respond(to request: Request, next: any Responder) async throws -> Response {
        if let response = files.response(for: request) { return response }
        return try await next.respond(to: request)
    }
}
