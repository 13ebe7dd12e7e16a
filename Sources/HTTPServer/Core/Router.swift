import NIOHTTP1

/// Routes by method and path pattern. Patterns are literal segments and `{name}` captures:
/// `/{lang}/formations/{slug}`. Literal segments win over captures at the same position, so
/// `/admin/formations/new` beats `/admin/formations/{id}` whatever the registration order.
/// Unknown path → 404; known path, other method → 405 with `Allow`. HEAD is served by GET.
public struct Router: Responder {
    private struct Route: Sendable {
        let method: HTTPMethod
        let segments: [Segment]
        let handler: Handler
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case capture(String)
    }

    private var routes: [Route] = []

    public init() {}

    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        let segments = pattern.split(separator: "/").map { part -> Segment in
            if part.hasPrefix("{"), part.hasSuffix("}") { return .capture(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        routes.append(Route(method: method, segments: segments, handler: handler))
        // Most specific first: at the first differing position a literal beats a capture.
        // `sort` is not stable, so order by (specificity, registration) explicitly.
        let keyed = routes.enumerated().map { (key: Router.specificity($1.segments), order: $0, route: $1) }
        routes = keyed.sorted { $0.key.lexicographicallyPrecedes($1.key) || ($0.key == $1.key && $0.order < $1.order) }.map(\.route)
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { add(.GET, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { add(.POST, pattern, handler) }

    public func respond(to request: Request) async throws -> Response {
        var allowed: [HTTPMethod] = []
        let wanted: HTTPMethod = request.method == .HEAD ? .GET : request.method
        for route in routes {
            guard let parameters = Router.match(route.segments, request.pathSegments) else { continue }
            if route.method == wanted {
                var routed = request
                routed.parameters = parameters
                return try await route.handler(routed)
            }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if allowed.isEmpty { throw HTTPError(.notFound, "no route for \(request.path)") }
        if allowed.contains(.GET) { allowed.append(.HEAD) }
        let allow = allowed.map { "\($0)" }.joined(separator: ", ")
        throw HTTPError(.methodNotAllowed, "\(request.method) not allowed on \(request.path)", headers: ["allow": allow])
    }

    private static func match(_ pattern: [Segment], _ path: [String]) -> [String: String]? {
        guard pattern.count == path.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, value) in zip(pattern, path) {
            switch segment {
            case .literal(let literal): if literal != value { return nil }
            case .capture(let name): parameters[name] = value
            }
        }
        return parameters
    }

    /// 0 for a literal, 1 for a capture, per position: smaller sorts first, so literals win.
    private static func specificity(_ segments: [Segment]) -> [Int] {
        segments.map { if case .literal = $0 { 0 } else { 1 } }
    }
}
