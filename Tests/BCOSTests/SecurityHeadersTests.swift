@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// Every response carries the security headers; HSTS only when the site is served over https.
final class SecurityHeadersTests: XCTestCase {
    func testEveryKindOfResponseCarriesTheHeadersAndHSTSFollowsBaseURL() async throws {
        let harness = try await AppHarness.start { $0.baseURL = "https://formation.example.ma" }
        for path in ["/fr/", "/admin/login", "/fr/formations/nope", "/favicon.svg", "/sitemap.xml"] {
            let response = try await harness.get(path)
            let policy = try XCTUnwrap(response.header("content-security-policy"), path)
            XCTAssertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(path): no inline script")
            XCTAssertTrue(policy.contains("frame-ancestors 'none'"), path)
            XCTAssertEqual(response.header("x-content-type-options"), "nosniff", path)
            XCTAssertEqual(response.header("referrer-policy"), "strict-origin-when-cross-origin", path)
            XCTAssertTrue(response.header("strict-transport-security")?.hasPrefix("max-age=") == true, path)
        }
        let login = try await harness.get("/admin/login")
        XCTAssertFalse(login.text.contains("<script>"), "admin pages use scripts from Public/ only")
        await harness.stop()

        let plain = try await AppHarness.start()
        let response = try await plain.get("/fr/")
        XCTAssertNil(response.header("strict-transport-security"), "no HSTS on plain http")
        await plain.stop()
    }
}
