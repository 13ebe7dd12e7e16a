@testable import BCOS
import Foundation
import TestSupport
import XCTest

final class CoursePageTests: XCTestCase {
    var harness: AppHarness!

    override func setUp() async throws {
        harness = try await AppHarness.start()
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    func testFrenchCoursePageRendersFromTheDatabase() async throws {
        let slug = try await publishedSlug()
        let title: String = try await harness.app.pool.query("SELECT title_fr FROM formations WHERE slug = $1", [slug]).first!.decode("title_fr")
        let page = try await harness.get("/fr/formations/\(slug)")
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(page.header("content-type"), "text/html; charset=utf-8")
        XCTAssertTrue(page.text.contains("<html lang=\"fr\" dir=\"ltr\">"))
        XCTAssertTrue(page.text.contains(HTMLEscape.text(title)), "the French title is on the page")
        XCTAssertTrue(page.text.contains("<link rel=\"canonical\" href=\"http://127.0.0.1/fr/formations/\(slug)\">"))
        XCTAssertTrue(page.text.contains("hreflang=\"ar\" href=\"http://127.0.0.1/ar/formations/\(slug)\""))
    }

    func testCardsAndStructuredDataShowTheTTCComputedFromHTWhenNoneIsStored() async throws {
        try await harness.app.pool.query(
            "UPDATE formations SET price_ht = 1000, vat_rate = 20, price_ttc = NULL WHERE slug = $1", [Demo.publishedSlug])
        let catalog = try await harness.get("/fr/formations")
        XCTAssertTrue(catalog.text.contains("1\u{202F}200,00 MAD"), "the card shows TTC, as the course page does")
        XCTAssertFalse(catalog.text.contains("1\u{202F}000,00 MAD"), "never the HT amount as if it were the price")
        let page = try await harness.get("/fr/formations/\(Demo.publishedSlug)")
        XCTAssertTrue(page.text.contains("\"price\":\"1200\""), "search engines get the TTC too")
    }

    func testArabicCoursePageIsRightToLeft() async throws {
        let slug = try await publishedSlug()
        let title: String = try await harness.app.pool.query("SELECT title_ar FROM formations WHERE slug = $1", [slug]).first!.decode("title_ar")
        let page = try await harness.get("/ar/formations/\(slug)")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("<html lang=\"ar\" dir=\"rtl\">"))
        XCTAssertTrue(page.text.contains(title))
        XCTAssertTrue(page.text.contains(Messages.text("course_objectives", in: .ar)))
        XCTAssertFalse(page.text.contains(Messages.text("course_objectives", in: .fr)), "no French interface text on an Arabic page")
    }

    func testUnknownSlugAndDraftAre404InTheVisitorsLanguage() async throws {
        let missing = try await harness.get("/ar/formations/does-not-exist")
        XCTAssertEqual(missing.status, 404)
        XCTAssertTrue(missing.text.contains(Messages.text("error_404_title", in: .ar)))
        XCTAssertTrue(missing.text.contains("dir=\"rtl\""))
        let draft: String = try await harness.app.pool.query("SELECT slug FROM formations WHERE NOT is_published LIMIT 1").first!.decode("slug")
        let hidden = try await harness.get("/fr/formations/\(draft)")
        XCTAssertEqual(hidden.status, 404)
        XCTAssertTrue(hidden.text.contains(Messages.text("error_404_title", in: .fr)))
    }

    func testRootRedirectsByAcceptLanguage() async throws {
        let arabic = try await harness.get("/", headers: [("Accept-Language", "ar-MA,ar;q=0.9,fr;q=0.5")])
        XCTAssertEqual(arabic.status, 302)
        XCTAssertEqual(arabic.header("location"), "/ar/")
        let fallback = try await harness.get("/", headers: [("Accept-Language", "en-US")])
        XCTAssertEqual(fallback.header("location"), "/fr/")
    }

    func testHealthAndReadiness() async throws {
        let health = try await harness.get("/healthz")
        XCTAssertEqual(health.status, 200)
        let ready = try await harness.get("/readyz")
        XCTAssertEqual(ready.status, 200)
        XCTAssertEqual(ready.text, "ready\n")
        try await harness.app.pool.query("DELETE FROM schema_migrations WHERE name = '002_crm_integration.sql'")
        let notReady = try await harness.get("/readyz")
        XCTAssertEqual(notReady.status, 503)
        XCTAssertTrue(notReady.text.contains("002_crm_integration.sql"))
    }

    func testStylesheetIsServedWithSecurityHeaders() async throws {
        let page = try await harness.get("/fr/formations/\(try await publishedSlug())")
        let css = try XCTUnwrap(page.text.range(of: "/css/site\\.css\\?v=[0-9a-f]+", options: .regularExpression).map { String(page.text[$0]) })
        let sheet = try await harness.get(css)
        XCTAssertEqual(sheet.status, 200)
        XCTAssertEqual(sheet.header("cache-control"), "public, max-age=31536000, immutable")
        XCTAssertTrue(sheet.text.contains("margin-inline"))
        XCTAssertEqual(page.header("x-content-type-options"), "nosniff")
        XCTAssertTrue(page.header("content-security-policy")?.contains("script-src 'self'") == true)
    }

    private func publishedSlug() async throws -> String {
        try await harness.app.pool.query("SELECT slug FROM formations WHERE is_published AND is_active ORDER BY slug LIMIT 1").first!.decode("slug")
    }
}

enum HTMLEscape {
    static func text(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
