@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// The catalog search finds what people type: French without accents or capitals, Arabic with
/// another alef, ه for ة, ي for ى, tatweel or diacritics. Titles come first.
final class SearchTests: XCTestCase {
    func titles(_ harness: AppHarness, _ path: String) async throws -> String {
        let page = try await harness.get(path)
        XCTAssertEqual(page.status, 200, path)
        return page.text
    }

    func testNormalSpellingsFindTheCourses() async throws {
        let harness = try await AppHarness.start()
        let qualite = try await titles(harness, "/fr/formations?q=QUALITE")
        XCTAssertTrue(qualite.contains("Management de la qualité ISO 9001:2015"), "accents and case are ignored")
        let alef = try await titles(harness, "/ar/formations?q=" + TestHTTP.formEncode("ادارة"))
        XCTAssertTrue(alef.contains("إدارة الفرق والقيادة"), "a bare alef finds إ")
        XCTAssertTrue(alef.contains("إدارة الجودة وفق معيار ISO 9001:2015"))
        let teh = try await titles(harness, "/ar/formations?q=" + TestHTTP.formEncode("الجوده"))
        XCTAssertTrue(teh.contains("إدارة الجودة وفق معيار ISO 9001:2015"), "ه finds ة")
        let tatweel = try await titles(harness, "/ar/formations?q=" + TestHTTP.formEncode("الجـودَة"))
        XCTAssertTrue(tatweel.contains("إدارة الجودة وفق معيار ISO 9001:2015"), "tatweel and diacritics are ignored")
        let nothing = try await titles(harness, "/fr/formations?q=" + TestHTTP.formEncode("100%_sûr"))
        XCTAssertFalse(nothing.contains("Management de la qualité"), "% and _ are literal")
        await harness.stop()
    }

    func testTheDatabaseNormalisesBothSidesTheSameWay() async throws {
        let harness = try await AppHarness.start(demoData: false)
        let pairs = [("Qualité", "qualite"), ("ÉLÈVE Çà", "eleve ca"), ("إدارة", "ادارة"), ("أحمد", "احمد"), ("آمال", "امال"),
                     ("مستشفى", "مستشفي"), ("الجودة", "الجوده"), ("الجـــودة", "الجوده"), ("مُدَرِّب", "مدرب")]
        for (stored, typed) in pairs {
            let same: Bool = try await harness.app.pool.query("SELECT bcos_search_text($1) = bcos_search_text($2) AS same", [stored, typed]).first!.decode("same")
            XCTAssertTrue(same, "\(stored) ~ \(typed)")
        }
        await harness.stop()
    }
}
