@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// A browser-like admin client: keeps cookies, reads the CSRF token from pages.
final class AdminClient: @unchecked Sendable {
    let port: Int
    var cookies: [String: String] = [:]
    var csrf = ""
    /// Sent with every request (e.g. `X-Forwarded-For` to act as another visitor behind the proxy).
    var extraHeaders: [(String, String)] = []

    init(port: Int) { self.port = port }

    private var cookieHeader: [(String, String)] {
        (cookies.isEmpty ? [] : [("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))]) + extraHeaders
    }

    private func remember(_ response: HTTPTestResponse) {
        for header in response.headers("set-cookie") {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if header.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        if let range = response.text.range(of: "name=\"_csrf\" value=\"[^\"]+\"", options: .regularExpression) {
            csrf = String(response.text[range].dropFirst("name=\"_csrf\" value=\"".count).dropLast())
        }
    }

    func get(_ path: String) async throws -> HTTPTestResponse {
        let (port, headers) = (self.port, cookieHeader)
        let response = try await blocking { try TestHTTP.get(port: port, path, headers: headers) }
        remember(response)
        return response
    }

    func post(_ path: String, _ fields: [(String, String)], csrf withToken: Bool = true) async throws -> HTTPTestResponse {
        let (port, headers) = (self.port, cookieHeader)
        let body = withToken ? fields + [("_csrf", csrf)] : fields
        let response = try await blocking { try TestHTTP.postForm(port: port, path, body, headers: headers) }
        remember(response)
        return response
    }

    func signIn(email: String, password: String, next: String = "/admin") async throws -> HTTPTestResponse {
        let page = try await get("/admin/login?next=\(PercentDecodingForTests.encode(next))")
        let range = try XCTUnwrap(page.text.range(of: "name=\"login_csrf\" value=\"[^\"]+\"", options: .regularExpression))
        let token = String(page.text[range].dropFirst("name=\"login_csrf\" value=\"".count).dropLast())
        return try await post("/admin/login", [("email", email), ("password", password), ("login_csrf", token), ("next", next)], csrf: false)
    }
}

extension AdminClient {
    /// A client signed in as a new admin with a cheap hash (the test helpers' one way in).
    static func signedIn(_ harness: AppHarness, email: String, password: String = "un mot de passe solide", landing: String = "/admin",
                         role: AdminRole = .admin) async throws -> AdminClient {
        try await AdminAccounts(database: harness.app.database, hasher: PasswordHasher(rounds: 1 << 10))
            .createOrUpdate(email: email, password: password, role: role)
        let client = AdminClient(port: harness.port)
        let response = try await client.signIn(email: email, password: password)
        XCTAssertEqual(response.status, 303, "signed in as \(email)")
        _ = try await client.get(landing)
        return client
    }
}

enum PercentDecodingForTests {
    static func encode(_ text: String) -> String { TestHTTP.formEncode(text) }
}

final class AdminTests: XCTestCase {
    var harness: AppHarness!
    let email = "direction@bcos.ma"
    let password = "un mot de passe solide"

    override func setUp() async throws {
        harness = try await AppHarness.start()
        try await AdminAccounts(database: harness.app.database, hasher: PasswordHasher(rounds: 1 << 10)).createOrUpdate(email: email, password: password)
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    func testSignInSendsBackToTheRequestedPageAndSignOutEndsTheSession() async throws {
        let client = AdminClient(port: harness.port)
        let anonymous = try await client.get("/admin/formations?q=excel")
        XCTAssertEqual(anonymous.status, 302)
        XCTAssertEqual(anonymous.header("location"), "/admin/login?next=%2Fadmin%2Fformations%3Fq%3Dexcel")

        let wrong = try await client.signIn(email: email, password: "pas le bon")
        XCTAssertEqual(wrong.status, 401)
        XCTAssertTrue(wrong.text.contains("E-mail ou mot de passe incorrect."))

        let signedIn = try await client.signIn(email: email.uppercased(), password: password, next: "/admin/formations?q=excel")
        XCTAssertEqual(signedIn.status, 303)
        XCTAssertEqual(signedIn.header("location"), "/admin/formations?q=excel")
        let cookie = try XCTUnwrap(signedIn.headers("set-cookie").first { $0.hasPrefix("bcos_admin=") })
        XCTAssertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
        let stored: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM admin_sessions WHERE token_hash = $1", [AdminSessionRepository.hash(client.cookies["bcos_admin"] ?? "")]).first!.decode("n")
        XCTAssertEqual(stored, 1, "only the token's hash is stored")

        let list = try await client.get("/admin/formations?q=excel")
        XCTAssertEqual(list.status, 200)
        XCTAssertTrue(list.text.contains("Excel"))
        XCTAssertEqual(list.header("cache-control"), "no-store")

        let out = try await client.post("/admin/logout", [])
        XCTAssertEqual(out.status, 303)
        let after = try await client.get("/admin")
        XCTAssertEqual(after.status, 302, "the session is gone")
        let open: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM admin_sessions").first!.decode("n")
        XCTAssertEqual(open, 0)
    }

    func testOpenRedirectIsRefused() async throws {
        let client = AdminClient(port: harness.port)
        let response = try await client.signIn(email: email, password: password, next: "//evil.example/admin")
        XCTAssertEqual(response.header("location"), "/admin")
    }

    func testPostsWithoutTheCSRFTokenAre403() async throws {
        let client = AdminClient(port: harness.port)
        _ = try await client.signIn(email: email, password: password)
        _ = try await client.get("/admin/categories")
        let forged = try await client.post("/admin/categories/new", [("name_fr", "Piratage"), ("name_ar", "قرصنة")], csrf: false)
        XCTAssertEqual(forged.status, 403)
        let wrongToken = try await client.post("/admin/categories/new", [("name_fr", "Piratage"), ("name_ar", "قرصنة"), ("_csrf", "x")], csrf: false)
        XCTAssertEqual(wrongToken.status, 403)
        let count: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM categories WHERE name_fr = 'Piratage'").first!.decode("n")
        XCTAssertEqual(count, 0)
    }

    func testRepeatedFailuresLockTheAccount() async throws {
        let client = AdminClient(port: harness.port)
        for _ in 0..<5 { _ = try await client.signIn(email: email, password: "faux") }
        let locked = try await client.signIn(email: email, password: password)
        XCTAssertEqual(locked.status, 429)
        XCTAssertTrue(locked.text.contains("Trop de tentatives de connexion"))
    }

    func testCategoryLifecycleAndRefusedDeleteWhileUsed() async throws {
        let client = AdminClient(port: harness.port)
        _ = try await client.signIn(email: email, password: password)
        _ = try await client.get("/admin/categories/new")
        let invalid = try await client.post("/admin/categories/new", [("name_fr", ""), ("name_ar", "إدارة"), ("color", "red")])
        XCTAssertEqual(invalid.status, 422)
        XCTAssertTrue(invalid.text.contains("Le nom en français est obligatoire."))
        XCTAssertTrue(invalid.text.contains("value=\"إدارة\""), "input kept")
        let created = try await client.post("/admin/categories/new", [
            ("name_fr", "Ressources humaines"), ("name_ar", "الموارد البشرية"), ("color", "#0f766e"), ("display_order", "9"), ("icon", "👥"),
        ])
        XCTAssertEqual(created.status, 303)
        let row = try await harness.app.pool.query("SELECT id, slug FROM categories WHERE name_fr = 'Ressources humaines'").first
        XCTAssertEqual(try row?.decode("slug", as: String.self), "ressources-humaines")
        let id = try XCTUnwrap(try row?.decode("id", as: UUID.self)).uuidString.lowercased()
        let editor = try await client.get("/admin/categories/\(id)/edit")
        XCTAssertTrue(editor.text.contains("<option value=\"👥\" selected>👥 Équipe — ressources humaines</option>"), "the icon is picked from a named list")
        // An icon set outside the list (import, hand edit) stays selected rather than lost.
        try await harness.app.pool.query("UPDATE categories SET icon = '🦉' WHERE id = $1", [UUID(uuidString: id)!])
        let custom = try await client.get("/admin/categories/\(id)/edit")
        XCTAssertTrue(custom.text.contains("<option value=\"🦉\" selected>🦉 — icône actuelle (hors liste)</option>"))
        _ = try await client.get("/admin/categories")
        let deleted = try await client.post("/admin/categories/\(id)/delete", [])
        XCTAssertEqual(deleted.status, 303)

        let used = "00000000-0000-4000-8000-0000000000c1"
        let refused = try await client.post("/admin/categories/\(used)/delete", [])
        XCTAssertEqual(refused.status, 409)
        XCTAssertTrue(refused.text.contains("Management d’équipe et leadership") || refused.text.contains("Management d&#39;équipe"), "the courses using it are listed")
    }

    func testCourseEditorBuilderDuplicateAndDelete() async throws {
        let client = AdminClient(port: harness.port)
        _ = try await client.signIn(email: email, password: password)
        _ = try await client.get("/admin/formations/new")
        let base: [(String, String)] = [
            ("title_fr", "Négociation commerciale"), ("title_ar", "التفاوض التجاري"), ("price_ht", "3000"), ("vat_rate", "20"),
            ("currency", "MAD"), ("is_published", "on"), ("is_active", "on"), ("level", "intermediaire"),
            ("content_fr", "<h2>Contenu</h2><p>Bonjour</p><script>alert('x')</script><a href=\"javascript:alert(1)\">lien</a>"),
            ("objectives_fr", "Préparer\nConclure"), ("ff_count", "2"),
            ("ff0_name", "full_name"), ("ff0_type", "text"), ("ff0_label_fr", "Nom complet"), ("ff0_label_ar", "الاسم الكامل"), ("ff0_required", "on"),
            ("ff1_name", "secteur"), ("ff1_type", "select"), ("ff1_label_fr", "Secteur"), ("ff1_label_ar", "القطاع"),
            ("ff1_options", "banque | Banque | البنوك\nindustrie | Industrie | الصناعة"),
        ]
        // Builder buttons re-render without saving.
        let moved = try await client.post("/admin/formations/new", base + [("action", "up:1")])
        XCTAssertEqual(moved.status, 200)
        let secteur = try XCTUnwrap(moved.text.range(of: "value=\"secteur\""))
        let fullName = try XCTUnwrap(moved.text.range(of: "value=\"full_name\""))
        XCTAssertLessThan(secteur.lowerBound, fullName.lowerBound, "the select moved up")
        XCTAssertTrue(moved.text.contains(#"data-options-for="ff0_type"><label"#), "the list shows its options box")
        XCTAssertTrue(moved.text.contains(#"data-options-for="ff1_type" hidden><label"#), "a text field hides it")
        XCTAssertTrue(moved.text.contains(#"formaction="/admin/formations/new#formulaire" name="action" value="down:0""#),
                      "without script, builder buttons come back to the builder, not to the top of the page")
        let count: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM formations WHERE title_fr = 'Négociation commerciale'").first!.decode("n")
        XCTAssertEqual(count, 0)

        // A failed save lists each problem in page order, each linking to its input.
        let faulty = base.map { $0.0 == "price_ht" ? ("price_ht", "beaucoup") : $0.0 == "ff1_name" ? ("ff1_name", "Secteur d’activité") : $0 }
        let failed = try await client.post("/admin/formations/new", faulty + [("action", "save")])
        XCTAssertEqual(failed.status, 422)
        let builderLink = try XCTUnwrap(failed.text.range(of: "<li><a href=\"#ff1_name\">Champ 2 du formulaire : Nom technique obligatoire"))
        let priceLink = try XCTUnwrap(failed.text.range(of: "<li><a href=\"#price_ht\">Prix HT invalide"))
        XCTAssertLessThan(builderLink.lowerBound, priceLink.lowerBound, "the builder comes before the pricing tab, as on the page")
        XCTAssertTrue(failed.text.contains("id=\"ff1_name\""), "the link's target exists")

        // Publishing without the Arabic description asks first and saves nothing.
        let warned = try await client.post("/admin/formations/new", base + [("action", "save")])
        XCTAssertEqual(warned.status, 200)
        XCTAssertTrue(warned.text.contains("Cette formation n’a pas la description arabe."), "the admin is told what the Arabic page lacks")
        XCTAssertTrue(warned.text.contains("Publier quand même"))
        XCTAssertTrue(warned.text.contains("3\u{202F}600,00 MAD</output>"), "TTC is shown as a price, not as 3600")
        let notYet: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM formations WHERE title_fr = 'Négociation commerciale'").first!.decode("n")
        XCTAssertEqual(notYet, 0, "nothing is published before the admin confirms")

        let saved = try await client.post("/admin/formations/new", base + [("publish_without_arabic", "1"), ("action", "save")])
        XCTAssertEqual(saved.status, 303)
        let row = try await harness.app.pool.query("SELECT id, slug, price_ttc, content_fr, inscription_form_fields::text AS form FROM formations WHERE title_fr = 'Négociation commerciale'").first
        let stored = try XCTUnwrap(row)
        XCTAssertEqual(try stored.decode("slug", as: String.self), "negociation-commerciale")
        XCTAssertEqual(try stored.decode("price_ttc", as: Decimal.self), Decimal(3600))
        let content: String = try stored.decode("content_fr")
        XCTAssertFalse(content.contains("<script"))
        XCTAssertFalse(content.contains("javascript:"))
        XCTAssertTrue(content.contains("<h2>Contenu</h2>"))
        XCTAssertTrue(try stored.decode("form", as: String.self).contains("\"label_ar\": \"القطاع\""), "stored in the seed's JSON format")

        // The form built here is the public form, and validates there.
        let page = try await harness.get("/ar/formations/negociation-commerciale")
        XCTAssertTrue(page.text.contains("القطاع"))
        XCTAssertTrue(page.text.contains("<option value=\"banque\">البنوك</option>"))
        let token = String(try XCTUnwrap(page.text.range(of: "name=\"submission_token\" value=\"[A-Za-z0-9_-]{76}\"", options: .regularExpression)).map { page.text[$0] }!.dropLast().suffix(76))
        let port = harness.port
        let bad = try await blocking { try TestHTTP.postForm(port: port, "/ar/formations/negociation-commerciale/inscription", [("submission_token", token), ("full_name", "سعيد"), ("secteur", "agriculture")]) }
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains(Messages.text("form_error_choice", in: .ar)))

        let id = try stored.decode("id", as: UUID.self).uuidString.lowercased()
        _ = try await client.get("/admin/formations/\(id)/edit")
        let duplicated = try await client.post("/admin/formations/\(id)/duplicate", [])
        XCTAssertEqual(duplicated.status, 303)
        let copy: String? = try await harness.app.pool.query("SELECT slug FROM formations WHERE slug = 'negociation-commerciale-copie' AND NOT is_published").first?.decode("slug")
        XCTAssertNotNil(copy)

        let confirm = try await client.get("/admin/formations/\(id)/delete")
        XCTAssertTrue(confirm.text.contains("Supprimer définitivement"))
        let deleted = try await client.post("/admin/formations/\(id)/delete", [])
        XCTAssertEqual(deleted.status, 303)
        let gone = try await harness.get("/fr/formations/negociation-commerciale")
        XCTAssertEqual(gone.status, 404)
    }
}

/// #16: each admin chooses the language of the back office's chrome; Arabic is right to left,
/// the pages' French content keeps its own direction, and the choice stays with the account.
final class AdminChromeLanguageTests: XCTestCase {
    func testTheChromeSwitchesToArabicPerAccount() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let salma = try await AdminClient.signedIn(harness, email: "salma@bcos.ma")
        let french = try await salma.get("/admin/inscriptions")
        XCTAssertTrue(french.text.contains("<html lang=\"fr\" dir=\"ltr\">"))
        XCTAssertTrue(french.text.contains(">Se déconnecter</button>"))
        let switched = try await salma.post("/admin/preferences/langue", [("language", "ar"), ("back", "/admin/inscriptions?status=new")])
        XCTAssertEqual(switched.status, 303)
        XCTAssertEqual(switched.header("location"), "/admin/inscriptions?status=new", "back to the same page")
        let arabic = try await salma.get("/admin/inscriptions")
        XCTAssertTrue(arabic.text.contains("<html lang=\"ar\" dir=\"rtl\">"))
        XCTAssertTrue(arabic.text.contains(">التسجيلات</a>"), "the navigation in Arabic")
        XCTAssertTrue(arabic.text.contains(">تسجيل الخروج</button>"))
        XCTAssertTrue(arabic.text.contains("<main id=\"main\" class=\"admin-main\" lang=\"fr\" dir=\"ltr\">"), "the French content keeps its direction")
        // Another admin keeps French.
        let karim = try await AdminClient.signedIn(harness, email: "karim@bcos.ma")
        let karimPage = try await karim.get("/admin")
        XCTAssertTrue(karimPage.text.contains("<html lang=\"fr\" dir=\"ltr\">"))
        // An outside address in `back` is not followed; a bad language is refused.
        let outside = try await salma.post("/admin/preferences/langue", [("language", "fr"), ("back", "//evil.example/")])
        XCTAssertEqual(outside.header("location"), "/admin")
        let bad = try await salma.post("/admin/preferences/langue", [("language", "xx")])
        XCTAssertEqual(bad.status, 400)
        let unsigned = try await salma.post("/admin/preferences/langue", [("language", "ar")], csrf: false)
        XCTAssertEqual(unsigned.status, 403, "CSRF-protected like every admin form")
    }
}
