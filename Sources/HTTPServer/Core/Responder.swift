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
}

extension Responder {
    public func maxBodyBytes(for request: Request) -> Int? { nil }
}

/// A step around the rest of the chain: security headers, sessions, error pages…
public protocol Middleware: Sendable {
    func respond(to request: Request, next: any Responder) async throws -> Response
}

public typealias Handler = @Sendable (Request) async throws -> Response

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

    private struct Step: Responder {
        let middleware: ArraySlice<any Middleware>
        let terminal: any Responder
        func respond(to request: Request) async throws -> Response {
            guard let first = middleware.first else { return try await terminal.respond(to: request) }
            return try await first.respond(to: request, next: Step(middleware: middleware.dropFirst(), terminal: terminal))
        }
    }
}
