@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// PostgreSQL stops while the site runs: visitors get a 503 page, and the first request after it
/// is back succeeds (broken connections are replaced, not reused).
final class OutageTests: XCTestCase {
    func testDatabaseRestartGives503ThenRecovers() async throws {
        let harness = try await AppHarness.start()
        let slug: String = try await harness.app.pool.query("SELECT slug FROM formations WHERE is_published AND is_active LIMIT 1").first!.decode("slug")
        let path = "/fr/formations/\(slug)"
        // Warm the pool so it holds connections that the restart will break.
        for _ in 0..<3 { _ = try await harness.get(path) }

        try TestEnvironment.pgctl(["-m", "fast", "stop"])
        let during = try await harness.get(path)
        XCTAssertEqual(during.status, 503)
        XCTAssertEqual(during.header("retry-after"), "5")
        XCTAssertTrue(during.text.contains(Messages.text("error_503_title", in: .fr)))
        XCTAssertFalse(during.text.contains("PostgresError"), "no internals on the page")
        let readiness = try await harness.get("/readyz")
        XCTAssertEqual(readiness.status, 503)

        try TestEnvironment.pgctl(["start"])
        let after = try await harness.get(path)
        XCTAssertEqual(after.status, 200, "the first request after the restart succeeds")
        await harness.stop()
    }
}
