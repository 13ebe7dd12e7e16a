@testable import BCOS
import Foundation
import HTTPServer
import TestSupport
import XCTest

/// `/metrics`: the Prometheus text format, for loopback clients or the bearer token only, with
/// routes labelled by pattern and the application's own counters and gauges.
final class MetricsTests: XCTestCase {
    static let token = "metrics-token-0123456789abcdef"

    func testLoopbackClientGetsTheTextFormatWithEveryMetric() async throws {
        let harness = try await AppHarness.start(demoData: false)
        _ = try await harness.get("/healthz")
        let response = try await harness.get("/metrics")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("content-type"), "text/plain; version=0.0.4; charset=utf-8")
        XCTAssertEqual(response.header("cache-control"), "no-store")
        let text = response.text
        for (name, type) in [
            ("http_requests_total", "counter"), ("http_request_duration_seconds", "histogram"),
            ("page_cache_hits_total", "counter"), ("page_cache_misses_total", "counter"), ("page_cache_bytes", "gauge"),
            ("db_pool_connections", "gauge"), ("crm_outbox_pending", "gauge"), ("crm_outbox_oldest_pending_seconds", "gauge"),
            ("crm_deliveries_total", "counter"), ("email_outbox_pending", "gauge"), ("enrollments_total", "counter"),
        ] {
            XCTAssertTrue(text.contains("# TYPE \(name) \(type)\n"), "\(name) is a \(type)")
        }
        XCTAssertEqual(Self.value(text, #"http_requests_total{route="/healthz",method="GET",status="200"}"#), 1)
        XCTAssertEqual(Self.value(text, #"http_request_duration_seconds_count{route="/healthz"}"#), 1)
        XCTAssertEqual(Self.value(text, #"http_request_duration_seconds_bucket{route="/healthz",le="+Inf"}"#), 1)
        XCTAssertNotNil(Self.value(text, #"db_pool_connections{state="idle"}"#))
        XCTAssertNotNil(Self.value(text, #"db_pool_connections{state="in_use"}"#))
        XCTAssertEqual(Self.value(text, "crm_outbox_pending"), 0)
        XCTAssertEqual(Self.value(text, "crm_outbox_oldest_pending_seconds"), 0)
        XCTAssertEqual(Self.value(text, "email_outbox_pending"), 0)
        XCTAssertEqual(Self.value(text, "metrics_database_up"), 1)
        XCTAssertEqual(Self.value(text, #"enrollments_total{lang="ar"}"#), 0, "the series exist before the first enrollment")
        XCTAssertEqual(Self.value(text, #"crm_deliveries_total{integration="webhook",outcome="failed"}"#), 0)

        // The scrape counts itself once it has answered; HEAD is served like GET.
        let port = harness.port
        let head = try await blocking { try TestHTTP.request(port: port, "HEAD", "/metrics") }
        XCTAssertEqual(head.status, 200)
        let again = try await harness.get("/metrics")
        XCTAssertEqual(Self.value(again.text, #"http_requests_total{route="/metrics",method="GET",status="200"}"#), 1)
        XCTAssertEqual(Self.value(again.text, #"http_requests_total{route="/metrics",method="HEAD",status="200"}"#), 1)

        // Without TRUST_PROXY, a request forwarded by a proxy on this machine is judged by the
        // address the proxy appended, not by the proxy's loopback connection.
        let forwarded = try await harness.get("/metrics", headers: [("X-Forwarded-For", "127.0.0.1, 203.0.113.9")])
        XCTAssertEqual(forwarded.status, 404)
        let forwardedLocal = try await harness.get("/metrics", headers: [("X-Forwarded-For", "127.0.0.1")])
        XCTAssertEqual(forwardedLocal.status, 200)
        await harness.stop()
    }

    func testBehindTheProxyOnlyTheTokenOpensMetricsAndOthersSeeAPlain404() async throws {
        let harness = try await AppHarness.start(demoData: false) { configuration in
            configuration.trustProxy = true
            configuration.metricsToken = Self.token
        }
        let visitor = [("X-Forwarded-For", "203.0.113.9")]
        let refused = try await harness.get("/metrics", headers: visitor)
        XCTAssertEqual(refused.status, 404)
        XCTAssertFalse(refused.text.contains("http_requests_total"))
        let unknown = try await harness.get("/no-such-page", headers: visitor)
        XCTAssertEqual(refused.text.replacingOccurrences(of: "/metrics", with: "/no-such-page"), unknown.text,
                       "the same 404 page as a path that does not exist")
        XCTAssertEqual(refused.header("content-type"), unknown.header("content-type"))

        let wrongToken = try await harness.get("/metrics", headers: visitor + [("Authorization", "Bearer metrics-token-0123456789abcdeX")])
        XCTAssertEqual(wrongToken.status, 404)
        let basic = try await harness.get("/metrics", headers: visitor + [("Authorization", "Basic \(Self.token)")])
        XCTAssertEqual(basic.status, 404, "only the Bearer scheme")
        let port = harness.port
        let post = try await blocking { try TestHTTP.request(port: port, "POST", "/metrics", headers: visitor) }
        let postElsewhere = try await blocking { try TestHTTP.request(port: port, "POST", "/no-such-page", headers: visitor) }
        XCTAssertEqual(post.status, postElsewhere.status, "another method answers as on any other path")
        XCTAssertEqual(post.header("allow"), postElsewhere.header("allow"))

        let withToken = try await harness.get("/metrics", headers: visitor + [("Authorization", "Bearer \(Self.token)")])
        XCTAssertEqual(withToken.status, 200)
        XCTAssertTrue(withToken.text.contains("# TYPE http_requests_total counter"))
        // `/{lang}` matches any one-segment path: the refused scrapes are its 404s, as `/no-such-page` is.
        XCTAssertEqual(
            Self.value(withToken.text, #"http_requests_total{route="/{lang}",method="GET",status="404"}"#), 4,
            "the refused scrapes count as what they got")
        XCTAssertNil(Self.value(withToken.text, #"http_requests_total{route="/metrics",method="GET",status="404"}"#))

        // The proxy's own client on this machine is local.
        let local = try await harness.get("/metrics", headers: [("X-Forwarded-For", "127.0.0.1")])
        XCTAssertEqual(local.status, 200)
        await harness.stop()
    }

    func testRoutesAreLabelledByTheirPatternNeverTheRawPath() async throws {
        let harness = try await AppHarness.start()
        let page = try await harness.get("/fr/formations/\(Demo.publishedSlug)")
        XCTAssertEqual(page.status, 200)
        _ = try await harness.get("/ar/formations/\(Demo.publishedSlug)")
        _ = try await harness.get("/fr/formations/no-such-course-xyz")
        _ = try await harness.get("/nowhere/at/all-abc")
        _ = try await harness.get("/css/site.css")
        let text = try await harness.get("/metrics").text

        XCTAssertEqual(Self.value(text, #"http_requests_total{route="/{lang}/formations/{slug}",method="GET",status="200"}"#), 2)
        XCTAssertEqual(Self.value(text, #"http_requests_total{route="/{lang}/formations/{slug}",method="GET",status="404"}"#), 1,
                       "a missing course is still its route's 404")
        XCTAssertEqual(Self.value(text, #"http_request_duration_seconds_count{route="/{lang}/formations/{slug}"}"#), 3)
        XCTAssertEqual(Self.value(text, #"http_requests_total{route="unmatched",method="GET",status="404"}"#), 1)
        XCTAssertEqual(Self.value(text, #"http_requests_total{route="static",method="GET",status="200"}"#), 1)
        for raw in [Demo.publishedSlug, "no-such-course-xyz", "nowhere", "all-abc", "site.css", "route=\"/fr"] {
            XCTAssertFalse(text.contains(raw), "no label carries the raw path (\(raw))")
        }
        await harness.stop()
    }

    func testAnEnrollmentIsCountedByLanguageAndItsDeliveryByOutcome() async throws {
        let fake = FakeCRMServer()
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        _ = try await CRMTestSupport.integrate(harness, kind: .webhook, config: CRMConfig(endpoint: fake.url + "/hooks/bcos"))
        let before = try await harness.get("/metrics").text
        XCTAssertEqual(Self.value(before, #"enrollments_total{lang="fr"}"#), 0)

        let (response, _) = try await EnrollmentFixtures.enroll(harness)
        XCTAssertEqual(response.status, 303)
        let stored = try await harness.get("/metrics").text
        XCTAssertEqual(Self.value(stored, #"enrollments_total{lang="fr"}"#), 1)
        XCTAssertEqual(Self.value(stored, #"enrollments_total{lang="ar"}"#), 0)
        XCTAssertEqual(Self.value(stored, "crm_outbox_pending"), 1, "no worker yet: the delivery waits in the outbox")
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(Self.value(stored, "crm_outbox_oldest_pending_seconds")), 0)

        let worker = harness.app.startDeliveryWorker()
        try await eventually("the delivery is recorded") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        await worker.stop()
        let delivered = try await harness.get("/metrics").text
        XCTAssertEqual(Self.value(delivered, #"crm_deliveries_total{integration="webhook",outcome="delivered"}"#), 1)
        XCTAssertEqual(Self.value(delivered, #"crm_deliveries_total{integration="webhook",outcome="failed"}"#), 0)
        XCTAssertEqual(Self.value(delivered, "crm_outbox_pending"), 0)
        XCTAssertEqual(Self.value(delivered, "crm_outbox_oldest_pending_seconds"), 0)
        await harness.stop()
        await fake.stop()
    }

    func testAnOldPendingDeliveryShowsItsAge() async throws {
        let harness = try await AppHarness.start(demoData: false)
        try await harness.app.pool.query("INSERT INTO crm_logs (status, created_at) VALUES ('pending', NOW() - interval '20 minutes')")
        try await harness.app.pool.query("INSERT INTO crm_logs (status, is_test) VALUES ('pending', true)")
        let text = try await harness.get("/metrics").text
        XCTAssertEqual(Self.value(text, "crm_outbox_pending"), 1, "test deliveries are not the outbox")
        let age = try XCTUnwrap(Self.value(text, "crm_outbox_oldest_pending_seconds"))
        XCTAssertTrue((1_195...1_300).contains(age), "\(age)")
        await harness.stop()
    }

    func testThePageCacheReportsThroughAppMetrics() async throws {
        let harness = try await AppHarness.start(demoData: false)
        let metrics = harness.app.metrics
        metrics.pageCacheHit()
        metrics.pageCacheHit()
        metrics.pageCacheMiss()
        metrics.pageCacheBytes(48_213)
        let text = try await harness.get("/metrics").text
        XCTAssertEqual(Self.value(text, "page_cache_hits_total"), 2)
        XCTAssertEqual(Self.value(text, "page_cache_misses_total"), 1)
        XCTAssertEqual(Self.value(text, "page_cache_bytes"), 48_213)
        await harness.stop()
    }

    func testEachApplicationHasItsOwnRegistryAndTheGlobalBootstrapRunsOnce() async throws {
        let first = AppMetrics()
        let second = AppMetrics()
        first.pageCacheHit()
        XCTAssertTrue(String(decoding: first.exposition(), as: UTF8.self).contains("page_cache_hits_total 1\n"))
        XCTAssertTrue(String(decoding: second.exposition(), as: UTF8.self).contains("page_cache_hits_total 0\n"))
        // Whichever call comes first in this process binds the global system; every later one is a no-op.
        _ = first.bootstrapMetricsSystem()
        XCTAssertFalse(second.bootstrapMetricsSystem())
        XCTAssertFalse(first.bootstrapMetricsSystem())
    }

    func testWhoCountsAsLocal() {
        XCTAssertTrue(MetricsAccess.isLocal(remoteAddress: "127.0.0.1", forwardedFor: []))
        XCTAssertTrue(MetricsAccess.isLocal(remoteAddress: "127.45.6.7", forwardedFor: []))
        XCTAssertTrue(MetricsAccess.isLocal(remoteAddress: "::1", forwardedFor: []))
        XCTAssertTrue(MetricsAccess.isLocal(remoteAddress: "::ffff:127.0.0.1", forwardedFor: []))
        XCTAssertFalse(MetricsAccess.isLocal(remoteAddress: nil, forwardedFor: []))
        XCTAssertFalse(MetricsAccess.isLocal(remoteAddress: "203.0.113.9", forwardedFor: []))
        XCTAssertFalse(MetricsAccess.isLocal(remoteAddress: "128.0.0.1", forwardedFor: []))
        XCTAssertFalse(MetricsAccess.isLocal(remoteAddress: "127.1", forwardedFor: []), "only canonical addresses")
        XCTAssertFalse(MetricsAccess.isLocal(remoteAddress: "::2", forwardedFor: []))
        XCTAssertFalse(MetricsAccess.isLocal(remoteAddress: "127.0.0.1", forwardedFor: ["203.0.113.9"]))
        XCTAssertFalse(MetricsAccess.isLocal(remoteAddress: "127.0.0.1", forwardedFor: ["127.0.0.1", "10.0.0.8"]), "the last entry counts")
        XCTAssertFalse(MetricsAccess.isLocal(remoteAddress: "127.0.0.1", forwardedFor: ["garbage"]))
        XCTAssertTrue(MetricsAccess.isLocal(remoteAddress: "127.0.0.1", forwardedFor: ["203.0.113.9, 127.0.0.1"]))
        XCTAssertEqual(MetricsAccess.bearerToken("Bearer abc"), "abc")
        XCTAssertEqual(MetricsAccess.bearerToken("bearer  abc "), "abc")
        XCTAssertNil(MetricsAccess.bearerToken("Bearer "))
        XCTAssertNil(MetricsAccess.bearerToken("Token abc"))
        XCTAssertEqual(MetricsMiddleware.methodLabel(.GET), "GET")
        XCTAssertEqual(MetricsMiddleware.methodLabel(.RAW(value: "BREW")), "other")
    }

    func testMetricsTokenIsReadFromTheEnvironment() {
        XCTAssertEqual(AppConfiguration.fromEnvironment(["METRICS_TOKEN": "abc"]).metricsToken, "abc")
        XCTAssertNil(AppConfiguration.fromEnvironment(["METRICS_TOKEN": ""]).metricsToken)
        XCTAssertNil(AppConfiguration.fromEnvironment([:]).metricsToken)
    }

    /// The value of the sample `series` (name with its labels, as written) in a text exposition.
    static func value(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
