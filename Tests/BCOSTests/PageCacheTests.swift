@testable import BCOS
import Foundation
import HTTPServer
import Templating
import TestSupport
import XCTest

/// #18: public pages come from the rendered-page cache and are never stale. Changes made through
/// the admin show on this instance's very next request; changes made anywhere else (another
/// instance, psql) show as soon as their notification arrives; a lost listener empties and
/// bypasses the cache; each visitor still gets a token and tracking inputs of their own.
final class PageCacheTests: XCTestCase {
    static let courseID = SessionTests.courseID
    static let slug = SessionTests.slug
    static let path = "/fr/formations/\(slug)"
    static let categoryID = "00000000-0000-4000-8000-0000000000c1"

    private func hits(_ harness: AppHarness) async throws -> Int {
        try await counter(harness, "page_cache_hits_total")
    }

    private func counter(_ harness: AppHarness, _ name: String) async throws -> Int {
        let metrics = try await harness.get("/metrics").text
        let line = metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return Int(Double(line?.split(separator: " ").last ?? "") ?? -1)
    }

    /// Requests `path` until it is served from the cache (at most a few times).
    private func warm(_ harness: AppHarness, _ path: String) async throws {
        _ = try await harness.get(path)
        let before = try await hits(harness)
        _ = try await harness.get(path)
        let after = try await hits(harness)
        XCTAssertEqual(after, before + 1, "\(path) is served from the cache once rendered")
    }

    func testEachVisitorGetsTheirOwnTokenAndTrackingFromOneCachedPage() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        try await warm(harness, Self.path)
        let google = try await harness.get(Self.path + "?utm_source=google&utm_campaign=rentr%C3%A9e")
        let hostile = try await harness.get(Self.path, headers: [("Referer", "https://evil.example/?q=\"><script>alert(1)</script>")])
        let plain = try await harness.get(Self.path)
        let tokens = try [google, hostile, plain].map { try EnrollmentFixtures.token(from: $0.text) }
        XCTAssertEqual(Set(tokens).count, 3, "three visitors, three tokens")
        XCTAssertTrue(google.text.contains("<input type=\"hidden\" name=\"utm_source\" value=\"google\">"))
        XCTAssertTrue(google.text.contains("<input type=\"hidden\" name=\"utm_campaign\" value=\"rentrée\">"))
        XCTAssertFalse(plain.text.contains("utm_source"), "one visitor's tracking never reaches another")
        XCTAssertFalse(plain.text.contains("name=\"ref\""))
        XCTAssertTrue(hostile.text.contains("name=\"ref\" value=\"https://evil.example/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""),
                      "a spliced value is escaped as {{ }} escapes")
        XCTAssertFalse(hostile.text.contains("<script>alert(1)"))
        XCTAssertFalse(plain.text.contains("pagehole"), "no marker is left in a page")
        // Blank the tokens and tracking: the three pages are otherwise the same bytes.
        func blanked(_ html: String) -> String {
            html.replacingOccurrences(of: "value=\"[A-Za-z0-9_-]{76}\"", with: "", options: .regularExpression)
                .replacingOccurrences(of: "<input type=\"hidden\" name=\"(utm_[a-z]+|ref)\" value=\"[^\"]*\">\n", with: "", options: .regularExpression)
        }
        XCTAssertEqual(blanked(google.text), blanked(plain.text))
        XCTAssertEqual(blanked(hostile.text), blanked(plain.text))

        // Both visitors' tokens are good for an enrollment (each is signed for the course).
        let first = try await EnrollmentFixtures.enroll(harness, slug: Self.slug, overrides: ["email": "un@example.com"])
        let second = try await EnrollmentFixtures.enroll(harness, slug: Self.slug, overrides: ["email": "deux@example.com"])
        expect(303, first.response)
        expect(303, second.response)
        XCTAssertNotEqual(first.token, second.token)
        let stored: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM enrollments WHERE email IN ('un@example.com', 'deux@example.com')")
            .first!.decode("n")
        XCTAssertEqual(stored, 2, "two visitors of one cached page are two enrollments, never taken for a double submission")
    }

    /// A hit is answered on the event loop, without the middleware's async forms (see
    /// `Responder.respondImmediately`): it must still be everything the rendered page is — the
    /// same headers (security headers, the visitor's request id), counted in the metrics by
    /// route and as a view of the course, with its own token.
    func testAPageAnsweredAtOnceIsTheRenderedPage() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let before = try await hits(harness)
        let missesBefore = try await counter(harness, "page_cache_misses_total")
        let rendered = try await harness.get(Self.path, headers: [("X-Request-Id", "visit-one")])
        let cached = try await harness.get(Self.path, headers: [("X-Request-Id", "visit-two")])
        let hitsAfter = try await hits(harness)
        let missesAfter = try await counter(harness, "page_cache_misses_total")
        XCTAssertEqual(hitsAfter, before + 1, "the second request was a hit")
        XCTAssertEqual(missesAfter, missesBefore + 1, "the first was one miss, counted once although asked at once first")
        expect(200, rendered)
        expect(200, cached)
        XCTAssertEqual(rendered.header("x-request-id"), "visit-one")
        XCTAssertEqual(cached.header("x-request-id"), "visit-two", "the visitor's id comes back from a hit too")
        let names = { (response: HTTPTestResponse) in Set(response.headers.map { $0.0.lowercased() }) }
        XCTAssertEqual(names(cached), names(rendered), "a hit carries the same headers as the rendered page")
        for name in ["content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy", "etag", "cache-control"] {
            XCTAssertEqual(cached.header(name) == nil, false, name)
            if name != "etag" { XCTAssertEqual(cached.header(name), rendered.header(name), name) }
        }
        XCTAssertNotEqual(try EnrollmentFixtures.token(from: cached.text), try EnrollmentFixtures.token(from: rendered.text))

        let metrics = try await harness.get("/metrics").text
        XCTAssertEqual(MetricsTests.value(metrics, #"http_requests_total{route="/{lang}/formations/{slug}",method="GET",status="200"}"#), 2,
                       "the hit is counted under its route")
        try await harness.app.pageViews.flush(harness.app.database)
        let views: Int = try await harness.app.pool.query(
            "SELECT coalesce(sum(views), 0)::int AS n FROM course_page_views WHERE page = 'course' AND language = 'fr'").first!.decode("n")
        XCTAssertEqual(views, 2, "the hit counts as a view of the course")

        // The hit went the immediate way: the whole chain answers it without waiting; a page not
        // in the cache, an admin page and a copy to revalidate with its token do not.
        let chain = harness.app.responder()
        XCTAssertNotNil(chain.respondImmediately(to: try Request(method: .GET, uri: Self.path)))
        XCTAssertNil(chain.respondImmediately(to: try Request(method: .GET, uri: "/ar/formations/\(Self.slug)")))
        XCTAssertNil(chain.respondImmediately(to: try Request(method: .GET, uri: "/admin")))
        let etag = try XCTUnwrap(cached.header("etag"))
        XCTAssertNil(chain.respondImmediately(to: try Request(method: .GET, uri: Self.path, headers: ["if-none-match": etag])),
                     "a copy whose token must be looked up is answered the slow way")
    }

    func testGzipAndConditionalRequestsFromTheCache() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        for path in [Self.path, "/ar/formations/\(Self.slug)", "/fr/", "/ar/formations", "/sitemap.xml", "/fr/confidentialite"] {
            try await warm(harness, path)
            let zipped = try await harness.get(path, headers: [("Accept-Encoding", "gzip, br")])
            XCTAssertEqual(zipped.header("content-encoding"), "gzip", path)
            XCTAssertEqual(zipped.header("vary"), "Accept-Encoding", path)
            let inflated = try XCTUnwrap(Gunzip.inflate(zipped.body), "\(path): a valid gzip member")
            let plain = try await harness.get(path, headers: [("Accept-Encoding", "gzip;q=0, identity")])
            XCTAssertNil(plain.header("content-encoding"), "q=0 refuses gzip")
            func blanked(_ bytes: [UInt8]) -> String {
                String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "[A-Za-z0-9_-]{76}", with: "", options: .regularExpression)
            }
            XCTAssertEqual(blanked(inflated), blanked(plain.body), "\(path): the gzipped page is the page")
            XCTAssertTrue(inflated.count > zipped.body.count * 2, "\(path): compressed \(inflated.count) → \(zipped.body.count) bytes")

            let etag = try XCTUnwrap(plain.header("etag"), path)
            let again = try await harness.get(path, headers: [("If-None-Match", etag)])
            XCTAssertEqual(again.status, 304, "\(path): an unchanged page is not sent again")
            XCTAssertEqual(again.header("etag"), etag)
        }
        // A used token's page is not reused: the visitor gets a fresh form.
        let (enrolled, token) = try await EnrollmentFixtures.enroll(harness, slug: Self.slug)
        expect(303, enrolled)
        let page = try await harness.get(Self.path)
        let etag = try XCTUnwrap(page.header("etag"))
        let used = etag.replacingOccurrences(of: "[A-Za-z0-9_-]{76}", with: token, options: .regularExpression)
        let fresh = try await harness.get(Self.path, headers: [("If-None-Match", used)])
        XCTAssertEqual(fresh.status, 200)
        XCTAssertNotEqual(try EnrollmentFixtures.token(from: fresh.text), token)
    }

    func testAFailedSubmissionIsNeverCached() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        try await warm(harness, Self.path)
        let (failed, _) = try await EnrollmentFixtures.enroll(harness, slug: Self.slug, overrides: ["email": "pas-une-adresse"])
        expect(422, failed)
        XCTAssertTrue(failed.text.contains("pas-une-adresse"))
        let next = try await harness.get(Self.path)
        XCTAssertEqual(next.status, 200)
        XCTAssertFalse(next.text.contains("pas-une-adresse"), "the next visitor never sees another's answers")
        XCTAssertFalse(next.text.contains("class=\"error-summary\""))
    }

    /// Course, category, session and seats, changed through the admin: the very next request shows it.
    func testAdminChangesShowOnTheNextRequest() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let admin = try await AdminClient.signedIn(harness, email: "cache@bcos.ma")
        let home = "/fr/"
        try await warm(harness, Self.path)
        try await warm(harness, home)

        // A category renamed.
        let category = try await admin.get("/admin/categories/\(Self.categoryID)/edit")
        var fields = Self.formFields(category.text)
        fields["name_fr"] = "Leadership et équipes"
        expect(303, try await admin.post("/admin/categories/\(Self.categoryID)/edit", fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        let renamed = try await harness.get(Self.path)
        XCTAssertTrue(renamed.text.contains("Leadership et équipes"), "the course page shows its category's new name")
        let homePage = try await harness.get(home)
        XCTAssertTrue(homePage.text.contains("Leadership et équipes"))

        // A session added, with 5 seats.
        try await warm(harness, Self.path)
        let noSession = try await harness.get(Self.path)
        XCTAssertFalse(noSession.text.contains("name=\"session_id\""))
        expect(303, try await SessionTests.addSession(admin, ["seats": "5"]))
        let withSession = try await harness.get(Self.path)
        XCTAssertTrue(withSession.text.contains("name=\"session_id\""), "the new session is on the next page")
        XCTAssertTrue(withSession.text.contains("5 places restantes"))

        // A seat taken by an enrollment.
        try await warm(harness, Self.path)
        expect(303, try await EnrollmentFixtures.enroll(harness, slug: Self.slug).response)
        let seatTaken = try await harness.get(Self.path)
        XCTAssertTrue(seatTaken.text.contains("4 places restantes"), "the seat count is the next request's")

        // The course retitled in its editor.
        try await warm(harness, Self.path)
        let editor = try await admin.get("/admin/formations/\(Self.courseID)/edit")
        var course = Self.formFields(editor.text)
        XCTAssertEqual(course["title_fr"], "Management d'équipe et leadership", "the editor's form is read as a browser sends it")
        course["title_fr"] = "Diriger une équipe"
        expect(303, try await admin.post("/admin/formations/\(Self.courseID)/edit", course.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        let retitled = try await harness.get(Self.path)
        XCTAssertTrue(retitled.text.contains(">Diriger une équipe</h1>"), "the new title is on the next page")
        let catalog = try await harness.get("/fr/formations")
        XCTAssertTrue(catalog.text.contains("Diriger une équipe"), "and in the catalog")
    }

    /// Changes made by another instance, or in SQL, reach this instance's cache through NOTIFY.
    func testChangesFromAnotherInstanceAndFromSQLReachTheCache() async throws {
        let first = try await AppHarness.start()
        let second = try await AppHarness.start(demoData: false, sharing: first)
        defer { Task { await second.stop(); await first.stop() } }
        try await warm(second, Self.path)
        try await warm(second, "/fr/formations")

        // A session added on the first instance shows on the second.
        let admin = try await AdminClient.signedIn(first, email: "cache@bcos.ma")
        expect(303, try await SessionTests.addSession(admin, ["seats": "3"]))
        try await second.settlePageCache()
        let onSecond = try await second.get(Self.path)
        XCTAssertTrue(onSecond.text.contains("3 places restantes"), "another instance's change reached this one")

        // An enrollment on the second instance takes a seat the first instance shows.
        try await warm(first, Self.path)
        expect(303, try await EnrollmentFixtures.enroll(second, slug: Self.slug).response)
        try await first.settlePageCache()
        let onFirst = try await first.get(Self.path)
        XCTAssertTrue(onFirst.text.contains("2 places restantes"))

        // Straight SQL, as an operator or an import would: course, category, session, seats.
        let edits: [(sql: String, shows: String)] = [
            ("UPDATE formations SET title_fr = 'Leadership au quotidien' WHERE id = '\(Self.courseID)'", ">Leadership au quotidien</h1>"),
            ("UPDATE categories SET name_fr = 'Management et RH' WHERE id = '\(Self.categoryID)'", "Management et RH"),
            ("UPDATE formation_sessions SET city = 'Tanger' WHERE formation_id = '\(Self.courseID)'", "Tanger"),
            ("UPDATE enrollments SET status = 'cancelled' WHERE session_id IS NOT NULL", "3 places restantes"),
        ]
        for edit in edits {
            try await warm(second, Self.path)
            try await first.app.pool.query(edit.sql)
            // Not "settle": the notification alone must get there, within a moment.
            let start = ContinuousClock.now
            try await eventually("\(edit.sql) shows on the other instance", timeout: .seconds(5)) {
                try await second.get(Self.path).text.contains(edit.shows)
            }
            XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
        }
    }

    /// A legal page is in every footer: a change to it in SQL drops every page, and the footer
    /// is read again before pages are kept again.
    func testALegalPageChangeReachesEveryFooter() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        for path in [Self.path, "/fr/", "/ar/formations"] { try await warm(harness, path) }
        try await harness.app.pool.query("UPDATE legal_pages SET phone = '+212 522 99 88 77' WHERE slug = 'contact'")
        for path in [Self.path, "/fr/", "/ar/formations"] {
            try await eventually("\(path) shows the new phone number", timeout: .seconds(5)) {
                try await harness.get(path).text.contains("+212 522 99 88 77")
            }
        }
    }

    /// A lost LISTEN connection empties and bypasses the cache; once back, pages are cached and dropped again.
    func testALostListenerNeverServesAnOldPage() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let cache = try XCTUnwrap(harness.app.pageCache)
        try await warm(harness, Self.path)
        try await harness.app.pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN page_cache'")
        try await eventually("the cache notices its listener is gone", timeout: .seconds(5)) { !cache.isServing }
        XCTAssertEqual(cache.count, 0, "emptied when the listener went")
        // A change now is seen at once: nothing is served from the cache.
        try await harness.app.pool.query("UPDATE formations SET title_fr = 'Pendant la coupure' WHERE id = '\(Self.courseID)'")
        let duringOutage = try await harness.get(Self.path)
        XCTAssertTrue(duringOutage.text.contains(">Pendant la coupure</h1>"))
        XCTAssertEqual(cache.count, 0, "nothing is kept while the listener is away")

        try await eventually("the listener reconnects", timeout: .seconds(10)) { cache.isServing }
        try await warm(harness, Self.path)
        try await harness.app.pool.query("UPDATE formations SET title_fr = 'Après la coupure' WHERE id = '\(Self.courseID)'")
        try await eventually("a change after the reconnection drops the page", timeout: .seconds(5)) {
            try await harness.get(Self.path).text.contains(">Après la coupure</h1>")
        }
    }

    /// Catalog addresses are keyed by the query as the page reads it; addresses that name no
    /// category or an unoffered month are answered but never kept (they could fill the cache).
    func testCatalogKeysAreNormalisedAndJunkIsNotKept() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let cache = try XCTUnwrap(harness.app.pageCache)
        try await warm(harness, "/fr/formations?categorie=management-leadership")
        let kept = cache.count
        let before = try await hits(harness)
        _ = try await harness.get("/fr/formations?utm_source=x&categorie=management-leadership&zzz=1")
        let after = try await hits(harness)
        XCTAssertEqual(after, before + 1, "extra parameters reach the same cached page")
        for junk in ["categorie=inconnue", "categorie=inconnue2", "mois=2031-05"] {
            let page = try await harness.get("/fr/formations?\(junk)")
            XCTAssertEqual(page.status, 200, junk)
        }
        XCTAssertEqual(cache.count, kept, "no page kept for a category or month that does not exist")
    }

    func testPageCacheOffRendersEveryRequest() async throws {
        let harness = try await AppHarness.start { $0.pageCacheEnabled = false }
        defer { Task { await harness.stop() } }
        XCTAssertNil(harness.app.pageCache)
        let first = try await harness.get(Self.path)
        try await harness.app.pool.query("UPDATE formations SET title_fr = 'Sans cache' WHERE id = '\(Self.courseID)'")
        let uncached = try await harness.get(Self.path)
        XCTAssertTrue(uncached.text.contains(">Sans cache</h1>"))
        let second = try await harness.get(Self.path)
        XCTAssertNotEqual(try EnrollmentFixtures.token(from: first.text), try EnrollmentFixtures.token(from: second.text))
        let hitCount = try await hits(harness)
        XCTAssertEqual(hitCount, 0)
        // Still compressed for a client that accepts it, by the server instead of the cache.
        let zipped = try await harness.get(Self.path, headers: [("Accept-Encoding", "gzip")])
        XCTAssertEqual(zipped.header("content-encoding"), "gzip")
        let inflated = try XCTUnwrap(Gunzip.inflate(zipped.body))
        XCTAssertTrue(String(decoding: inflated, as: UTF8.self).contains(">Sans cache</h1>"))
    }

    /// The least recently used page goes first, and the budget is never exceeded.
    func testMemoryIsBoundedWithLeastRecentlyUsedEviction() throws {
        let cache = PageCache(capacityBytes: 40_000, metrics: nil)
        cache.listenerConnected()
        func page(_ size: Int) -> CachedPage {
            CachedPage(.html(Array(repeating: UInt8(ascii: "a"), count: size)), facts: PageFacts(tags: [.catalog]), compress: false)
        }
        for key in ["a", "b", "c"] { cache.store(page(10_000), under: key, ticket: cache.ticket()) }
        XCTAssertNotNil(cache.page("a"))  // a is now the most recent
        cache.store(page(10_000), under: "d", ticket: cache.ticket())
        XCTAssertNil(cache.page("b"), "the least recently used page made room")
        XCTAssertNotNil(cache.page("a"))
        XCTAssertLessThanOrEqual(cache.byteCount, 40_000)
        cache.store(page(50_000), under: "huge", ticket: cache.ticket())
        XCTAssertNil(cache.page("huge"), "a page over the whole budget is not kept")

        // A render that started before a change it depends on is not kept.
        let ticket = cache.ticket()
        cache.invalidate([.catalog])
        cache.store(page(100), under: "late", ticket: ticket)
        XCTAssertNil(cache.page("late"))
        XCTAssertEqual(cache.count, 0, "every catalog page was dropped")
    }

    func testNotificationPayloads() {
        let id = UUID()
        XCTAssertEqual(PageChange(payload: "catalog,course:\(id.uuidString.lowercased())"), .tags([.catalog, .course(id)]))
        XCTAssertEqual(PageChange(payload: "category:\(id)"), .tags([.category(id)]))
        XCTAssertEqual(PageChange(payload: "sync:abc:12"), .sync(instance: "abc", number: 12))
        for unreadable in ["all", "", "course:nope", "catalog:x", "sync:abc", "sync:a:b", "tea"] {
            XCTAssertEqual(PageChange(payload: unreadable), .everything, "\(unreadable) drops everything")
        }
    }

    /// Generated pages with markers anywhere, against a plain string replacement; and the gzip
    /// assembled from pieces against zlib's own inflate.
    func testSplicingAndGzipAgainstAReference() throws {
        let alphabet = Array("ab <>\"'&\ninput=é".utf8)
        try Fuzz.run("page splicing", budget: .seconds(2), maxIterations: 3_000) { random in
            var html = ""
            var reference = ""
            let token = String(decoding: random.bytes(from: Array("ABCxyz019_-".utf8), count: 76), as: UTF8.self)
            let tracking = (0..<Int(random.next() % 3)).map { HiddenInput(name: "utm_\($0)", value: String(decoding: random.bytes(from: alphabet, count: 5), as: UTF8.self)) }
            var placedTracking = false
            for _ in 0..<Int(random.next() % 6) {
                let text = String(decoding: random.bytes(from: alphabet, count: Int(random.next() % 300)), as: UTF8.self)
                html += text
                reference += text
                if random.chance(0.5) {
                    html += "<input value=\"\(PageHoles.token)\">"
                    reference += "<input value=\"\(token)\">"
                } else if !placedTracking {
                    placedTracking = true
                    html += "<input type=\"hidden\" name=\"\(PageHoles.trackingName)\" value=\"\(PageHoles.trackingValue)\">\n"
                    for input in tracking {
                        reference += "<input type=\"hidden\" name=\"\(HTMLEscaping.escape(input.name))\" value=\"\(HTMLEscaping.escape(input.value))\">\n"
                    }
                }
            }
            let template = PageTemplate(splitting: Array(html.utf8))
            let fills = template.fill(token: token, tracking: tracking)
            let joined = template.joined(fills).flatMap { Array($0.readableBytesView) }
            guard joined == Array(reference.utf8) else {
                throw FuzzMismatch("spliced\n\(String(decoding: joined, as: UTF8.self))\nexpected\n\(reference)")
            }
            let pieces = try XCTUnwrap(GzipPieces(fixed: template.fixedBytes))
            guard let inflated = Gunzip.inflate(pieces.assemble(fills: fills)), inflated == joined else {
                throw FuzzMismatch("gzip of \(template.fixed.count) pieces does not inflate to the page")
            }
        }
    }

    /// The values a browser would send for an admin form as rendered: inputs, text areas, the
    /// selected option of each select, checked boxes and radios (the submit buttons aside).
    static func formFields(_ html: String) -> [String: String] {
        var fields: [String: String] = [:]
        func attribute(_ name: String, in tag: String) -> String? {
            guard let range = tag.range(of: " \(name)=\"[^\"]*\"", options: .regularExpression) else { return nil }
            return HTMLEntities.unescape(String(tag[range].dropFirst(name.count + 3).dropLast()))
        }
        func matches(_ pattern: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { Range($0.range, in: html).map { String(html[$0]) } }
        }
        for tag in matches("<input[^>]*>") {
            guard let name = attribute("name", in: tag) else { continue }
            let type = attribute("type", in: tag) ?? "text"
            if ["checkbox", "radio"].contains(type), !tag.contains(" checked") { continue }
            if ["submit", "button", "file"].contains(type) { continue }
            fields[name] = attribute("value", in: tag) ?? (type == "checkbox" ? "on" : "")
        }
        for area in matches("<textarea[^>]*>.*?</textarea>") {
            guard let open = area.range(of: ">"), let name = attribute("name", in: String(area[..<open.upperBound])) else { continue }
            fields[name] = HTMLEntities.unescape(String(area[open.upperBound...].dropLast("</textarea>".count)))
        }
        for select in matches("<select[^>]*>.*?</select>") {
            guard let open = select.range(of: ">"), let name = attribute("name", in: String(select[..<open.upperBound])) else { continue }
            let options = select.components(separatedBy: "<option").dropFirst()
            let chosen = options.first { $0.contains(" selected") } ?? options.first
            if let chosen { fields[name] = attribute("value", in: "<option" + chosen) ?? "" }
        }
        return fields
    }
}
