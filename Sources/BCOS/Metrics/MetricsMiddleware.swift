import HTTPServer
import Logging
import NIOCore
import NIOHTTP1

/// Counts and times every request by route pattern (`http_requests_total`,
/// `http_request_duration_seconds`), and answers `GET /metrics` to those `MetricsAccess` lets in.
///
/// It sits outside the error middleware, so it sees the status the visitor got (error pages
/// included), and inside `ForwardedClientMiddleware`, so the client address is the forwarded one.
/// `/metrics` is answered here rather than registered as a route: a refused scrape goes on to the
/// router like any unknown path and gets the same 404, and no other method on `/metrics` can
/// answer 405 with `Allow` and so reveal that it exists.
struct MetricsMiddleware: Middleware {
    let metrics: AppMetrics
    let access: MetricsAccess
    let database: AppDatabase
    let logger: Logger

    /// The route label of a request no route matched (404, 405): one series, whatever the path.
    static let unmatched = "unmatched"

    func respond(to request: Request, next: any Responder) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        if request.path == "/metrics", request.method == .GET || request.method == .HEAD, access.allows(request) {
            request.attributes[MatchedRouteKey.self]?.record("/metrics")
            response = await scrape()
        } else {
            do {
                response = try await next.respond(to: request)
            } catch {
                // The error middleware answers everything; should something escape it, the server answers 500.
                record(request, status: 500, since: start)
                throw error
            }
        }
        record(request, status: response.status.code, since: start)
        return response
    }

    /// `/metrics` reads the database: never at once.
    func respondImmediately(to request: Request, next: any Responder) -> Response? {
        guard request.path != "/metrics" else { return nil }
        let start = ContinuousClock.now
        guard let response = next.respondImmediately(to: request) else { return nil }
        record(request, status: response.status.code, since: start)
        return response
    }

    private func record(_ request: Request, status: UInt, since start: ContinuousClock.Instant) {
        metrics.request(
            route: request.matchedRoute ?? Self.unmatched, method: Self.methodLabel(request.method), status: status,
            duration: ContinuousClock.now - start)
    }

    /// Standard methods by name; anything a client invents is "other", so it cannot add series.
    static func methodLabel(_ method: HTTPMethod) -> String {
        switch method {
        case .GET, .HEAD, .POST, .PUT, .DELETE, .PATCH, .OPTIONS: method.rawValue
        default: "other"
        }
    }

    /// Reads the gauges that live in PostgreSQL and the pool, then writes everything out. An
    /// unreachable database does not fail the scrape: the request counters matter most then.
    private func scrape() async -> Response {
        metrics.poolConnections(database.connectionCounts)
        do {
            let backlog = try await database.run { db in
                let crm = try db.crmLogs.pendingBacklog()
                return AppMetrics.OutboxBacklog(
                    crmPending: crm.count, crmOldestPendingSeconds: crm.oldestSeconds, emailPending: try db.emailOutbox.count(status: .pending))
            }
            metrics.outboxes(backlog)
        } catch {
            logger.notice("/metrics: outbox gauges not refreshed: \(error)")
            metrics.outboxes(nil)
        }
        return Response(
            status: .ok,
            headers: ["content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff"],
            body: ByteBuffer(bytes: metrics.exposition()))
    }
}
