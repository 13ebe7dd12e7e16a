import HTTPServer

/// Serves `Public/` before routing; falls through to the router when no file matches.
struct StaticFilesMiddleware: Middleware {
    let files: StaticFiles
    func respond(to request: Request, next: any Responder) async throws -> Response {
        if let response = files.response(for: request) {
            // One route label for every file (metrics), as no route of the router matched.
            request.attributes[MatchedRouteKey.self]?.record("static")
            return response
        }
        return try await next.respond(to: request)
    }
}
