import NIOHTTP1

/// Routes by method and path pattern. Patterns are literal segments and `{name}` captures:
/// `/{lang}/formations/{slug}`. Literal segments win over captures at the same position, so
/// `/admin/formations/new` beats `/admin/formations/{id}` whatever the registration order.
/// Unknown path → 404; known path, other method → 405 with `Allow`. HEAD is served by GET.
/// The matched pattern is recorded on the request (`Request.matchedRoute`, see `MatchedRoute`).
///
/// A route may declare the largest body it accepts (`maxBodyBytes:`), smaller or larger than the
/// server's default: a sign-in form needs a few kilobytes, an upload a few megabytes. The server
/// matches the route as soon as the head arrives and answers 413 before reading a bigger body.
///
///     router.post("/admin/login", maxBodyBytes: 8 * 1024) { try await signIn($0) }
///
/// A GET route may also have an immediate handler (`immediate:`), tried first on the event loop
/// (see `Responder.respondImmediately`); when it returns nil, the route's handler answers.
public struct Router: Responder {
    /// A class, so that looking routes up copies a reference, not the pattern, segments and handler.
    private final class Route: Sendable {
        let method: HTTPMethod
        /// As registered: what `MatchedRoute` records.
        let pattern: String
        let segments: [Segment]
        let maxBodyBytes: Int?
        let handler: Handler
        let immediate: ImmediateHandler?

        init(method: HTTPMethod, pattern: String, segments: [Segment], maxBodyBytes: Int?, handler: @escaping Handler, immediate: ImmediateHandler?) {
            self.method = method
            self.pattern = pattern
            self.segments = segments
            self.maxBodyBytes = maxBodyBytes
            self.handler = handler
            self.immediate = immediate
        }
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case capture(String)
    }

    /// Routes by their number of segments (a path can only match routes of its own length), each
    /// list most specific first.
    private var routes: [Int: [Route]] = [:]

    public init() {}

    /// `maxBodyBytes`: the largest request body this route accepts; nil keeps the server's default.
    public mutating func add(
        _ method: HTTPMethod, _ pattern: String, maxBodyBytes: Int? = nil, immediate: ImmediateHandler? = nil, _ handler: @escaping Handler
    ) {
        let segments = pattern.split(separator: "/").map { part -> Segment in
            if part.hasPrefix("{"), part.hasSuffix("}") { return .capture(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        var list = routes[segments.count] ?? []
        list.append(Route(method: method, pattern: pattern, segments: segments, maxBodyBytes: maxBodyBytes.map { max(0, $0) }, handler: handler, immediate: immediate))
        // Most specific first: at the first differing position a literal beats a capture.
        // `sort` is not stable, so order by (specificity, registration) explicitly.
        let keyed = list.enumerated().map { (key: Router.specificity($1.segments), order: $0, route: $1) }
        routes[segments.count] = keyed.sorted { $0.key.lexicographicallyPrecedes($1.key) || ($0.key == $1.key && $0.order < $1.order) }.map(\.route)
    }

    /// `immediate`: answers the requests it can at once (see `Responder.respondImmediately`).
    public mutating func get(_ pattern: String, maxBodyBytes: Int? = nil, immediate: ImmediateHandler? = nil, _ handler: @escaping Handler) {
        add(.GET, pattern, maxBodyBytes: maxBodyBytes, immediate: immediate, handler)
    }

    public mutating func post(_ pattern: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        add(.POST, pattern, maxBodyBytes: maxBodyBytes, handler)
    }

    public func respond(to request: Request) async throws -> Response {
        switch lookup(request) {
        case .found(let route, let parameters):
            var routed = request
            routed.parameters = parameters
            // Shared with every copy of the request: the middleware around the router reads it too.
            request.attributes[MatchedRouteKey.self]?.record(route.pattern)
            return try await route.handler(routed)
        case .notFound:
            throw HTTPError(.notFound, "no route for \(request.path)")
        case .methodNotAllowed(var allowed):
            if allowed.contains(.GET) { allowed.append(.HEAD) }
            let allow = allowed.map { "\($0)" }.joined(separator: ", ")
            throw HTTPError(.methodNotAllowed, "\(request.method) not allowed on \(request.path)", headers: ["allow": allow])
        }
    }

    public func respondImmediately(to request: Request) -> Response? {
        guard case .found(let route, let parameters) = lookup(request), let immediate = route.immediate else { return nil }
        var routed = request
        routed.parameters = parameters
        guard let response = immediate(routed) else { return nil }
        request.attributes[MatchedRouteKey.self]?.record(route.pattern)
        return response
    }

    public func maxBodyBytes(for request: Request) -> Int? {
        if case .found(let route, _) = lookup(request) { return route.maxBodyBytes }
        return nil
    }

    private enum Lookup {
        case found(Route, [String: String])
        case notFound
        case methodNotAllowed([HTTPMethod])
    }

    private func lookup(_ request: Request) -> Lookup {
        var allowed: [HTTPMethod] = []
        let wanted: HTTPMethod = request.method == .HEAD ? .GET : request.method
        let path = request.pathSegments
        for route in routes[path.count] ?? [] where Router.literalsMatch(route.segments, path) {
            if route.method == wanted { return .found(route, Router.captures(route.segments, path)) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }

    /// Whether every literal segment of the pattern is the path's (the lengths are equal).
    private static func literalsMatch(_ pattern: [Segment], _ path: [String]) -> Bool {
        for index in pattern.indices {
            if case .literal(let literal) = pattern[index], literal != path[index] { return false }
        }
        return true
    }

    private static func captures(_ pattern: [Segment], _ path: [String]) -> [String: String] {
        var parameters: [String: String] = [:]
        for index in pattern.indices {
            if case .capture(let name) = pattern[index] { parameters[name] = path[index] }
        }
        return parameters
    }

    /// 0 for a literal, 1 for a capture, per position: smaller sorts first, so literals win.
    private static func specificity(_ segments: [Segment]) -> [Int] {
        segments.map { if case .literal = $0 { 0 } else { 1 } }
    }
}
