@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// The form-label markup (`[texte](/confidentialite)`): links to the four legal pages only,
/// everything else escaped text; checked on examples and, generatively, against a reference.
final class LabelMarkupTests: XCTestCase {
    func testLinksToTheFourLegalPagesInTheVisitorsLanguage() {
        XCTAssertEqual(LabelMarkup.html("J’accepte la [politique](/confidentialite).", in: .fr),
                       "J’accepte la <a href=\"/fr/confidentialite\">politique</a>.")
        XCTAssertEqual(LabelMarkup.html("أوافق على [الشروط](/cgv) و[سياسة الخصوصية](/confidentialite)", in: .ar),
                       "أوافق على <a href=\"/ar/cgv\">الشروط</a> و<a href=\"/ar/confidentialite\">سياسة الخصوصية</a>")
        XCTAssertEqual(LabelMarkup.html("[a](/mentions-legales)[b](/contact)", in: .fr),
                       "<a href=\"/fr/mentions-legales\">a</a><a href=\"/fr/contact\">b</a>")
        XCTAssertEqual(LabelMarkup.plainText("J’accepte les [CGV](/cgv) et la [politique](/confidentialite)."), "J’accepte les CGV et la politique.")
        XCTAssertEqual(LabelMarkup.pages("[CGV](/cgv) [x](/confidentialite) [y](/ailleurs)"), [.terms, .privacy])
    }

    func testEverythingElseStaysEscapedText() {
        // Other paths, addresses, schemes, a language already in the path: text as typed.
        for label in ["[ici](/admin)", "[ici](https://evil.example)", "[ici](javascript:alert(1))", "[ici](/fr/cgv)", "[ici](//cgv)",
                      "[ici] (/cgv)", "[](/cgv)", "[a[b]](/cgv)", "[ici](/cgv", "texte (/cgv)"] {
            XCTAssertEqual(LabelMarkup.html(label, in: .fr), HTMLEscape.text(label), label)
            XCTAssertEqual(LabelMarkup.plainText(label), label, label)
        }
        XCTAssertEqual(LabelMarkup.html("<script>alert('x')</script> & \"", in: .fr),
                       "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;")
        // Markup inside the link's text is escaped too.
        XCTAssertEqual(LabelMarkup.html("[<b>x</b>](/cgv)", in: .ar), "<a href=\"/ar/cgv\">&lt;b&gt;x&lt;/b&gt;</a>")
        // The innermost bracket starts the link, as a reader would expect.
        XCTAssertEqual(LabelMarkup.html("[a [b](/cgv)", in: .fr), "[a <a href=\"/fr/cgv\">b</a>")
    }

    /// The reference: one regular expression for the links, plain replacement for the escaping.
    static func reference(_ label: String, _ language: Language) -> String {
        // Scalar by scalar: `&` followed by a combining accent is one Character, still an `&`.
        func escape(_ text: String) -> String {
            let entities: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
            return text.unicodeScalars.map { entities[$0] ?? String($0) }.joined()
        }
        let link = try! NSRegularExpression(pattern: #"\[([^\[\]]+)\]\(/(mentions-legales|confidentialite|cgv|contact)\)"#)
        let text = label as NSString
        var output = ""
        var last = 0
        for match in link.matches(in: label, range: NSRange(location: 0, length: text.length)) {
            output += escape(text.substring(with: NSRange(location: last, length: match.range.location - last)))
            output += "<a href=\"/\(language.rawValue)/\(text.substring(with: match.range(at: 2)))\">\(escape(text.substring(with: match.range(at: 1))))</a>"
            last = match.range.location + match.range.length
        }
        return output + escape(text.substring(from: last))
    }

    /// Entities read back, by scalars (the only entities the escaping writes).
    static func unescape(_ html: String) -> [Unicode.Scalar] {
        let scalars = Array(html.unicodeScalars)
        let entities: [(String, Unicode.Scalar)] = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")]
        var output: [Unicode.Scalar] = []
        var index = 0
        outer: while index < scalars.count {
            for (entity, scalar) in entities {
                let pattern = Array(entity.unicodeScalars)
                if index + pattern.count <= scalars.count, Array(scalars[index..<(index + pattern.count)]) == pattern {
                    output.append(scalar)
                    index += pattern.count
                    continue outer
                }
            }
            output.append(scalars[index])
            index += 1
        }
        return output
    }

    static let allowedTag = try! NSRegularExpression(pattern: #"<a href="/(fr|ar)/(mentions-legales|confidentialite|cgv|contact)">|</a>"#)

    /// Generated labels, replayable (`BCOS_FUZZ_SEED`, `BCOS_FUZZ_CASE`): the renderer agrees with
    /// the reference, and its output holds no tag but the allowed links (nor a stray `<`, `>` or quote).
    func testGeneratedLabelsNeverYieldAnotherTag() throws {
        let pieces = [
            "[", "]", "(", ")", "/", "](", "](/", "confidentialite", "cgv", "contact", "mentions-legales", "/cgv", "/fr/cgv", "admin",
            "[texte](/cgv)", "[x](/confidentialite)", "<", ">", "&", "\"", "'", "<script>", "</a>", "<a href=\"/fr/cgv\">", "javascript:",
            "https://x.example", "&amp;", "&#39;", "\\", " ", "\n", "a", "é", "ع", "\u{064E}", "\u{0301}", "\u{202E}", "💥", "🇲🇦", "\u{00A0}",
        ]
        try Fuzz.run("label-markup", budget: .seconds(1)) { random in
            let label = (0..<Int.random(in: 0...14, using: &random)).map { _ in random.element(of: pieces) }.joined()
            let language = random.chance(0.5) ? Language.fr : .ar
            let html = LabelMarkup.html(label, in: language)
            let expected = LabelMarkupTests.reference(label, language)
            try Fuzz.expect(Array(html.unicodeScalars) == Array(expected.unicodeScalars), "label \(label.debugDescription): \(html.debugDescription) ≠ reference \(expected.debugDescription)")
            let withoutAllowed = LabelMarkupTests.allowedTag.stringByReplacingMatches(
                in: html, range: NSRange(html.startIndex..., in: html), withTemplate: "")
            try Fuzz.expect(!withoutAllowed.unicodeScalars.contains(where: { "<>\"".unicodeScalars.contains($0) }),
                            "a tag or quote other than the allowed links in \(html.debugDescription)")
            // The plain text is what the HTML reads as.
            try Fuzz.expect(LabelMarkupTests.unescape(withoutAllowed) == Array(LabelMarkup.plainText(label).unicodeScalars), "plain text of \(label.debugDescription)")
        }
    }

    func testWhatsAppNumbersAndTheConsentBox() {
        XCTAssertEqual(ContactDetails.whatsappDigits("+212 6 61 23 45 67"), "212661234567")
        XCTAssertEqual(ContactDetails.whatsappDigits("00212 661-234567"), "212661234567")
        XCTAssertEqual(ContactDetails.whatsappDigits("06 61 23 45 67"), "212661234567", "a Moroccan national number")
        XCTAssertEqual(ContactDetails.whatsappDigits("+33 6 12 34 56 78"), "33612345678")
        XCTAssertNil(ContactDetails.whatsappDigits("123"))
        XCTAssertNil(ContactDetails.whatsappDigits(""))
        XCTAssertEqual(ContactDetails(whatsapp: "+212 600 000 000").whatsappHref, "https://wa.me/212600000000")

        // The default form ends with the required consent box, linking the terms only when priced.
        let plain = DefaultForm.fields(showsPrice: false)
        let priced = DefaultForm.fields(showsPrice: true)
        XCTAssertEqual(plain.last?.name, "consent")
        XCTAssertEqual(plain.last?.required, true)
        XCTAssertEqual(plain.count, priced.count)
        XCTAssertEqual(LabelMarkup.pages(plain.last!.label_fr), [.privacy])
        XCTAssertEqual(LabelMarkup.pages(plain.last!.label_ar), [.privacy])
        XCTAssertEqual(LabelMarkup.pages(priced.last!.label_fr), [.terms, .privacy])
        XCTAssertEqual(LabelMarkup.pages(priced.last!.label_ar), [.terms, .privacy])
        XCTAssertEqual(Consent.field(in: plain)?.name, "consent")

        // A form of the builder: its box linking to the privacy policy is the consent.
        let box = FormField(id: "f9", name: "accept_terms", type: .checkbox, label_fr: "J’accepte la [politique](/confidentialite).",
                            label_ar: "أوافق على [السياسة](/confidentialite).", required: true, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 9)
        let newsletter = FormField(id: "f8", name: "newsletter", type: .checkbox, label_fr: "Newsletter", label_ar: "النشرة",
                                   required: false, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 8)
        XCTAssertEqual(Consent.field(in: [newsletter, box])?.name, "accept_terms")
        XCTAssertNil(Consent.field(in: [newsletter]))
        XCTAssertEqual(Consent.given(fields: [newsletter, box], answers: ["accept_terms": .flag(true)], language: .ar)?.text, "أوافق على السياسة.")
        XCTAssertNil(Consent.given(fields: [newsletter, box], answers: ["accept_terms": .flag(false)], language: .fr))
    }
}
