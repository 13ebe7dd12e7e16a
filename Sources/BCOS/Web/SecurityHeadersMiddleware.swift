import HTTPServer

/// Headers every response carries. Scripts only from our own origin, no inline script; pages may
/// not be framed; HSTS when the site is served over https.
struct SecurityHeadersMiddleware: Middleware {
    let https: Bool

    func respond(to request: Request, next: any Responder) async throws -> Response {
        withHeaders(try await next.respond(to: request))
    }

    func respondImmediately(to request: Request, next: any Responder) -> Response? {
        next.respondImmediately(to: request).map(withHeaders)
    }

    /// Built once: every response, a cached page's included, gets them.
    private static let headers = [
        ("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
            + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
        ("x-frame-options", "DENY"),
    ]

    private func withHeaders(_ response: Response) -> Response {
        var response = response
        for (name, value) in Self.headers where !response.headers.contains(name: name) {
            response.headers.add(name: name, value: value)
        }
        if https { response.headers.replaceOrAdd(name: "strict-transport-security", value: "max-age=31536000; includeSubDomains") }
        return response
    }
}
