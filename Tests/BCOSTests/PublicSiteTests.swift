@testable import BCOS
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HTTPServer
import TestSupport
import XCTest

final class PublicSiteTests: XCTestCase {
    var harness: AppHarness!

    override func setUp() async throws {
        harness = try await AppHarness.start()
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    func testHomeShowsCategoriesAndPopularCoursesInBothLanguages() async throws {
        let french = try await harness.get("/fr/")
        XCTAssertEqual(french.status, 200)
        XCTAssertTrue(french.text.contains("Management &amp; Leadership") || french.text.contains("Management"), "a category name")
        XCTAssertTrue(french.text.contains(Messages.text("home_popular", in: .fr)))
        XCTAssertTrue(french.text.contains("class=\"category-tile cat-"))
        let arabic = try await harness.get("/ar/")
        XCTAssertTrue(arabic.text.contains("<html lang=\"ar\" dir=\"rtl\">"))
        XCTAssertTrue(arabic.text.contains(Messages.text("home_categories", in: .ar)))
        XCTAssertTrue(arabic.text.contains("href=\"/fr/\" hreflang=\"fr\""), "the switcher leads to the same page in French")
    }

    func testCatalogSearchFiltersAndEmptyState() async throws {
        let all = try await harness.get("/fr/formations")
        XCTAssertEqual(all.status, 200)
        let published: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM formations WHERE is_published AND is_active").first!.decode("n")
        XCTAssertTrue(all.text.contains(Plural.text(.courseFound, count: published, in: .fr)))
        XCTAssertTrue(all.text.contains("\(published) formations trouvées"))

        let search = try await harness.get("/fr/formations?q=excel")
        XCTAssertTrue(search.text.contains("Excel"))
        XCTAssertFalse(search.text.contains("Fiscalité"))
        XCTAssertTrue(search.text.contains("value=\"excel\""), "the search box keeps the query")

        let arabicSearch = try await harness.get("/ar/formations?q=\(PercentDecoding.encode("الجودة"))")
        XCTAssertTrue(arabicSearch.text.contains("ISO 9001") || arabicSearch.text.contains("الجودة"))
        XCTAssertFalse(arabicSearch.text.contains(Messages.text("catalog_empty_title", in: .ar)), "Arabic text search finds the quality course")

        let online = try await harness.get("/fr/formations?en_ligne=1")
        let onlineCount: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM formations WHERE is_published AND is_active AND is_online").first!.decode("n")
        XCTAssertEqual(online.text.components(separatedBy: "<li class=\"card\">").count - 1, onlineCount)

        let level = try await harness.get("/fr/formations?niveau=avance&categorie=finance-comptabilite")
        XCTAssertEqual(level.text.components(separatedBy: "<li class=\"card\">").count - 1, 1)

        let nothing = try await harness.get("/ar/formations?q=%3Cscript%3Ezzz")
        XCTAssertEqual(nothing.status, 200)
        XCTAssertTrue(nothing.text.contains(Messages.text("catalog_empty_title", in: .ar)))
        XCTAssertTrue(nothing.text.contains("value=\"&lt;script&gt;zzz\""))
        XCTAssertTrue(nothing.text.contains("<meta name=\"robots\" content=\"noindex\">"))

        let wildcard = try await harness.get("/fr/formations?q=%25")
        XCTAssertTrue(wildcard.text.contains(Messages.text("catalog_empty_title", in: .fr)), "% is matched literally, not as a wildcard")
    }

    func testCatalogPaginationLinks() async throws {
        // 30 more published courses: three pages of 12.
        try await harness.app.pool.query("""
            INSERT INTO formations (slug, title_fr, title_ar, is_published, is_active)
            SELECT 'cours-' || n, 'Cours ' || n, 'دورة ' || n, true, true FROM generate_series(1, 30) AS n
            """)
        let first = try await harness.get("/fr/formations")
        XCTAssertTrue(first.text.contains("<link rel=\"next\" href=\"/fr/formations?page=2\">"))
        XCTAssertFalse(first.text.contains("rel=\"prev\""))
        let second = try await harness.get("/fr/formations?page=2")
        XCTAssertTrue(second.text.contains("<link rel=\"prev\" href=\"/fr/formations\">"))
        XCTAssertTrue(second.text.contains("<link rel=\"next\" href=\"/fr/formations?page=3\">"))
        XCTAssertTrue(second.text.contains("<span aria-current=\"page\">2</span>"))
        let beyond = try await harness.get("/fr/formations?page=99")
        XCTAssertEqual(beyond.status, 404)
    }

    func testCoursePageSEO() async throws {
        let slug = "management-d-equipe-et-leadership"
        let page = try await harness.get("/fr/formations/\(slug)")
        XCTAssertTrue(page.text.contains("<meta name=\"description\" content=\""))
        XCTAssertTrue(page.text.contains("<meta property=\"og:title\""))
        XCTAssertTrue(page.text.contains("hreflang=\"x-default\" href=\"http://127.0.0.1/fr/formations/\(slug)\""))
        let start = try XCTUnwrap(page.text.range(of: "<script type=\"application/ld+json\">"))
        let end = try XCTUnwrap(page.text.range(of: "</script>", range: start.upperBound..<page.text.endIndex))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(page.text[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        XCTAssertEqual(json["@type"] as? String, "Course")
        XCTAssertEqual(json["courseCode"] as? String, "BCOS-MGT-101")
        XCTAssertEqual(json["inLanguage"] as? String, "fr")
        let offers = try XCTUnwrap(json["offers"] as? [String: Any])
        XCTAssertEqual(offers["priceCurrency"] as? String, "MAD")
        XCTAssertEqual(offers["price"] as? String, "5400")
        XCTAssertEqual((json["provider"] as? [String: Any])?["name"] as? String, "BCOS")
    }

    func testCoursePageETagAnd304WhileTheTokenIsUnused() async throws {
        let path = "/fr/formations/management-d-equipe-et-leadership"
        let first = try await harness.get(path)
        let etag = try XCTUnwrap(first.header("etag"))
        let again = try await harness.get(path, headers: [("If-None-Match", etag)])
        XCTAssertEqual(again.status, 304)
        // Once the page's form token is used, the cached copy must not be reused.
        let token = String(etag.dropFirst(3).dropLast().split(separator: ".")[1])
        try await harness.app.pool.query("""
            INSERT INTO enrollments (full_name, email, phone, submission_token) VALUES ('x', 'x@example.ma', '0600000000', $1)
            """, [token])
        let after = try await harness.get(path, headers: [("If-None-Match", etag)])
        XCTAssertEqual(after.status, 200)
        XCTAssertNotEqual(after.header("etag"), etag)
    }

    func testRenamedCourseRedirectsPermanently() async throws {
        try await harness.app.pool.query("""
            INSERT INTO formation_slug_redirects (old_slug, formation_id)
            SELECT 'ancien-nom', id FROM formations WHERE slug = 'management-d-equipe-et-leadership'
            """)
        let response = try await harness.get("/ar/formations/ancien-nom")
        XCTAssertEqual(response.status, 301)
        XCTAssertEqual(response.header("location"), "/ar/formations/management-d-equipe-et-leadership")
    }

    func testSitemapAndRobots() async throws {
        let sitemap = try await harness.get("/sitemap.xml")
        XCTAssertEqual(sitemap.status, 200)
        XCTAssertEqual(sitemap.header("content-type"), "application/xml; charset=utf-8")
        let document = try XMLDocument(data: Data(sitemap.body))
        let locations = try document.nodes(forXPath: "//*[local-name()='loc']").compactMap(\.stringValue)
        let published: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM formations WHERE is_published AND is_active").first!.decode("n")
        let landings: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM landing_pages WHERE is_active").first!.decode("n")
        XCTAssertEqual(locations.count, (published + 2) * 2 + landings + LegalPageKind.allCases.count * 2,
                       "every course, the home and the catalog in both languages, the landing pages, and the four legal pages in both languages")
        XCTAssertTrue(locations.contains("http://127.0.0.1/ar/formations/management-d-equipe-et-leadership"))
        XCTAssertFalse(sitemap.text.contains("prise-de-parole-en-public-avec-impact"), "drafts stay out")
        XCTAssertTrue(sitemap.text.contains("<lastmod>"))
        XCTAssertTrue(sitemap.text.contains("hreflang=\"x-default\""))
        let robots = try await harness.get("/robots.txt")
        XCTAssertTrue(robots.text.contains("Disallow: /admin"))
        XCTAssertTrue(robots.text.contains("Sitemap: http://127.0.0.1/sitemap.xml"))
    }
}
