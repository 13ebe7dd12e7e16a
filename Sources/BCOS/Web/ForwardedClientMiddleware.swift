import HTTPServer

/// Behind a reverse proxy (nginx on the same host), every connection comes from the proxy, so the
/// per-address limits (enrollments, sign-in) would lump all visitors together. With
/// `TRUST_PROXY=on` the client address is the last entry of `X-Forwarded-For`, which the proxy
/// appends — but only for connections from loopback, so a visitor reaching the app directly
/// cannot pick an address.
struct ForwardedClientMiddleware: Middleware {
    func respond(to request: Request, next: any Responder) async throws -> Response {
        try await next.respond(to: Self.forwarded(request))
    }

    func respondImmediately(to request: Request, next: any Responder) -> Response? {
        next.respondImmediately(to: Self.forwarded(request))
    }

    /// `request` with the client's address in place of the proxy's.
    static func forwarded(_ request: Request) -> Request {
        var request = request
        if let peer = request.remoteAddress, isLoopback(peer), let forwarded = clientAddress(forwardedFor: request.header("x-forwarded-for")) {
            request.remoteAddress = forwarded
        }
        return request
    }

    /// The last entry of `X-Forwarded-For` (the one our proxy appended), when it reads as an IPv4
    /// or IPv6 address; nil for anything else, so a visitor's text never becomes an "address".
    static func clientAddress(forwardedFor header: String?) -> String? {
        guard let last = header?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
              !last.isEmpty, last.count <= 64, last.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == "." || $0 == ":") }) else { return nil }
        return last
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}
