@testable import BCOS
import Foundation
import Postgres
import TestSupport
import XCTest

/// The consent box of enrollment forms: required, linking to the privacy policy (and to the
/// terms of sale when the course shows a price), and stored with the enrollment: the wording the
/// visitor read, when, and the privacy policy's version.
final class ConsentTests: XCTestCase {
    var harness: AppHarness!
    /// A published demo course without sessions, given the default form for these tests.
    static let courseID = "00000000-0000-4000-8000-0000000000f1"
    static let slug = Demo.publishedSlug

    override func setUp() async throws {
        harness = try await AppHarness.start()
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    func useDefaultForm(priced: Bool = true) async throws {
        try await harness.app.pool.query("UPDATE formations SET inscription_form_fields = '[]'::jsonb WHERE id = $1", [Self.courseID])
        if !priced {
            try await harness.app.pool.query("UPDATE formations SET price = NULL, price_ht = NULL, price_ttc = NULL WHERE id = $1", [Self.courseID])
        }
    }

    func consentRow(_ token: String) async throws -> Row {
        let rows = try await harness.app.pool.query("""
            SELECT id, consent_text, consent_version, consent_at IS NOT NULL AND consent_at > NOW() - interval '1 minute' AS recent,
                   form_data->>'consent' AS answer
            FROM enrollments WHERE submission_token = $1
            """, [token])
        return try XCTUnwrap(rows.first)
    }

    func testTheDefaultFormEndsWithARequiredConsentLinkingThePolicies() async throws {
        try await useDefaultForm()
        let french = try await harness.get("/fr/formations/\(Self.slug)")
        let box = try XCTUnwrap(french.text.range(of: "<input type=\"checkbox\" id=\"f-consent\" name=\"consent\" value=\"on\" required>"),
                                "a required consent box")
        XCTAssertNil(french.text[box.upperBound...].range(of: "id=\"f-"), "it is the form's last field")
        XCTAssertTrue(french.text.contains("<a href=\"/fr/cgv\">conditions générales de vente</a>"), "a priced course links the terms of sale")
        XCTAssertTrue(french.text.contains("<a href=\"/fr/confidentialite\">politique de confidentialité</a>"))
        XCTAssertFalse(french.text.contains("](/"), "the markup never shows")
        let arabic = try await harness.get("/ar/formations/\(Self.slug)")
        XCTAssertTrue(arabic.text.contains("<a href=\"/ar/confidentialite\">سياسة الخصوصية</a>"))
        XCTAssertTrue(arabic.text.contains("<a href=\"/ar/cgv\">الشروط العامة للبيع</a>"))

        // Without a price, no terms of sale.
        try await harness.app.pool.query("UPDATE formations SET price = NULL, price_ht = NULL, price_ttc = NULL WHERE id = $1", [Self.courseID])
        let free = try await harness.get("/fr/formations/\(Self.slug)")
        XCTAssertTrue(free.text.contains("name=\"consent\""))
        XCTAssertTrue(free.text.contains("<a href=\"/fr/confidentialite\">politique de confidentialité</a>"))
        XCTAssertFalse(free.text.contains("<a href=\"/fr/cgv\">conditions générales de vente</a>"), "no terms of sale without a price")
        XCTAssertTrue(free.text.contains("<li><a href=\"/fr/cgv\">"), "the footer still links them")
    }

    func testAnUncheckedConsentIsRefusedInTheVisitorsLanguageWithTheInputKept() async throws {
        try await useDefaultForm()
        for (language, message) in [("fr", "Cette case doit être cochée."), ("ar", "يجب تحديد هذه الخانة.")] {
            let (response, token) = try await EnrollmentFixtures.enroll(harness, language: language, overrides: ["consent": ""])
            XCTAssertEqual(response.status, 422, language)
            XCTAssertTrue(response.text.contains("<html lang=\"\(language)\""), language)
            XCTAssertTrue(response.text.contains(message), language)
            XCTAssertTrue(response.text.contains("value=\"Salma Bennani\""), "\(language): the input is kept")
            XCTAssertTrue(response.text.contains("value=\"salma.bennani@example.ma\""), language)
            XCTAssertTrue(response.text.contains("name=\"consent\" value=\"on\" required aria-invalid=\"true\""), language)
            // The error summary names the box in words, without its markup or nested links.
            let summary = try XCTUnwrap(response.text.range(of: "<a href=\"#f-consent\">[^<]*</a>", options: .regularExpression), language)
            XCTAssertFalse(response.text[summary].contains("["), language)
            let stored: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM enrollments WHERE submission_token = $1", [token]).first!.decode("n")
            XCTAssertEqual(stored, 0, language)
        }
    }

    func testTheConsentIsStoredWithItsWordingTimeAndPolicyVersion() async throws {
        try await useDefaultForm(priced: false)
        let (french, frenchToken) = try await EnrollmentFixtures.enroll(harness)
        XCTAssertEqual(french.status, 303)
        let row = try await consentRow(frenchToken)
        XCTAssertEqual(try row.decode("consent_text", as: String.self),
                       "J’accepte le traitement de mes données personnelles par BCOS Formation pour gérer mon inscription, comme le décrit la politique de confidentialité.")
        XCTAssertEqual(try row.decode("consent_version", as: Int.self), 1, "the demo policy's version")
        XCTAssertTrue(try row.decode("recent", as: Bool.self))
        XCTAssertEqual(try row.decode("answer", as: String.self), "true")

        // The policy changes: later consents name the new version, earlier ones keep theirs.
        let client = try await AdminClient.signedIn(harness, email: "dpo@bcos.ma")
        let editor = try await client.get("/admin/pages-legales/confidentialite")
        let version = try XCTUnwrap(LegalPageTests.formVersion(editor.text))
        let saved = try await client.post("/admin/pages-legales/confidentialite", [
            ("version", version), ("title_fr", ""), ("title_ar", ""), ("body_fr", "<p>Nouvelle version.</p>"),
            ("body_ar", "<p>نسخة جديدة.</p>"), ("action", "save"),
        ])
        XCTAssertEqual(saved.status, 303)
        let (arabic, arabicToken) = try await EnrollmentFixtures.enroll(harness, language: "ar")
        XCTAssertEqual(arabic.status, 303)
        let arabicRow = try await consentRow(arabicToken)
        XCTAssertEqual(try arabicRow.decode("consent_text", as: String.self),
                       "أوافق على معالجة BCOS للتكوين لمعطياتي الشخصية من أجل تدبير تسجيلي، كما توضح ذلك سياسة الخصوصية.", "the Arabic wording, links as text")
        XCTAssertEqual(try arabicRow.decode("consent_version", as: Int.self), 2)
        let frenchAgain = try await consentRow(frenchToken)
        XCTAssertEqual(try frenchAgain.decode("consent_version", as: Int.self), 1)

        // The admin's enrollment page shows it.
        let id = try arabicRow.decode("id", as: UUID.self).lowercasedString
        let detail = try await client.get("/admin/inscriptions/\(id)")
        XCTAssertEqual(detail.status, 200)
        XCTAssertTrue(detail.text.contains("<h2>Consentement</h2>"))
        XCTAssertTrue(detail.text.contains("<dd class=\"answer\" lang=\"ar\" dir=\"rtl\">أوافق على معالجة BCOS"))
        XCTAssertTrue(detail.text.contains("<dd>version 2 "))
        XCTAssertFalse(detail.text.contains("](/confidentialite)"), "labels read as text in the back office")
        // An enrollment without consent (made before the box existed) says so.
        try await harness.app.pool.query("UPDATE enrollments SET consent_text = NULL WHERE id = $1", [id])
        let older = try await client.get("/admin/inscriptions/\(id)")
        XCTAssertTrue(older.text.contains("Aucun consentement enregistré"))
    }

    func testTheDemoLandingPagesConsentPointsAtThePrivacyPolicyAndIsStored() async throws {
        let landing = try await harness.get("/fr/formations/\(Self.slug)/presentation")
        XCTAssertEqual(landing.status, 200)
        XCTAssertTrue(landing.text.contains("name=\"accept_terms\""))
        XCTAssertTrue(landing.text.contains("<a href=\"/fr/confidentialite\">politique de confidentialité</a>"))
        XCTAssertTrue(landing.text.contains("<a href=\"/fr/cgv\">conditions générales de vente</a>"))
        let privacy = try await harness.get("/fr/confidentialite")
        XCTAssertEqual(privacy.status, 200, "the page it points at exists")
        let arabic = try await harness.get("/ar/formations/\(Self.slug)/presentation")
        XCTAssertTrue(arabic.text.contains("<a href=\"/ar/confidentialite\">سياسة الخصوصية</a>"))

        // Its box is the consent of that form (it links to the policy): stored with the enrollment.
        let (response, token) = try await EnrollmentFixtures.enroll(harness)
        XCTAssertEqual(response.status, 303)
        let row = try await consentRow(token)
        XCTAssertEqual(try row.decode("consent_text", as: String.self),
                       "J’accepte les conditions générales de vente et le traitement de mes données personnelles par BCOS, décrit dans la politique de confidentialité.")
        XCTAssertEqual(try row.decode("consent_version", as: Int.self), 1)

        // A person's data export carries the consent, and reads the box's label as text.
        let client = try await AdminClient.signedIn(harness, email: "dpo@bcos.ma")
        let id = try row.decode("id", as: UUID.self).lowercasedString
        let export = try await client.get("/admin/inscriptions/\(id)/donnees.json")
        XCTAssertEqual(export.status, 200)
        XCTAssertTrue(export.text.contains("\"consent_version\""), "every column of the enrollment, the consent's too")
        func answers(_ value: Any) -> [[String: Any]] {
            if let object = value as? [String: Any] { return (object["field"] != nil ? [object] : []) + object.values.flatMap(answers) }
            return (value as? [Any])?.flatMap(answers) ?? []
        }
        let box = try XCTUnwrap(answers(try JSONSerialization.jsonObject(with: Data(export.body))).first { $0["field"] as? String == "accept_terms" })
        XCTAssertEqual(box["label_fr"] as? String,
                       "J’accepte les conditions générales de vente et le traitement de mes données personnelles par BCOS, décrit dans la politique de confidentialité.",
                       "the answer's label reads as text")
    }
}
