import NIOHTTP1

/// Routes that share middleware: the group's middleware runs around each of its handlers, after
/// routing, so it applies to exactly the routes registered in the group and to no other path.
///
///     router.group([SignInRequired()]) { admin in
///         admin.get("/admin") { … }
///     }
public struct RouteGroup {
    fileprivate var routes: [(method: HTTPMethod, pattern: String, handler: Handler)] = []
    fileprivate let middleware: [any Middleware]

    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        routes.append((method, pattern, handler))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { add(.GET, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { add(.POST, pattern, handler) }

    /// A nested group: its middleware runs inside this group's.
    public mutating func group(_ middleware: [any Middleware], _ register: (inout RouteGroup) throws -> Void) rethrows {
        var inner = RouteGroup(middleware: middleware)
        try register(&inner)
        routes += inner.routes.map { route in (route.method, route.pattern, RouteGroup.wrap(route.handler, in: middleware)) }
    }

    fileprivate static func wrap(_ handler: @escaping Handler, in middleware: [any Middleware]) -> Handler {
        guard !middleware.isEmpty else { return handler }
        let chain = MiddlewareChain(middleware, then: ClosureResponder(handler))
        return { request in try await chain.respond(to: request) }
    }
}

extension Router {
    /// Registers the routes of `register` with `middleware` around each of them.
    public mutating func group(_ middleware: [any Middleware], _ register: (inout RouteGroup) throws -> Void) rethrows {
        var group = RouteGroup(middleware: middleware)
        try register(&group)
        for route in group.routes { add(route.method, route.pattern, RouteGroup.wrap(route.handler, in: middleware)) }
    }
}
