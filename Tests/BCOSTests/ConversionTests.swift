@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// Per-course conversion (#16): page views counted in memory, written in one flush, shown with
/// the enrollments and the rate per course page and landing page.
final class ConversionTests: XCTestCase {
    func testViewsAreCountedFlushedAndShownWithEnrollmentsAndTheRate() async throws {
        let harness = try await AppHarness.start()
        let course = "/fr/formations/\(Demo.publishedSlug)"
        for _ in 0..<3 { _ = try await harness.get(course) }
        _ = try await harness.get("/ar/formations/\(Demo.publishedSlug)")
        for _ in 0..<2 { _ = try await harness.get(course + "/presentation") }
        let missing = try await harness.get("/fr/formations/pas-de-formation")
        XCTAssertEqual(missing.status, 404)
        // One more French view: the fixture opens the page to get its form.
        let (enrolled, _) = try await EnrollmentFixtures.enroll(harness)
        XCTAssertEqual(enrolled.status, 303)

        let before: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM course_page_views").first!.decode("n")
        XCTAssertEqual(before, 0, "nothing is written per visit")
        try await harness.app.pageViews.flush(harness.app.database)
        _ = try await harness.get(course)
        try await harness.app.pageViews.flush(harness.app.database)
        let stored = try await harness.app.pool.query(
            "SELECT page, language, views FROM course_page_views ORDER BY page, language").rows.map {
                "\(try $0.decode("page", as: String.self))/\(try $0.decode("language", as: String.self))=\(try $0.decode("views", as: Int.self))"
            }
        XCTAssertEqual(stored, ["course/ar=1", "course/fr=5", "landing/fr=2"], "a second flush adds to the day's row")

        let client = try await AdminClient.signedIn(harness, email: "conversion@bcos.ma", landing: "/admin")
        let report = try await client.get("/admin/conversion?jours=7")
        XCTAssertEqual(report.status, 200)
        XCTAssertTrue(report.text.contains("<td>Fiche formation (français)</td><td>5</td><td>1</td><td>20,0\u{00A0}%</td>"), "views, enrollments, rate")
        XCTAssertTrue(report.text.contains("<td>Page de présentation (français)</td><td>2</td><td>0</td><td>0,0\u{00A0}%</td>"))
        XCTAssertTrue(report.text.contains("<td>Fiche formation (arabe)</td><td>1</td><td>0</td>"))
        XCTAssertTrue(report.text.contains("<option value=\"7\" selected>7 jours</option>"))
        let odd = try await client.get("/admin/conversion?jours=abc")
        XCTAssertEqual(odd.status, 200, "an unknown period falls back to 30 days")
        XCTAssertTrue(odd.text.contains("<option value=\"30\" selected>30 jours</option>"))
        await harness.stop()
    }

    func testAViewCountsForTheSitesDayInCasablanca() {
        // 23:30 UTC on 31 December 2026 is already 1 January in Casablanca (UTC+1).
        XCTAssertEqual(PageViewCounter.day(Date(timeIntervalSince1970: 1_798_759_800)), "2027-01-01")
        XCTAssertEqual(PageViewCounter.day(Date(timeIntervalSince1970: 1_798_700_000)), "2026-12-31")
    }

    func testTheRateIsWrittenTheFrenchWay() {
        XCTAssertEqual(ConversionRoutes.rate(1, of: 24), "4,2\u{00A0}%")
        XCTAssertEqual(ConversionRoutes.rate(3, of: 3), "100,0\u{00A0}%")
        XCTAssertEqual(ConversionRoutes.rate(2, of: 0), "—", "enrollments without counted views have no rate")
        XCTAssertEqual(ConversionRoutes.rate(19, of: 6), "—", "never a rate above 100 %")
    }
}
