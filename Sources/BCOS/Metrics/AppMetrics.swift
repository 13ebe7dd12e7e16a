import CoreMetrics
import Metrics
import NIOConcurrencyHelpers
import Postgres
import Prometheus

/// What the process reports on itself at `/metrics`: swift-metrics counters, gauges and timers,
/// backed by swift-prometheus, which also writes the text format. Every name and label is listed
/// in docs/operations.md, section 13.
///
/// **One registry per `Application`, not one per process.** Each `Application` makes its own
/// `PrometheusCollectorRegistry` and `PrometheusMetricsFactory`, and every metric here is created
/// with that factory passed explicitly (`factory:`), never through the global `MetricsSystem`.
/// The tests start many applications in one process, each on its own database: with one
/// registry per process their counts would add up across tests, and the pool and outbox gauges
/// would show whichever application was scraped last. `MetricsSystem.bootstrap` may run only once
/// per process (a second call crashes), so no `Application` calls it on creation: `bcos serve`
/// calls `bootstrapMetricsSystem()` once, which hands this registry to any library that reports
/// through the global system, and a second call (from anywhere) is a no-op.
///
/// Label values come from closed sets only (route patterns, methods, status codes, CRM kinds,
/// languages), so the number of series stays bounded whatever visitors send.
final class AppMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    private let pageCacheHits: CoreMetrics.Counter
    private let pageCacheMisses: CoreMetrics.Counter
    private let pageCacheSize: CoreMetrics.Gauge
    private let poolIdle: CoreMetrics.Gauge
    private let poolInUse: CoreMetrics.Gauge
    private let poolWaiting: CoreMetrics.Gauge
    private let crmOutboxPending: CoreMetrics.Gauge
    private let crmOutboxOldestPending: CoreMetrics.Gauge
    private let emailOutboxPending: CoreMetrics.Gauge
    private let outboxReadable: CoreMetrics.Gauge

    /// What `crm_deliveries_total` says of an attempt, from what the worker decided after it.
    enum DeliveryOutcome: String, CaseIterable, Sendable {
        /// Delivered: the row is done.
        case delivered
        /// Failed, another attempt is scheduled.
        case retry
        /// Failed for good: the row waits in the retry queue for an admin.
        case failed
    }

    init() {
        registry = PrometheusCollectorRegistry()
        factory = PrometheusMetricsFactory(registry: registry)
        pageCacheHits = CoreMetrics.Counter(label: "page_cache_hits_total", factory: factory)
        pageCacheMisses = CoreMetrics.Counter(label: "page_cache_misses_total", factory: factory)
        pageCacheSize = CoreMetrics.Gauge(label: "page_cache_bytes", factory: factory)
        poolIdle = CoreMetrics.Gauge(label: "db_pool_connections", dimensions: [("state", "idle")], factory: factory)
        poolInUse = CoreMetrics.Gauge(label: "db_pool_connections", dimensions: [("state", "in_use")], factory: factory)
        poolWaiting = CoreMetrics.Gauge(label: "db_pool_waiting", factory: factory)
        crmOutboxPending = CoreMetrics.Gauge(label: "crm_outbox_pending", factory: factory)
        crmOutboxOldestPending = CoreMetrics.Gauge(label: "crm_outbox_oldest_pending_seconds", factory: factory)
        emailOutboxPending = CoreMetrics.Gauge(label: "email_outbox_pending", factory: factory)
        outboxReadable = CoreMetrics.Gauge(label: "metrics_database_up", factory: factory)
        // Series that alerts divide by exist at 0 from the start, so a rate is 0 rather than absent.
        for language in Language.allCases {
            _ = CoreMetrics.Counter(label: "enrollments_total", dimensions: [("lang", language.rawValue)], factory: factory)
        }
        for kind in CRMKind.allCases {
            for outcome in DeliveryOutcome.allCases {
                _ = CoreMetrics.Counter(
                    label: "crm_deliveries_total", dimensions: [("integration", kind.rawValue), ("outcome", outcome.rawValue)], factory: factory)
            }
        }
    }

    // MARK: - Rendered-page cache (called by the cache in PageCache/)

    /// A public page answered from the cache.
    func pageCacheHit() { pageCacheHits.increment() }

    /// A public page that had to be rendered (and may now be cached).
    func pageCacheMiss() { pageCacheMisses.increment() }

    /// The bytes the cache holds now.
    func pageCacheBytes(_ bytes: Int) { pageCacheSize.record(bytes) }

    // MARK: - Requests, deliveries, enrollments

    /// One answered request. `route` is a route pattern or a fixed name ("static", "unmatched"),
    /// never a raw path.
    func request(route: String, method: String, status: UInt, duration: Duration) {
        // Each series is looked up in the registry once, then kept: the registry builds and
        // hashes its label set on every `make`, a measurable part of a cached page.
        let series = RequestSeries(route: route, method: method, status: status)
        let (counter, timer) = requestSeries.withLockedValue { known in
            if let found = known[series] { return found }
            let made = (
                CoreMetrics.Counter(
                    label: "http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory),
                CoreMetrics.Timer(label: "http_request_duration_seconds", dimensions: [("route", route)], factory: factory))
            known[series] = made
            return made
        }
        counter.increment()
        timer.record(duration: duration)
    }

    private struct RequestSeries: Hashable {
        let route: String
        let method: String
        let status: UInt
    }

    /// Bounded: routes are patterns, methods a fixed list, statuses what the app answers.
    private let requestSeries = NIOLockedValueBox<[RequestSeries: (CoreMetrics.Counter, CoreMetrics.Timer)]>([:])

    /// One delivery attempt recorded by the CRM worker; `integration` is the CRM kind
    /// (`webhook`, `hubspot`…), or `unknown` when the integration was deleted meanwhile.
    func crmDelivery(integration: String, outcome: DeliveryOutcome) {
        CoreMetrics.Counter(
            label: "crm_deliveries_total", dimensions: [("integration", integration), ("outcome", outcome.rawValue)], factory: factory
        ).increment()
    }

    /// An enrollment stored for the first time (not a resubmission of the same form).
    func enrollmentStored(language: Language) {
        CoreMetrics.Counter(label: "enrollments_total", dimensions: [("lang", language.rawValue)], factory: factory).increment()
    }

    // MARK: - Read at scrape time

    func poolConnections(_ counts: PostgresConnectionCounts) {
        poolIdle.record(counts.idle)
        poolInUse.record(counts.inUse)
        poolWaiting.record(counts.waiting)
    }

    /// The outboxes' backlog as read from PostgreSQL; nil when it could not be read (the gauges
    /// keep their last values and `metrics_database_up` drops to 0).
    func outboxes(_ backlog: OutboxBacklog?) {
        guard let backlog else { return outboxReadable.record(0) }
        outboxReadable.record(1)
        crmOutboxPending.record(backlog.crmPending)
        crmOutboxOldestPending.record(backlog.crmOldestPendingSeconds)
        emailOutboxPending.record(backlog.emailPending)
    }

    struct OutboxBacklog: Sendable {
        var crmPending: Int
        var crmOldestPendingSeconds: Double
        var emailPending: Int
    }

    /// Everything registered, in the Prometheus text format (version 0.0.4).
    func exposition() -> [UInt8] { registry.emitToBuffer() }

    // MARK: - The global MetricsSystem

    private static let globalBootstrapDone = NIOLockedValueBox(false)

    /// Hands this registry to swift-metrics' global `MetricsSystem` (for libraries that report
    /// through it). Only the first call in a process does it: `MetricsSystem.bootstrap` must not run
    /// twice. Returns whether this call did.
    @discardableResult
    func bootstrapMetricsSystem() -> Bool {
        let first = Self.globalBootstrapDone.withLockedValue { done in
            defer { done = true }
            return !done
        }
        if first { MetricsSystem.bootstrap(factory) }
        return first
    }
}
