/// Anything that turns a request into a response: the router, a middleware chain, a test stub.
/// Thrown errors are turned into error pages by the application's error middleware; the server
/// itself only answers a bare 500 if one escapes.
public protocol Responder: Sendable {
    func respond(to request: Request) async throws -> Response

    /// The most body bytes this responder accepts for `request`, or nil for the server's default
    /// (`ServerConfiguration.maxBodyBytes`). Asked as soon as the head has arrived, before any
    /// body byte is read, so `request.body` is still empty: a bigger body is answered 413 without
    /// being read. The router answers from the matched route's `maxBodyBytes`.
    func maxBodyBytes(for request: Request) -> Int?

    /// The answer to `request` when it can be given at once, without waiting for anything (a
    /// page from the page cache, a static file), or nil to have `respond(to:)` answer it.
    ///
    /// Asked first for every GET and HEAD without a body, on the connection's event loop
    /// (`ImmediateResponseHandler`): an answer skips the hop to Swift concurrency and back, which
    /// was most of what a cached page cost. So it must not block — no I/O, no lock held for
    /// long — and it is all or nothing: when it returns nil, nothing has happened (no view
    /// counted, no metric recorded) that `respond(to:)` will do again.
    func respondImmediately(to request: Request) -> Response?
}

extension Responder {
    public func maxBodyBytes(for request: Request) -> Int? { nil }
    public func respondImmediately(to request: Request) -> Response? { nil }
}

/// A step around the rest of the chain: security headers, sessions, error pages…
public protocol Middleware: Sendable {
    func respond(to request: Request, next: any Responder) async throws -> Response

    /// This middleware's part of an immediate answer (see `Responder.respondImmediately`):
    /// usually the same work around `next.respondImmediately(to:)`. The default, nil, sends every
    /// request through `respond(to:next:)`: a middleware that must wait (a database read) has no
    /// immediate form, and the whole chain then answers the slow way.
    func respondImmediately(to request: Request, next: any Responder) -> Response?
}

extension Middleware {
    public func respondImmediately(to request: Request, next: any Responder) -> Response? { nil }
}

public typealias Handler = @Sendable (Request) async throws -> Response

/// A route's immediate answer, or nil (see `Responder.respondImmediately`).
public typealias ImmediateHandler = @Sendable (Request) -> Response?

/// A closure as a responder.
public struct ClosureResponder: Responder {
    let handler: Handler
    public init(_ handler: @escaping Handler) { self.handler = handler }
    public func respond(to request: Request) async throws -> Response { try await handler(request) }
}

/// Middleware wrapped around a responder, outermost first.
public struct MiddlewareChain: Responder {
    private let middleware: [any Middleware]
    private let terminal: any Responder

    public init(_ middleware: [any Middleware], then terminal: any Responder) {
        self.middleware = middleware
        self.terminal = terminal
    }

    public func respond(to request: Request) async throws -> Response {
        try await Step(middleware: middleware[...], terminal: terminal).respond(to: request)
    }

    /// Middleware does not change what a route accepts: the terminal (the router) decides.
    public func maxBodyBytes(for request: Request) -> Int? { terminal.maxBodyBytes(for: request) }

    public func respondImmediately(to request: Request) -> Response? {
        Step(middleware: middleware[...], terminal: terminal).respondImmediately(to: request)
    }

    private struct Step: Responder {
        let middleware: ArraySlice<any Middleware>
        let terminal: any Responder
        func respond(to request: Request) async throws -> Response {
            guard let first = middleware.first else { return try await terminal.respond(to: request) }
            return try await first.respond(to: request, next: Step(middleware: middleware.dropFirst(), terminal: terminal))
        }
        func respondImmediately(to request: Request) -> Response? {
            guard let first = middleware.first else { return terminal.respondImmediately(to: request) }
            return first.respondImmediately(to: request, next: Step(middleware: middleware.dropFirst(), terminal: terminal))
        }
    }
}
