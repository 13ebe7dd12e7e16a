@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// Landing pages: written or generated in the back office, activated, shown to visitors at
/// `/{lang}/formations/{slug}/presentation` with the course's enrollment form.
final class LandingPageTests: XCTestCase {
    static let leadership = "00000000-0000-4000-8000-0000000000f1"
    static let scrum = "00000000-0000-4000-8000-0000000000f2"
    static let scrumSlug = "gestion-de-projet-agile-avec-scrum"

    func signedIn(_ harness: AppHarness) async throws -> AdminClient {
        try await AdminClient.signedIn(harness, email: "landing@bcos.ma", landing: "/admin")
    }

    func testDemoLandingPagesAreServedInBothLanguagesWithTheEnrollmentForm() async throws {
        let harness = try await AppHarness.start()
        let french = try await harness.get("/fr/formations/\(Demo.publishedSlug)/presentation")
        XCTAssertEqual(french.status, 200)
        XCTAssertTrue(french.text.contains("<h1>Devenez le manager que votre équipe attend</h1>"))
        XCTAssertTrue(french.text.contains("Des outils immédiats"), "features are listed")
        XCTAssertTrue(french.text.contains(">Réserver ma place</a>"), "the call to action leads to the form")
        XCTAssertTrue(french.text.contains("name=\"via\" value=\"presentation\""), "the form says where it was filled in")
        XCTAssertTrue(french.text.contains("name=\"submission_token\""))
        XCTAssertTrue(french.text.contains("<meta name=\"keywords\" content=\"formation management, leadership"))
        XCTAssertTrue(french.text.contains("<link rel=\"canonical\" href=\"http://127.0.0.1/fr/formations/\(Demo.publishedSlug)/presentation\">"))
        XCTAssertTrue(french.text.contains("hreflang=\"ar\" href=\"http://127.0.0.1/ar/formations/\(Demo.publishedSlug)/presentation\""))

        let arabic = try await harness.get("/ar/formations/\(Demo.publishedSlug)/presentation")
        XCTAssertEqual(arabic.status, 200)
        XCTAssertTrue(arabic.text.contains("<html lang=\"ar\" dir=\"rtl\">"))
        XCTAssertTrue(arabic.text.contains("كن المدير الذي ينتظره فريقك"))
        XCTAssertFalse(arabic.text.contains("Ils témoignent"), "no French interface text, no empty testimonials section")
        XCTAssertFalse(french.text.contains("Salma B."), "the demo's example testimonial is not validated, so it is never published")
        XCTAssertFalse(french.text.contains("Ils témoignent"))

        let sitemap = try await harness.get("/sitemap.xml")
        XCTAssertTrue(sitemap.text.contains("<loc>http://127.0.0.1/ar/formations/\(Demo.publishedSlug)/presentation</loc>"))

        let none = try await harness.get("/fr/formations/\(LandingPageTests.scrumSlug)/presentation")
        XCTAssertEqual(none.status, 404, "a course without a landing page has none")
        await harness.stop()
    }

    func testAnAdminWritesActivatesAndDeactivatesALandingPage() async throws {
        let harness = try await AppHarness.start()
        let client = try await signedIn(harness)
        let editorPath = "/admin/formations/\(LandingPageTests.scrum)/presentation/fr"
        let empty = try await client.get(editorPath)
        XCTAssertEqual(empty.status, 200)
        XCTAssertTrue(empty.text.contains("Page de présentation (français)"))

        let invalid = try await client.post(editorPath, [
            ("title", ""), ("hero_content", "<p>Accroche gardée</p>"), ("feature_title_0", "Sprint réel"), ("action", "save"),
        ])
        XCTAssertEqual(invalid.status, 422)
        XCTAssertTrue(invalid.text.contains("Le titre est obligatoire."))
        XCTAssertTrue(invalid.text.contains("value=\"Sprint réel\""), "what the admin typed is kept")

        let saved = try await client.post(editorPath, [
            ("title", "Livrez en sprints dès lundi"), ("meta_description", "Scrum en pratique, en classe virtuelle."),
            ("hero_content", "<p>Accroche <strong>forte</strong></p><script>alert('x')</script><p onclick=\"steal()\">Clic</p>"),
            ("feature_title_0", "Sprint réel"), ("feature_description_0", "Vous vivez un sprint complet."),
            ("feature_title_1", ""), ("feature_description_1", ""),
            ("testimonial_name_0", "Karim E."), ("testimonial_role_0", "Product owner"), ("testimonial_quote_0", "Concret et utile."),
            ("testimonial_validated_0", "on"),
            ("testimonial_name_1", "Exemple IA"), ("testimonial_quote_1", "Un avis inventé par l’IA."),
            ("cta_text", "Je m’inscris"), ("seo_keywords", "scrum, agile ,  , gestion de projet"), ("is_active", "on"), ("action", "save"),
        ])
        XCTAssertEqual(saved.status, 303)
        let page = try await harness.get("/fr/formations/\(LandingPageTests.scrumSlug)/presentation")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("<h1>Livrez en sprints dès lundi</h1>"))
        XCTAssertTrue(page.text.contains("<p>Accroche <strong>forte</strong></p>"))
        XCTAssertFalse(page.text.contains("alert("), "scripts never reach visitors")
        XCTAssertFalse(page.text.contains("steal()"), "event handlers never reach visitors")
        XCTAssertTrue(page.text.contains("Concret et utile."), "a validated testimonial is published")
        XCTAssertFalse(page.text.contains("Un avis inventé"), "a testimonial nobody validated stays in the editor only")
        XCTAssertTrue(page.text.contains("content=\"scrum, agile, gestion de projet\""), "empty keywords are dropped")
        XCTAssertTrue(page.text.contains("<meta name=\"description\" content=\"Scrum en pratique, en classe virtuelle.\">"))
        XCTAssertTrue(page.text.contains("class=\"lang-switch\" href=\"/ar/formations/\(LandingPageTests.scrumSlug)\""),
                      "without an Arabic landing page the switcher leads to the Arabic course page")
        let keywords: [String] = try await harness.app.pool.query(
            "SELECT seo_keywords FROM landing_pages WHERE formation_id = $1 AND language = 'fr'", [UUID(uuidString: LandingPageTests.scrum)!]
        ).first!.decode("seo_keywords")
        XCTAssertEqual(keywords, ["scrum", "agile", "gestion de projet"])
        let arabic = try await harness.get("/ar/formations/\(LandingPageTests.scrumSlug)/presentation")
        XCTAssertEqual(arabic.status, 404)

        let reopened = try await client.get(editorPath)
        XCTAssertTrue(reopened.text.contains("value=\"Livrez en sprints dès lundi\""))
        XCTAssertTrue(reopened.text.contains("Voir la page publique"))
        XCTAssertTrue(reopened.text.contains("value=\"Exemple IA\""), "the unvalidated testimonial is kept for later")
        XCTAssertTrue(reopened.text.contains("name=\"testimonial_validated_0\" value=\"on\" checked"))
        XCTAssertFalse(reopened.text.contains("name=\"testimonial_validated_1\" value=\"on\" checked"))

        let deactivated = try await client.post(editorPath, [("title", "Livrez en sprints dès lundi"), ("action", "save")])
        XCTAssertEqual(deactivated.status, 303)
        let hidden = try await harness.get("/fr/formations/\(LandingPageTests.scrumSlug)/presentation")
        XCTAssertEqual(hidden.status, 404, "an inactive landing page is not shown")
        await harness.stop()
    }

    func testAnEnrollmentFromALandingPageComesBackToItOnErrorsAndRecordsItsSource() async throws {
        let harness = try await AppHarness.start()
        let path = "/fr/formations/\(Demo.publishedSlug)"
        let page = try await harness.get(path + "/presentation")
        let tokenRange = try XCTUnwrap(page.text.range(of: "name=\"submission_token\" value=\"[A-Za-z0-9_-]{76}\"", options: .regularExpression))
        let token = String(page.text[tokenRange].dropLast().suffix(76))
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: Demo.publishedSlug) }) else {
            return XCTFail("demo course missing")
        }
        let port = harness.port
        var answers: [(String, String)] = [("submission_token", token), ("website", ""), ("via", "presentation")]
        for field in DefaultForm.effectiveFields(for: course) {
            switch field.type {
            case .email: answers.append((field.name, "pas-une-adresse"))
            case .phone: answers.append((field.name, "+212 6 61 23 45 67"))
            case .date: answers.append((field.name, "2027-01-15"))
            case .select: answers.append((field.name, field.options?.first?.value ?? ""))
            case .checkbox: answers.append((field.name, field.options?.first?.value ?? "on"))
            case .textarea, .text: answers.append((field.name, field.name == "full_name" ? "Salma Bennani" : "Valeur"))
            }
        }
        let invalid = answers
        let refused = try await blocking { try TestHTTP.postForm(port: port, path + "/inscription", invalid) }
        XCTAssertEqual(refused.status, 422)
        XCTAssertTrue(refused.text.contains("<h1>Devenez le manager que votre équipe attend</h1>"), "the visitor stays on the landing page")
        XCTAssertTrue(refused.text.contains("aria-invalid=\"true\""))
        XCTAssertTrue(refused.text.contains("value=\"Salma Bennani\""))

        let valid = answers.map { $0.0 == "email" ? ($0.0, "salma.bennani@example.ma") : $0 }
        let accepted = try await blocking { try TestHTTP.postForm(port: port, path + "/inscription", valid) }
        XCTAssertEqual(accepted.status, 303)
        let source: String = try await harness.app.pool.query(
            "SELECT source FROM enrollments WHERE submission_token = $1", [token]).first!.decode("source")
        XCTAssertTrue(source.contains("page=presentation"), source)
        await harness.stop()
    }

    func testGenerationFillsTheEditorFromGeminiWithoutSaving() async throws {
        let gemini = FakeGemini()
        try await gemini.start()
        gemini.answer.withLockedValue {
            $0 = """
                ```json
                {"title": "Scrum sans jargon", "meta_description": "Trois jours pour livrer mieux.",
                 "hero_content": "<p>Une accroche</p><img src=x onerror=alert(1)><script>bad()</script>",
                 "features": [{"title": "Un vrai sprint", "description": "En équipe."}, {"title": "Des rôles clairs", "description": "PO, SM, équipe."}],
                 "testimonials": [{"name": "Nadia R.", "role": "Cheffe de projet", "quote": "Très concret."}],
                 "cta_text": "Je réserve", "seo_keywords": ["scrum", "agile"]}
                ```
                """
        }
        let port = gemini.port
        let harness = try await AppHarness.start { configuration in
            configuration.geminiAPIKey = "test-key"
            configuration.geminiModel = "gemini-test"
            configuration.geminiBaseURL = "http://127.0.0.1:\(port)"
        }
        let client = try await signedIn(harness)
        let editorPath = "/admin/formations/\(LandingPageTests.scrum)/presentation/ar"
        let editor = try await client.get(editorPath)
        XCTAssertFalse(editor.text.contains("Génération par IA indisponible"))
        let generated = try await client.post(editorPath, [("title", ""), ("action", "generate")])
        XCTAssertEqual(generated.status, 200)
        XCTAssertTrue(generated.text.contains("value=\"Scrum sans jargon\""))
        XCTAssertTrue(generated.text.contains("value=\"Des rôles clairs\""))
        XCTAssertTrue(generated.text.contains("&lt;p&gt;Une accroche&lt;/p&gt;"))
        XCTAssertFalse(generated.text.contains("bad()"), "the generated HTML passed the sanitizer")
        XCTAssertFalse(generated.text.contains("onerror"))
        XCTAssertTrue(generated.text.contains("remplacez les témoignages d’exemple"), "the admin is told generated testimonials are examples")
        XCTAssertTrue(generated.text.contains("name=\"generated\" value=\"1\""))
        let stored = try await harness.app.pool.query("SELECT count(*) AS n FROM landing_pages WHERE formation_id = $1", [UUID(uuidString: LandingPageTests.scrum)!])
        XCTAssertEqual(try stored.first!.decode("n", as: Int.self), 0, "nothing is saved until the admin saves")
        let call = try XCTUnwrap(gemini.received.withLockedValue { $0 }.last)
        XCTAssertTrue(call.prompt.contains("objet JSON"), "the prompt asks for the page's fields as JSON")
        XCTAssertTrue(call.prompt.contains("arabe"), "the prompt asks for Arabic")
        XCTAssertEqual(gemini.mimeTypes.withLockedValue { $0 }.last, "application/json")

        let saved = try await client.post(editorPath, [("title", "Scrum sans jargon"), ("generated", "1"), ("is_active", "on"), ("action", "save")])
        XCTAssertEqual(saved.status, 303)
        let generatedAt = try await harness.app.pool.query(
            "SELECT generated_at IS NOT NULL AS g FROM landing_pages WHERE formation_id = $1 AND language = 'ar'", [UUID(uuidString: LandingPageTests.scrum)!])
        XCTAssertEqual(try generatedAt.first!.decode("g", as: Bool.self), true)

        gemini.answer.withLockedValue { $0 = "Désolé, je ne peux pas." }
        let unreadable = try await client.post(editorPath, [("title", "Scrum sans jargon"), ("action", "generate")])
        XCTAssertEqual(unreadable.status, 502)
        XCTAssertTrue(unreadable.text.contains("La réponse de Gemini n’est pas au format attendu."))
        XCTAssertTrue(unreadable.text.contains("value=\"Scrum sans jargon\""), "the editor keeps what was there")
        await harness.stop()
        await gemini.stop()
    }
}
