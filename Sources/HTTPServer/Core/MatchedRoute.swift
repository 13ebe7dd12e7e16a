import NIOConcurrencyHelpers

/// Which route answered a request, by its pattern as registered (`/{lang}/formations/{slug}`),
/// never the raw path: what a metrics label or a log line may carry without one series per slug.
///
/// The router writes it when it matches (`Router.respond`). A request is a value, so the copy the
/// router hands to the handler does not flow back to the middleware around the router; this slot
/// is a class in the request's attributes instead, shared by every copy of the request (like the
/// decoded form), so middleware reads it once `next` has answered:
///
///     let response = try await next.respond(to: request)
///     let route = request.matchedRoute ?? "unmatched"
///
/// `Request.init` puts a fresh slot on every request. Middleware that answers before the router
/// (static files) may record a fixed name of its own with `record(_:)`.
public final class MatchedRoute: Sendable {
    private let box = NIOLockedValueBox<String?>(nil)

    public init() {}

    /// The pattern recorded for this request, nil while no route has matched.
    public var pattern: String? { box.withLockedValue { $0 } }

    public func record(_ pattern: String) { box.withLockedValue { $0 = pattern } }
}

/// The request attribute that holds a request's `MatchedRoute`.
public enum MatchedRouteKey: RequestAttributeKey {
    public typealias Value = MatchedRoute
}

extension Request {
    /// The pattern of the route that matched this request (see `MatchedRoute`); nil when none did
    /// (404, 405) or before routing.
    public var matchedRoute: String? { attributes[MatchedRouteKey.self]?.pattern }
}
