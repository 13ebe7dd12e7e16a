@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// The course cache (of course data, under the rendered-page cache) never serves a stale page: an
/// edit made outside this instance (another instance, psql) shows on the very next request. With
/// the page cache off, so that this cache alone is tested (`PageCacheTests` tests the other).
final class CourseCacheTests: XCTestCase {
    func testEditsFromAnywhereShowOnTheNextRequest() async throws {
        let harness = try await AppHarness.start { $0.pageCacheEnabled = false }
        let path = "/fr/formations/\(Demo.publishedSlug)"
        let before = try await harness.get(path)
        XCTAssertTrue(before.text.contains("Management d&#39;équipe et leadership"))
        _ = try await harness.get(path)  // served from the cache

        // Straight SQL on the database, as another instance or an operator would.
        try await harness.app.pool.query("UPDATE formations SET title_fr = 'Leadership au quotidien' WHERE slug = $1", [Demo.publishedSlug])
        let retitled = try await harness.get(path)
        XCTAssertTrue(retitled.text.contains("<h1 lang=\"fr\" dir=\"ltr\">Leadership au quotidien</h1>"))

        try await harness.app.pool.query("""
            UPDATE categories SET name_fr = 'Management et RH' WHERE id = (SELECT category_id FROM formations WHERE slug = $1)
            """, [Demo.publishedSlug])
        let recategorised = try await harness.get(path)
        XCTAssertTrue(recategorised.text.contains("Management et RH"), "a category edit reaches the course page too")

        try await harness.app.pool.query("UPDATE formations SET is_published = false WHERE slug = $1", [Demo.publishedSlug])
        let unpublished = try await harness.get(path)
        XCTAssertEqual(unpublished.status, 404)
        await harness.stop()
    }
}
