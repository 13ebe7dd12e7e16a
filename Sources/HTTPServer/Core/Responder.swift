/// Anything that turns a request into a response: the router, a middleware chain, a test stub.
/// Thrown errors are turned into error pages by the application's error middleware; the server
/// itself only answers a bare 500 if one escapes.
public protocol Responder: Sendable {
    func respond(to request: Request) async throws -> Response
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

    private struct Step: Responder {
        let middleware: ArraySlice<any Middleware>
        let terminal: any Responder
        func respond(to request: Request) async throws -> Response {
            guard let first = middleware.first else { return try await terminal.respond(to: request) }
            return try await first.respond(to: request, next: Step(middleware: middleware.dropFirst(), terminal: terminal))
        }
    }
}
