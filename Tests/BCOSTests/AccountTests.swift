@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// #15: accounts with roles, invitations and password resets through the e-mail outbox, TOTP
/// sign-in, and the audit trail — through real HTTP, the real PostgreSQL and a fake SMTP server.
final class AccountTests: XCTestCase {
    /// Every admin route, with every role: a role the route does not declare gets the French 403
    /// page; a declared one never does. Ids are made up, so no request changes anything real.
    func testEveryAdminRouteWithEveryRole() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let declarations = Routes.adminRoutes(app: harness.app, admin: AdminRenderer(renderer: harness.app.renderer)).declarations
        XCTAssertGreaterThan(declarations.count, 40, "the admin routes were found")
        var clients: [AdminRole: AdminClient] = [:]
        for role in AdminRole.allCases {
            clients[role] = try await AdminClient.signedIn(harness, email: "\(role.rawValue)@bcos.ma", role: role)
        }
        let unknown = "00000000-0000-4000-8000-00000000dead"
        var checked = 0
        for declaration in declarations {
            let path = declaration.pattern.replacingOccurrences(of: "{lang}", with: "fr")
                .replacingOccurrences(of: "{id}", with: unknown).replacingOccurrences(of: "{session}", with: unknown)
            for role in AdminRole.allCases {
                guard let client = clients[role] else { continue }
                let response = declaration.method == .GET ? try await client.get(path) : try await client.post(path, [])
                let allowed = declaration.access.allows(role)
                if allowed {
                    XCTAssertNotEqual(response.status, 403, "\(role) may \(declaration.method) \(path)")
                } else {
                    XCTAssertEqual(response.status, 403, "\(role) may not \(declaration.method) \(path)")
                    XCTAssertTrue(response.text.contains("Accès refusé"), "the 403 page is in French: \(path)")
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, declarations.count * 3)
        // The navigation only offers what the role may open.
        let sales = try await clients[.sales]!.get("/admin")
        XCTAssertTrue(sales.text.contains(">Inscriptions</a>"))
        XCTAssertFalse(sales.text.contains(">Intégrations CRM</a>"))
        XCTAssertFalse(sales.text.contains(">Comptes</a>"))
        let editor = try await clients[.editor]!.get("/admin")
        XCTAssertTrue(editor.text.contains(">Formations</a>"))
        XCTAssertFalse(editor.text.contains(">Inscriptions</a>"))
    }

    func mailHarness(_ fake: FakeSMTPServer, configure: @escaping (inout AppConfiguration) -> Void = { _ in }) async throws -> AppHarness {
        try await AppHarness.start {
            $0.smtpURL = "smtp://127.0.0.1:\(fake.port)?security=none"
            $0.mailFrom = "inscriptions@bcos.ma"
            $0.crmPollSeconds = 0.2
            configure(&$0)
        }
    }

    func link(in message: FakeSMTPServer.Message, path: String) throws -> String {
        let text = try XCTUnwrap(ReceivedEntity(message.text)).leaves()[0].decodedText()
        let range = try XCTUnwrap(text.range(of: "http://127.0.0.1\(path)[A-Za-z0-9_-]+", options: .regularExpression), text)
        return String(text[range].dropFirst("http://127.0.0.1".count))
    }

    func testAnInvitationAndAPasswordResetGoThroughTheOutbox() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let harness = try await mailHarness(fake)
        defer { Task { await harness.stop() } }
        let worker = try XCTUnwrap(harness.app.startMailWorker())
        defer { Task { await worker.stop() } }
        let boss = try await AdminClient.signedIn(harness, email: "direction@bcos.ma")
        let invited = try await boss.post("/admin/comptes/inviter", [("email", "Nadia@BCOS.ma"), ("name", "Nadia"), ("role", "editor")])
        XCTAssertEqual(invited.status, 303)
        try await eventually("the invitation") { fake.messages.count == 1 }
        let invitation = try link(in: fake.messages[0], path: "/admin/invitation/")
        XCTAssertEqual(fake.messages[0].recipients, ["nadia@bcos.ma"])
        // The outbox never shows the link to whoever reads it.
        let outbox = try await boss.get("/admin/emails")
        let emailID = try XCTUnwrap(outbox.text.range(of: "/admin/emails/[0-9a-f-]{36}", options: .regularExpression)).lowerBound
        let shown = try await boss.get(String(outbox.text[emailID...].prefix(49)))
        XCTAssertFalse(shown.text.contains(invitation))

        let nadia = AdminClient(port: harness.port)
        let form = try await nadia.get(invitation)
        XCTAssertTrue(form.text.contains("nadia@bcos.ma"))
        let mismatch = try await nadia.post(invitation, [("password", "un long mot de passe"), ("password_confirmation", "autre chose")], csrf: false)
        XCTAssertEqual(mismatch.status, 422)
        XCTAssertTrue(mismatch.text.contains("ne sont pas identiques"))
        let accepted = try await nadia.post(invitation, [("password", "un long mot de passe"), ("password_confirmation", "un long mot de passe")], csrf: false)
        XCTAssertEqual(accepted.status, 303)
        let reused = try await nadia.get(invitation)
        XCTAssertEqual(reused.status, 410, "a one-time link")
        expect(303, try await nadia.signIn(email: "nadia@bcos.ma", password: "un long mot de passe"))
        expect(200, try await nadia.get("/admin/formations"), "the role chosen in the invitation")
        expect(403, try await nadia.get("/admin/inscriptions"))

        // "Mot de passe oublié ?": the same answer for an unknown address and a real one.
        let visitor = AdminClient(port: harness.port)
        let login = try await visitor.get("/admin/login")
        XCTAssertTrue(login.text.contains("Mot de passe oublié ?"))
        var answers: [String] = []
        for email in ["personne@bcos.ma", "nadia@bcos.ma"] {
            let page = try await visitor.get("/admin/mot-de-passe-oublie")
            let csrf = try XCTUnwrap(page.text.range(of: "name=\"csrf\" value=\"[^\"]+\"", options: .regularExpression))
            let token = String(page.text[csrf].dropFirst("name=\"csrf\" value=\"".count).dropLast())
            let answer = try await visitor.post("/admin/mot-de-passe-oublie", [("email", email), ("csrf", token)], csrf: false)
            answers.append(answer.text.replacingOccurrences(of: "value=\"[^\"]+\"", with: "", options: .regularExpression))
        }
        XCTAssertEqual(answers[0], answers[1], "the page does not tell whether the address has an account")
        try await eventually("the reset link") { fake.messages.count == 2 }
        let reset = try link(in: fake.messages[1], path: "/admin/reinitialiser/")
        let done = try await visitor.post(reset, [("password", "encore plus long"), ("password_confirmation", "encore plus long")], csrf: false)
        XCTAssertEqual(done.status, 303)
        let signedOut = try await nadia.get("/admin/formations")
        XCTAssertEqual(signedOut.status, 302, "a reset ends the account's other sessions")
        expect(401, try await AdminClient(port: harness.port).signIn(email: "nadia@bcos.ma", password: "un long mot de passe"))
        expect(303, try await AdminClient(port: harness.port).signIn(email: "nadia@bcos.ma", password: "encore plus long"))

        let actions = try await harness.app.pool.query("SELECT action FROM audit_events WHERE kind = 'account' ORDER BY id").rows
            .map { try $0.decode("action", as: String.self) }
        XCTAssertEqual(actions, ["invited", "created", "reset_requested", "password_reset"])
    }

    func testTOTPSignInWithReplayRefusedAndRecoveryCodes() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let me = try await AdminClient.signedIn(harness, email: "totp@bcos.ma")
        let setup = try await me.get("/admin/compte/2fa")
        let keyRange = try XCTUnwrap(setup.text.range(of: "<code class=\"totp-key\" dir=\"ltr\">[A-Z2-7 ]+</code>", options: .regularExpression))
        let key = setup.text[keyRange].replacingOccurrences(of: "<code class=\"totp-key\" dir=\"ltr\">", with: "").replacingOccurrences(of: "</code>", with: "")
        let secret = try XCTUnwrap(Base32.decode(key))
        let sealed = try XCTUnwrap(setup.text.range(of: "name=\"secret\" value=\"[^\"]+\"", options: .regularExpression))
        let sealedValue = String(setup.text[sealed].dropFirst("name=\"secret\" value=\"".count).dropLast())
        XCTAssertFalse(sealedValue.contains(Base32.encode(secret)), "the pending secret travels sealed")
        let wrong = try await me.post("/admin/compte/2fa", [("secret", sealedValue), ("code", "000000")])
        XCTAssertEqual(wrong.status, 422)
        let totp = TOTP(secret: secret)
        let on = try await me.post("/admin/compte/2fa", [("secret", sealedValue), ("code", totp.code(at: Date()))])
        XCTAssertEqual(on.status, 200)
        let codes = on.text.components(separatedBy: "<li><code>").dropFirst().map { String($0.prefix(14)) }
        XCTAssertEqual(codes.count, 10, "recovery codes shown once")

        // Signing in now takes a code after the password.
        let phone = AdminClient(port: harness.port)
        let first = try await phone.signIn(email: "totp@bcos.ma", password: "un mot de passe solide")
        XCTAssertEqual(first.status, 303)
        XCTAssertTrue(first.header("location")?.hasPrefix("/admin/login/code") ?? false)
        expect(302, try await phone.get("/admin"), "no session before the code")
        let bad = try await phone.post("/admin/login/code", [("code", "123456"), ("next", "/admin")], csrf: false)
        XCTAssertEqual(bad.status, 401)
        // The code used to turn TOTP on is from the same 30 s step: a replay, refused. A later step works.
        let now = Date()
        var accepted = false
        for offset in [0.0, 30.0] {
            let response = try await phone.post("/admin/login/code", [("code", totp.code(at: now.addingTimeInterval(offset))), ("next", "/admin")], csrf: false)
            if response.status == 303 { accepted = true; break }
        }
        XCTAssertTrue(accepted, "a fresh code (current or next step) signs in")
        expect(200, try await phone.get("/admin"))
        // A recovery code works once.
        let laptop = AdminClient(port: harness.port)
        _ = try await laptop.signIn(email: "totp@bcos.ma", password: "un mot de passe solide")
        expect(303, try await laptop.post("/admin/login/code", [("code", codes[0].uppercased()), ("next", "/admin")], csrf: false))
        let again = AdminClient(port: harness.port)
        _ = try await again.signIn(email: "totp@bcos.ma", password: "un mot de passe solide")
        expect(401, try await again.post("/admin/login/code", [("code", codes[0]), ("next", "/admin")], csrf: false))
    }

    func testADMIN2FARequiredSendsAnAdminWithoutItToTheSetupPage() async throws {
        let harness = try await AppHarness.start { $0.adminSecondFactorRequired = true }
        defer { Task { await harness.stop() } }
        let admin = try await AdminClient.signedIn(harness, email: "strict@bcos.ma", landing: "/admin/compte/2fa")
        let blocked = try await admin.get("/admin/inscriptions")
        XCTAssertEqual(blocked.status, 302)
        XCTAssertEqual(blocked.header("location"), "/admin/compte/2fa?obligatoire=1")
        let page = try await admin.get("/admin/compte/2fa?obligatoire=1")
        XCTAssertTrue(page.text.contains("obligatoire pour les administrateurs"))
        let sales = try await AdminClient.signedIn(harness, email: "ventes@bcos.ma", role: .sales)
        expect(200, try await sales.get("/admin/inscriptions"), "required for the admin role only")
    }

    func testChangesAreAuditedAndTheJournalFiltersThem() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let admin = try await AdminClient.signedIn(harness, email: "chef@bcos.ma")
        expect(303, try await admin.post("/admin/categories/new", [("name_fr", "Logistique"), ("name_ar", "اللوجستيك"), ("slug", ""),
                                                                       ("icon", ""), ("color", "#1d4ed8"), ("display_order", "9")]))
        expect(303, try await admin.post("/admin/formations/\(SessionTests.courseID)/sessions", [
            ("starts_at", "2027-01-11T09:00"), ("ends_on", "2027-01-12"), ("city", "Rabat"), ("address", ""), ("online_url", ""),
            ("language", "fr"), ("seats", "8"), ("price_ht", ""), ("status", "open")]))
        let (enrolled, _) = try await EnrollmentFixtures.enroll(harness, slug: "fiscalite-marocaine-is-ir-et-tva")
        XCTAssertEqual(enrolled.status, 303)
        let id = try await harness.app.pool.query("SELECT id FROM enrollments WHERE submission_token IS NOT NULL").first!.decode("id", as: UUID.self)
        expect(303, try await admin.post("/admin/inscriptions/\(id.lowercasedString)", [("status", "confirmed")]))
        expect(200, try await admin.get("/admin/inscriptions/export.csv"))
        try await CRMTestSupport.integrate(harness, kind: .webhook, config: CRMConfig(endpoint: "http://127.0.0.1:9/hook", signing_secret: "whsec_dGVzdA=="))
        let defaults = try XCTUnwrap(harness.app.mailDefaults[.fr])
        expect(303, try await admin.post("/admin/emails/modeles", [
            ("language", "fr"), ("action", "save"), ("subject", "Merci {{full_name}}"), ("html", defaults.html), ("text", defaults.text)]))
        let kinds = Set(try await harness.app.pool.query("SELECT kind FROM audit_events").rows.map { try $0.decode("kind", as: String.self) })
        for kind in ["sign_in", "category", "session", "enrollment", "export", "crm_integration", "email_template"] {
            XCTAssertTrue(kinds.contains(kind), "\(kind) is audited: \(kinds)")
        }
        let secrets = try await harness.app.pool.query("SELECT summary FROM audit_events").rows.map { try $0.decode("summary", as: String.self) }
        XCTAssertFalse(secrets.contains { $0.contains("whsec_dGVzdA") }, "never a secret's value")

        let journal = try await admin.get("/admin/journal?type=category")
        XCTAssertTrue(journal.text.contains("Catégorie « Logistique » créée."))
        XCTAssertFalse(journal.text.contains("Statut : Nouvelle → Confirmée."), "filtered by kind")
        let all = try await admin.get("/admin/journal?personne=chef%40bcos.ma")
        XCTAssertTrue(all.text.contains("Statut : Nouvelle → Confirmée."))
        XCTAssertTrue(all.text.contains("chef@bcos.ma"))
        let editor = try await AdminClient.signedIn(harness, email: "redac@bcos.ma", role: .editor)
        expect(403, try await editor.get("/admin/journal"), "admins only")
        // Retention: rows older than AUDIT_RETENTION_DAYS go.
        _ = try await harness.app.pool.query("UPDATE audit_events SET at = NOW() - interval '400 days' WHERE kind = 'category'")
        let purged = try await harness.app.database.run { try $0.audit.purge(olderThanDays: 365) }
        XCTAssertEqual(purged, 1)
    }
}
