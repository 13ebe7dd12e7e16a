@testable import BCOS
import Foundation
import TestSupport
import XCTest

final class HTMLSanitizerTests: XCTestCase {
    func testAllowedMarkupSurvives() {
        let html = "<h2>Programme</h2><p>Jour <strong>1</strong> : <em>bases</em><br></p><ul><li>Un</li></ul>"
            + "<a href=\"https://bcos.ma/x?a=1&amp;b=2\">lien</a><table><tr><td colspan=\"2\">x</td></tr></table>"
        XCTAssertEqual(HTMLSanitizer.sanitize(html),
                       "<h2>Programme</h2><p>Jour <strong>1</strong> : <em>bases</em><br></p><ul><li>Un</li></ul>"
                       + "<a href=\"https://bcos.ma/x?a=1&amp;b=2\" rel=\"noopener noreferrer\">lien</a><table><tr><td colspan=\"2\">x</td></tr></table>")
    }

    func testScriptsHandlersStylesAndDangerousURLsNeverSurvive() {
        let attacks = [
            "<script>alert(1)</script>ok", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"jav&#x61;script:alert(1)\">x</a>", "<a href=\" JaVaScRiPt:alert(1)\">x</a>", "<iframe src=\"https://evil\"></iframe>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>", "<style>body{}</style>", "<svg onload=alert(1)>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "<<script>script>alert(1)<</script>/script>",
            "<p onclick=\"alert(1)\">x</p>", "<img src=\"javascript:alert(1)\">", "<scr<script>ipt>alert(1)</script>",
        ]
        for attack in attacks {
            let clean = HTMLSanitizer.sanitize(attack).lowercased()
            XCTAssertFalse(clean.contains("<script"), attack)
            XCTAssertFalse(clean.contains("javascript:"), attack)
            XCTAssertFalse(clean.contains("onerror") || clean.contains("onload") || clean.contains("onclick"), attack)
            XCTAssertFalse(clean.contains("<iframe") || clean.contains("style") || clean.contains("<svg") || clean.contains("data:"), attack)
        }
        XCTAssertEqual(HTMLSanitizer.sanitize("<script>alert(1)</script>ok"), "ok")
    }

    func testUnclosedTagsAreClosedAndTextIsEscaped() {
        XCTAssertEqual(HTMLSanitizer.sanitize("<p><strong>gras"), "<p><strong>gras</strong></p>")
        XCTAssertEqual(HTMLSanitizer.sanitize("a < b & c > d"), "a &lt; b &amp; c &gt; d")
        XCTAssertEqual(HTMLSanitizer.sanitize("{{mustache}} \u{202E}x"), "{{mustache}} \u{202E}x")
    }
}

final class TextFormattingTests: XCTestCase {
    /// `Slug.isValid` (byte scan) against the rule written plainly with Foundation.
    func testSlugValidityAgainstAPlainReference() throws {
        let pieces = ["a", "z", "0", "9", "-", "--", "A", "é", " ", "_", ".", "/", "ab", "x-y"]
        try Fuzz.run("slug validity", budget: .seconds(1), maxIterations: 20_000) { random in
            var slug = (0..<Int(random.next() % 8)).map { _ in random.element(of: pieces) }.joined()
            if random.chance(0.05) { slug = String(repeating: "a", count: 99 + Int(random.next() % 3)) }
            let reference = !slug.isEmpty && slug.count <= 100 && !slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.contains("--")
                && slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            guard Slug.isValid(slug) == reference else { throw FuzzMismatch("\(slug): \(Slug.isValid(slug)), expected \(reference)") }
        }
    }

    func testDurationsInArabic() {
        XCTAssertEqual(DurationText.localized("3 jours (21 heures)", in: .ar).text, "3 أيام (21 ساعة)")
        XCTAssertEqual(DurationText.localized("2 jours", in: .ar).text, "يومان")
        XCTAssertEqual(DurationText.localized("1 semaine", in: .ar).text, "أسبوع واحد")
        XCTAssertEqual(DurationText.localized("14 h", in: .ar).text, "14 ساعة")
        let unknown = DurationText.localized("Sur mesure", in: .ar)
        XCTAssertEqual(unknown.text, "Sur mesure")
        XCTAssertEqual(unknown.lang, "fr")
        XCTAssertEqual(DurationText.localized("3 jours", in: .fr).text, "3 jours")
    }

    func testPricesPerLanguage() {
        XCTAssertEqual(PriceFormatter.format(Decimal(string: "12500.5")!, currency: "MAD", in: .fr), "12\u{202F}500,50 MAD")
        XCTAssertEqual(PriceFormatter.format(Decimal(string: "828")!, currency: "EUR", in: .ar), "828,00 يورو")
    }

    func testSlugsFromFrenchTitles() {
        XCTAssertEqual(Slug.make(from: "Management d’équipe & leadership"), "management-d-equipe-leadership")
        XCTAssertEqual(Slug.make(from: "  Œuvre -- ÉTÉ 2027 !"), "oeuvre-ete-2027")
        XCTAssertTrue(Slug.isValid("excel-avance"))
        XCTAssertFalse(Slug.isValid("Excel avancé"))
        XCTAssertFalse(Slug.isValid("a--b"))
    }

    func testMessageCatalogsHaveTheSameKeys() {
        XCTAssertEqual(Set(Messages.french.keys), Set(Messages.arabic.keys))
        for (key, text) in Messages.arabic where !key.hasPrefix("site_name") {
            XCTAssertFalse(text.range(of: "[A-Za-z]{4,}", options: .regularExpression) != nil && !text.contains("BCOS") && !text.contains("example"),
                           "Arabic message \(key) contains Latin words: \(text)")
        }
    }

    func testLanguageNegotiation() {
        XCTAssertEqual(Language.negotiate(acceptLanguage: "ar-MA,ar;q=0.9,fr;q=0.8"), .ar)
        XCTAssertEqual(Language.negotiate(acceptLanguage: "fr-FR,fr;q=0.9,ar;q=0.8"), .fr)
        XCTAssertEqual(Language.negotiate(acceptLanguage: "en-US,ar;q=0.5"), .ar)
        XCTAssertEqual(Language.negotiate(acceptLanguage: nil), .fr)
    }
}
