import NIOHTTP1

/// Routes that share middleware: the group's middleware runs around each of its handlers, after
/// routing, so it applies to exactly the routes registered in the group and to no other path.
///
///     router.group([SignInRequired()]) { admin in
///         admin.get("/admin") { … }
///     }
public struct RouteGroup {
    fileprivate struct Route {
        let method: HTTPMethod
        let pattern: String
        let maxBodyBytes: Int?
        let handler: Handler
    }

    fileprivate var routes: [Route] = []
    fileprivate let middleware: [any Middleware]

    /// `maxBodyBytes` as on `Router.add`: the body limit of this route, checked before the body is read.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        routes.append(Route(method: method, pattern: pattern, maxBodyBytes: maxBodyBytes, handler: handler))
    }

    public mutating func get(_ pattern: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        add(.GET, pattern, maxBodyBytes: maxBodyBytes, handler)
    }

    public mutating func post(_ pattern: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        add(.POST, pattern, maxBodyBytes: maxBodyBytes, handler)
    }

    /// A nested group: its middleware runs inside this group's.
    public mutating func group(_ middleware: [any Middleware], _ register: (inout RouteGroup) throws -> Void) rethrows {
        var inner = RouteGroup(middleware: middleware)
        try register(&inner)
        routes += inner.routes.map { $0.wrapped(in: middleware) }
    }
}

extension RouteGroup.Route {
    fileprivate func wrapped(in middleware: [any Middleware]) -> RouteGroup.Route {
        guard !middleware.isEmpty else { return self }
        let chain = MiddlewareChain(middleware, then: ClosureResponder(handler))
        return RouteGroup.Route(method: method, pattern: pattern, maxBodyBytes: maxBodyBytes) { request in try await chain.respond(to: request) }
    }
}

extension Router {
    /// Registers the routes of `register` with `middleware` around each of them.
    public mutating func group(_ middleware: [any Middleware], _ register: (inout RouteGroup) throws -> Void) rethrows {
        var group = RouteGroup(middleware: middleware)
        try register(&group)
        for route in group.routes.map({ $0.wrapped(in: middleware) }) {
            add(route.method, route.pattern, maxBodyBytes: route.maxBodyBytes, route.handler)
        }
    }
}
