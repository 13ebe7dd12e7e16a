import HTTPServer

/// Serves `Public/` before routing; falls through to the router when no file matches.
struct StaticFilesMiddleware: Middleware {
    let files: StaticFiles
    func respond(to request: Request, next: any Responder) async throws -> Response {
        if let response = file(request) { return response }
        return try await next.respond(to: request)
    }

    /// Files are in memory: always answered at once.
    func respondImmediately(to request: Request, next: any Responder) -> Response? {
        file(request) ?? next.respondImmediately(to: request)
    }

    private func file(_ request: Request) -> Response? {
        guard let response = files.response(for: request) else { return nil }
        // One route label for every file (metrics), as no route of the router matched.
        request.attributes[MatchedRouteKey.self]?.record("static")
        return response
    }
}
