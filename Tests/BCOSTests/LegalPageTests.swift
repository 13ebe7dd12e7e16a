@testable import BCOS
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import XCTest

/// The legal pages (migration 014): served in both languages at fixed addresses with their SEO
/// links, linked from every footer with the contact details, listed in the sitemap, and written
/// by an admin (sanitized, versioned, audited).
final class LegalPageTests: XCTestCase {
    var harness: AppHarness!

    override func setUp() async throws {
        harness = try await AppHarness.start()
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    func testTheFourPagesInBothLanguagesWithTheirSEOLinks() async throws {
        let titles: [String: (String, String)] = [
            "mentions-legales": ("Mentions légales", "الإشعار القانوني"), "confidentialite": ("Politique de confidentialité", "سياسة الخصوصية"),
            "cgv": ("Conditions générales de vente", "الشروط العامة للبيع"), "contact": ("Contact", "اتصل بنا"),
        ]
        for (slug, (french, arabic)) in titles {
            let fr = try await harness.get("/fr/\(slug)")
            XCTAssertEqual(fr.status, 200, slug)
            XCTAssertTrue(fr.text.contains("<html lang=\"fr\" dir=\"ltr\">"), slug)
            XCTAssertTrue(fr.text.contains("<h1>\(HTMLEscape.text(french))</h1>"), slug)
            XCTAssertTrue(fr.text.contains("<title>\(HTMLEscape.text(french)) · BCOS Formation</title>"), slug)
            XCTAssertTrue(fr.text.contains("<link rel=\"canonical\" href=\"http://127.0.0.1/fr/\(slug)\">"), slug)
            XCTAssertTrue(fr.text.contains("<link rel=\"alternate\" hreflang=\"fr\" href=\"http://127.0.0.1/fr/\(slug)\">"), slug)
            XCTAssertTrue(fr.text.contains("<link rel=\"alternate\" hreflang=\"ar\" href=\"http://127.0.0.1/ar/\(slug)\">"), slug)
            XCTAssertTrue(fr.text.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"http://127.0.0.1/fr/\(slug)\">"), slug)
            XCTAssertTrue(fr.text.contains("class=\"lang-switch\" href=\"/ar/\(slug)\""), "the switch leads to the Arabic twin")
            let description = try XCTUnwrap(fr.text.range(of: "<meta name=\"description\" content=\"[^\"]{20,}\">", options: .regularExpression), slug)
            XCTAssertFalse(fr.text[description].contains("<h2"), "the description is text")
            XCTAssertTrue(fr.text.contains("version 1"), slug)

            let ar = try await harness.get("/ar/\(slug)")
            XCTAssertEqual(ar.status, 200, slug)
            XCTAssertTrue(ar.text.contains("<html lang=\"ar\" dir=\"rtl\">"), slug)
            XCTAssertTrue(ar.text.contains("<h1>\(arabic)</h1>"), slug)
            XCTAssertTrue(ar.text.contains("<link rel=\"canonical\" href=\"http://127.0.0.1/ar/\(slug)\">"), slug)
            XCTAssertTrue(ar.text.contains("<link rel=\"alternate\" hreflang=\"fr\" href=\"http://127.0.0.1/fr/\(slug)\">"), slug)
            XCTAssertTrue(ar.text.contains("آخر تحديث"), slug)
        }
        let privacy = try await harness.get("/fr/confidentialite")
        XCTAssertTrue(privacy.text.contains("09-08") && privacy.text.contains("CNDP") && privacy.text.contains("RGPD"))
        let contact = try await harness.get("/ar/contact")
        XCTAssertTrue(contact.text.contains("12 شارع أنفا"), "the Arabic address")
        XCTAssertTrue(contact.text.contains("href=\"tel:+212522000000\""))
        XCTAssertTrue(contact.text.contains("href=\"mailto:contact@bcos.ma\""))
        XCTAssertTrue(contact.text.contains("href=\"https://wa.me/212600000000\""))
        XCTAssertTrue(contact.text.contains("href=\"https://www.openstreetmap.org/"))
        XCTAssertTrue(contact.text.contains("أوقات العمل"))
        let unknown = try await harness.get("/en/contact")
        XCTAssertEqual(unknown.status, 404)
    }

    func testAnEmptyPageIsA404InTheVisitorsLanguageAndLeavesTheFooterAndSitemap() async throws {
        // An editor writes the site's pages (a sales account may not: 403).
        let client = try await AdminClient.signedIn(harness, email: "juriste@bcos.ma", role: .editor)
        let sales = try await AdminClient.signedIn(harness, email: "ventes@bcos.ma", role: .sales)
        let refused = try await sales.get("/admin/pages-legales/cgv")
        XCTAssertEqual(refused.status, 403)
        let salesHome = try await sales.get("/admin")
        XCTAssertFalse(salesHome.text.contains(">Pages légales</a>"), "not in a sales account's navigation")
        let editorHome = try await client.get("/admin")
        XCTAssertTrue(editorHome.text.contains(">Pages légales</a>"))
        let editor = try await client.get("/admin/pages-legales/cgv")
        let version = try XCTUnwrap(Self.formVersion(editor.text))
        // The Arabic text is removed: the Arabic page is gone, the French one stays.
        let saved = try await client.post("/admin/pages-legales/cgv", [
            ("version", version), ("title_fr", "Conditions générales de vente"), ("title_ar", ""),
            ("body_fr", "<p>Nos conditions.</p>"), ("body_ar", "  "), ("action", "save"),
        ])
        XCTAssertEqual(saved.status, 303)
        let arabic = try await harness.get("/ar/cgv")
        XCTAssertEqual(arabic.status, 404)
        XCTAssertTrue(arabic.text.contains("<html lang=\"ar\" dir=\"rtl\">"))
        XCTAssertTrue(arabic.text.contains(Messages.text("error_404_title", in: .ar)), "the 404 speaks Arabic")
        let french = try await harness.get("/fr/cgv")
        XCTAssertEqual(french.status, 200)
        XCTAssertFalse(french.text.contains("hreflang=\"ar\" href=\"http://127.0.0.1/ar/cgv\""), "no hreflang to a missing page")
        XCTAssertTrue(french.text.contains("class=\"lang-switch\" href=\"/ar/\""), "the switch falls back to the Arabic home")
        let home = try await harness.get("/ar/")
        XCTAssertFalse(home.text.contains("href=\"/ar/cgv\""), "the Arabic footer leaves the page out")
        XCTAssertTrue(home.text.contains("href=\"/ar/confidentialite\""))
        let sitemap = try await harness.get("/sitemap.xml")
        XCTAssertTrue(sitemap.text.contains("<loc>http://127.0.0.1/fr/cgv</loc>"))
        XCTAssertFalse(sitemap.text.contains("http://127.0.0.1/ar/cgv"))
    }

    func testFooterLinksAndContactOnEveryPublicPageType() async throws {
        let slug = Demo.publishedSlug
        let enrolled = try await EnrollmentFixtures.enroll(harness)
        XCTAssertEqual(enrolled.response.status, 303)
        let thanks = try XCTUnwrap(enrolled.response.header("location"))
        let refused = try await EnrollmentFixtures.enroll(harness, overrides: ["email": "pas-une-adresse"])
        XCTAssertEqual(refused.response.status, 422)
        var pages: [(String, HTTPTestResponse)] = [("422 form", refused.response)]
        for path in ["/fr/", "/fr/formations", "/fr/formations/\(slug)", "/fr/formations/\(slug)/presentation", thanks,
                     "/fr/confidentialite", "/fr/contact", "/fr/formations/aucune-formation", "/fr/nulle-part"] {
            pages.append((path, try await harness.get(path)))
        }
        for (name, page) in pages {
            for target in ["mentions-legales", "confidentialite", "cgv", "contact"] {
                XCTAssertTrue(page.text.contains("<li><a href=\"/fr/\(target)\">"), "\(name): footer link to \(target)")
            }
            XCTAssertTrue(page.text.contains("<a href=\"tel:+212522000000\" dir=\"ltr\">+212 5 22 00 00 00</a>"), "\(name): footer phone")
            XCTAssertTrue(page.text.contains("<a href=\"mailto:contact@bcos.ma\" dir=\"ltr\">contact@bcos.ma</a>"), "\(name): footer e-mail")
            XCTAssertTrue(page.text.contains("<a href=\"https://wa.me/212600000000\" rel=\"noopener\">Écrire sur WhatsApp</a>"), "\(name): WhatsApp")
        }
        XCTAssertEqual(pages.last?.1.status, 404)
        let arabic = try await harness.get("/ar/formations")
        XCTAssertTrue(arabic.text.contains("<li><a href=\"/ar/confidentialite\">سياسة الخصوصية</a></li>"))
        XCTAssertTrue(arabic.text.contains("راسلنا عبر واتساب"))
        XCTAssertTrue(arabic.text.contains("aria-label=\"معلومات قانونية\""))
    }

    func testSitemapListsThePagesWithHreflang() async throws {
        let sitemap = try await harness.get("/sitemap.xml")
        XCTAssertEqual(sitemap.status, 200)
        let document = try XMLDocument(data: Data(sitemap.body))
        for slug in ["mentions-legales", "confidentialite", "cgv", "contact"] {
            for language in ["fr", "ar"] {
                let url = try document.nodes(forXPath: "//*[local-name()='url'][*[local-name()='loc']='http://127.0.0.1/\(language)/\(slug)']")
                XCTAssertEqual(url.count, 1, "\(language)/\(slug) is listed once")
                let links = try url.first?.nodes(forXPath: "*[local-name()='link']") ?? []
                let alternates: [(String, String)] = try links.map { link in
                    (try link.nodes(forXPath: "@hreflang").first?.stringValue ?? "", try link.nodes(forXPath: "@href").first?.stringValue ?? "")
                }
                XCTAssertEqual(alternates.map { $0.0 }.sorted(), ["ar", "fr", "x-default"], slug)
                XCTAssertTrue(alternates.contains { $0 == ("ar", "http://127.0.0.1/ar/\(slug)") }, slug)
                XCTAssertTrue(alternates.contains { $0 == ("x-default", "http://127.0.0.1/fr/\(slug)") }, slug)
                let lastmod = try url.first?.nodes(forXPath: "*[local-name()='lastmod']").first?.stringValue
                XCTAssertNotNil(lastmod, slug)
            }
        }
    }

    func testAnAdminEditsAPageSanitizedVersionedAndAudited() async throws {
        let signedOut = try await harness.get("/admin/pages-legales")
        XCTAssertEqual(signedOut.status, 302, "admin only")
        let client = try await AdminClient.signedIn(harness, email: "dpo@bcos.ma")
        let list = try await client.get("/admin/pages-legales")
        XCTAssertEqual(list.status, 200)
        XCTAssertTrue(list.text.contains("Politique de confidentialité"))
        XCTAssertTrue(list.text.contains("href=\"/admin/pages-legales/confidentialite\""))
        XCTAssertTrue(list.text.contains("href=\"/admin/pages-legales\""), "in the admin navigation")

        let editor = try await client.get("/admin/pages-legales/confidentialite")
        XCTAssertEqual(editor.status, 200)
        XCTAssertTrue(editor.text.contains("name=\"body_fr\""))
        XCTAssertTrue(editor.text.contains("name=\"body_ar\""))
        XCTAssertTrue(editor.text.contains("dir=\"rtl\" lang=\"ar\""), "the Arabic fields are right to left")
        XCTAssertFalse(editor.text.contains("name=\"whatsapp\""), "contact fields belong to the contact page")
        XCTAssertEqual(Self.formVersion(editor.text), "1")

        let body = "<h2>Nouvelle politique</h2><p>Texte <strong>mis à jour</strong>.</p><script>alert('x')</script><p onclick=\"steal()\">Fin</p>"
        let fields = [("version", "1"), ("title_fr", "Politique de confidentialité"), ("title_ar", "سياسة الخصوصية"),
                      ("body_fr", body), ("body_ar", "<p>سياسة محدّثة</p><iframe src=\"https://evil.example\"></iframe>")]
        // The preview shows the sanitized HTML and saves nothing.
        let preview = try await client.post("/admin/pages-legales/confidentialite", fields + [("action", "preview")])
        XCTAssertEqual(preview.status, 200)
        XCTAssertTrue(preview.text.contains("<div class=\"preview rich-text\" lang=\"fr\" dir=\"ltr\"><h2>Nouvelle politique</h2>"))
        XCTAssertFalse(preview.text.contains("<script>alert"), "never the typed script")
        XCTAssertFalse(preview.text.contains("onclick=\"steal"))
        let unchanged: Int = try await harness.app.pool.query("SELECT version FROM legal_pages WHERE slug = 'confidentialite'").first!.decode("version")
        XCTAssertEqual(unchanged, 1)

        let saved = try await client.post("/admin/pages-legales/confidentialite", fields + [("action", "save")])
        XCTAssertEqual(saved.status, 303)
        XCTAssertEqual(saved.header("location"), "/admin/pages-legales/confidentialite?ok=saved")
        let rows = try await harness.app.pool.query(
            "SELECT body_fr, body_ar, version, updated_at > NOW() - interval '1 minute' AS fresh FROM legal_pages WHERE slug = 'confidentialite'")
        let row = try XCTUnwrap(rows.first)
        let stored: String = try row.decode("body_fr")
        XCTAssertFalse(stored.contains("script"), "the script is removed before storing")
        XCTAssertFalse(stored.contains("onclick"))
        XCTAssertTrue(stored.contains("<strong>mis à jour</strong>"))
        XCTAssertFalse(try row.decode("body_ar", as: String.self).contains("iframe"))
        XCTAssertEqual(try row.decode("version", as: Int.self), 2)
        XCTAssertTrue(try row.decode("fresh", as: Bool.self))
        let page = try await harness.get("/fr/confidentialite")
        XCTAssertTrue(page.text.contains("<h2>Nouvelle politique</h2>"))
        XCTAssertFalse(page.text.contains("alert('x')"))
        XCTAssertTrue(page.text.contains("version 2"))

        // Each save is one more version, with its line in the audit trail.
        let again = try await client.post("/admin/pages-legales/confidentialite", fields.map { $0.0 == "version" ? ("version", "2") : $0 } + [("action", "save")])
        XCTAssertEqual(again.status, 303)
        let audit = try await harness.app.pool.query(
            "SELECT actor_email, action, record_id, summary FROM audit_events WHERE kind = 'legal_page' ORDER BY id").rows
        XCTAssertEqual(audit.count, 2)
        XCTAssertEqual(try audit.map { try $0.decode("summary", as: String.self) },
                       ["Page « Politique de confidentialité » modifiée (version 2)", "Page « Politique de confidentialité » modifiée (version 3)"])
        XCTAssertEqual(try audit.first?.decode("actor_email", as: String.self), "dpo@bcos.ma")
        XCTAssertEqual(try audit.first?.decode("record_id", as: String.self), "confidentialite")
        XCTAssertEqual(try audit.first?.decode("action", as: String.self), "updated")

        // A form opened at an older version does not overwrite a newer save, nor leave a trace.
        let stale = try await client.post("/admin/pages-legales/confidentialite", fields + [("action", "save")])
        XCTAssertEqual(stale.status, 409)
        XCTAssertTrue(stale.text.contains("enregistrée par quelqu’un d’autre"))
        XCTAssertTrue(stale.text.contains("Nouvelle politique"), "the text typed is kept")
        XCTAssertEqual(Self.formVersion(stale.text), "3", "saving again now replaces version 3, knowingly")
        let audited: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM audit_events WHERE kind = 'legal_page'").first!.decode("n")
        XCTAssertEqual(audited, 2)

        let unknown = try await client.get("/admin/pages-legales/autre")
        XCTAssertEqual(unknown.status, 404)
    }

    func testTheContactPageFeedsTheFooterRightAfterASave() async throws {
        let client = try await AdminClient.signedIn(harness, email: "accueil@bcos.ma")
        let editor = try await client.get("/admin/pages-legales/contact")
        XCTAssertTrue(editor.text.contains("name=\"whatsapp\""))
        let version = try XCTUnwrap(Self.formVersion(editor.text))
        var fields = [("version", version), ("title_fr", "Contact"), ("title_ar", "اتصل بنا"), ("body_fr", "<p>Écrivez-nous.</p>"),
                      ("body_ar", "<p>راسلونا.</p>"), ("address_fr", "1 rue X\nCasablanca"), ("address_ar", "1 زنقة X"),
                      ("phone", "pas un numéro"), ("email", "pas-une-adresse"), ("whatsapp", "12"), ("map_url", "javascript:alert(1)"),
                      ("hours_fr", "9 h – 18 h"), ("hours_ar", "9:00 – 18:00"), ("action", "save")]
        let invalid = try await client.post("/admin/pages-legales/contact", fields)
        XCTAssertEqual(invalid.status, 422)
        XCTAssertTrue(invalid.text.contains("Numéro de téléphone invalide"))
        XCTAssertTrue(invalid.text.contains("Adresse e-mail invalide"))
        XCTAssertTrue(invalid.text.contains("Numéro WhatsApp invalide"))
        XCTAssertTrue(invalid.text.contains("Le lien du plan doit commencer par https://"))
        XCTAssertTrue(invalid.text.contains("value=\"pas-une-adresse\""), "the input is kept")

        fields = fields.map { key, value in
            switch key {
            case "phone": (key, "+212 5 22 99 88 77")
            case "email": (key, "accueil@bcos.ma")
            case "whatsapp": (key, "06 61 23 45 67")
            case "map_url": (key, "https://maps.example.com/bcos")
            default: (key, value)
            }
        }
        let saved = try await client.post("/admin/pages-legales/contact", fields)
        XCTAssertEqual(saved.status, 303)
        let home = try await harness.get("/fr/")
        XCTAssertTrue(home.text.contains("<a href=\"tel:+212522998877\" dir=\"ltr\">+212 5 22 99 88 77</a>"), "the footer follows at once")
        XCTAssertTrue(home.text.contains("href=\"mailto:accueil@bcos.ma\""))
        XCTAssertTrue(home.text.contains("href=\"https://wa.me/212661234567\""))
        let contact = try await harness.get("/fr/contact")
        XCTAssertTrue(contact.text.contains("<dd class=\"pre-line\">1 rue X\nCasablanca</dd>"))

        // Without a WhatsApp number, no WhatsApp link.
        let reopened = try await client.get("/admin/pages-legales/contact")
        let current = try XCTUnwrap(Self.formVersion(reopened.text))
        let withoutWhatsApp = fields.map { $0.0 == "whatsapp" ? ("whatsapp", "") : $0.0 == "version" ? ("version", current) : $0 }
        let cleared = try await client.post("/admin/pages-legales/contact", withoutWhatsApp)
        XCTAssertEqual(cleared.status, 303)
        let after = try await harness.get("/ar/formations")
        XCTAssertFalse(after.text.contains("wa.me"))
        XCTAssertTrue(after.text.contains("href=\"tel:+212522998877\""))
    }

    /// The version the editor's form carries.
    static func formVersion(_ html: String) -> String? {
        guard let range = html.range(of: "name=\"version\" value=\"[0-9]+\"", options: .regularExpression) else { return nil }
        return String(html[range].dropFirst("name=\"version\" value=\"".count).dropLast())
    }
}
