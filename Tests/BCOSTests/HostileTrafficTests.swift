@testable import BCOS
import Foundation
import HTTPServer
import Outbound
import Postgres
import TestSupport
import XCTest

/// Regressions of issue #12, each reproduced from outside: what a visitor, a link, an admin
/// session or a stored row sends must end in a 4xx or a repaired page, never a crash or a 500.
final class HostileTrafficTests: XCTestCase {
    static let password = "un mot de passe solide"

    func signedIn(_ harness: AppHarness, email: String = "hostile@bcos.ma") async throws -> AdminClient {
        try await AdminClient.signedIn(harness, email: email, password: Self.password)
    }

    // MARK: - 500s and traps from query strings and forms

    func testNULBytesAndHugePageNumbersAreOrdinaryRequests() async throws {
        let harness = try await AppHarness.start()
        let client = try await signedIn(harness)
        for path in ["/fr/formations?q=%00", "/ar/formations?q=a%00b&categorie=%00", "/fr/formations?page=-3"] {
            let response = try await harness.get(path)
            XCTAssertEqual(response.status, 200, path)
        }
        for path in ["/fr/formations/%00", "/ar/formations/a%00b/presentation", "/fr/formations/%00/merci"] {
            let response = try await harness.get(path)
            XCTAssertEqual(response.status, 404, "a NUL byte in a slug is an unknown course: \(path)")
        }
        let beyond = try await harness.get("/fr/formations?page=9223372036854775807")
        XCTAssertEqual(beyond.status, 404, "a page past the end is not found, not a crash")
        for path in [
            "/admin/inscriptions?q=%00", "/admin/inscriptions?source=%00", "/admin/inscriptions/export.csv?q=%00",
            "/admin/formations?q=%00", "/admin/inscriptions?page=9223372036854775807", "/admin/formations?page=9223372036854775807",
            "/admin/crm/logs?page=9223372036854775807", "/admin/crm/logs?page=-1",
        ] {
            let response = try await client.get(path)
            XCTAssertEqual(response.status, 200, path)
        }
        // Dates that Int() accepts but PostgreSQL would not: never a server error.
        for path in ["/admin/inscriptions?from=2024-+1-01", "/admin/crm/logs?from=2024-01-+1"] {
            let response = try await client.get(path)
            XCTAssertLessThan(response.status, 500, "\(path): \(response.status)")
            XCTAssertFalse(response.text.contains("database error"), "no detail shown")
        }
        let status1 = try await harness.get("/fr/").status
        XCTAssertEqual(status1, 200, "the server is still up")
        await harness.stop()
    }

    func testANegativeFieldCountInTheCourseEditorIsHarmless() async throws {
        let harness = try await AppHarness.start()
        let client = try await signedIn(harness)
        let response = try await client.post("/admin/formations/new", [("title_fr", "Formation"), ("ff_count", "-1"), ("action", "preview")])
        XCTAssertEqual(response.status, 200)
        let huge = try await client.post("/admin/formations/new", [("title_fr", "Formation"), ("ff_count", "99999999999999999999"), ("action", "up:-5")])
        XCTAssertEqual(huge.status, 200)
        let status2 = try await harness.get("/fr/").status
        XCTAssertEqual(status2, 200, "the server is still up")
        await harness.stop()
    }

    func testAHostileIfModifiedSinceIsIgnored() async throws {
        let harness = try await AppHarness.start()
        let css = try await harness.get("/css/site.css", headers: [("If-Modified-Since", "Sun, 06 Nov -2147483648 08:49:37 GMT")])
        XCTAssertEqual(css.status, 200)
        let status3 = try await harness.get("/fr/").status
        XCTAssertEqual(status3, 200, "the server is still up")
        await harness.stop()
    }

    // MARK: - Stored JSON from an import

    func testAnImportedFormWithoutIdsOrWithOtherTypeNamesIsRepairedAndShown() async throws {
        let harness = try await AppHarness.start()
        let imported = """
            [{"name": "full_name", "type": "text", "label_fr": "Nom", "label_ar": "الاسم", "required": true},
             {"name": "phone", "type": "tel", "label_fr": "Téléphone", "label_ar": "الهاتف", "required": "true"},
             {"name": "email", "type": "email", "label": "E-mail"},
             {"name": "budget", "type": "currency", "label_fr": "Budget", "label_ar": "الميزانية", "order": "9"},
             "garbage", {"type": "text"}]
            """
        try await harness.app.pool.query(
            "UPDATE formations SET inscription_form_fields = $1::jsonb WHERE slug = $2", [imported, Demo.publishedSlug])
        for language in ["fr", "ar"] {
            let page = try await harness.get("/\(language)/formations/\(Demo.publishedSlug)")
            XCTAssertEqual(page.status, 200, "the public page never fails over stored JSON (\(language))")
            XCTAssertTrue(page.text.contains(#"name="phone""#) && page.text.contains(#"type="tel""#), "tel is read as a phone field")
            XCTAssertTrue(page.text.contains(#"name="budget""#), "an unknown type renders as text")
        }
        let client = try await signedIn(harness)
        let id: UUID = try await harness.app.pool.query("SELECT id FROM formations WHERE slug = $1", [Demo.publishedSlug]).first!.decode("id")
        let editor = try await client.get("/admin/formations/\(id.uuidString.lowercased())/edit")
        XCTAssertEqual(editor.status, 200)
        XCTAssertTrue(editor.text.contains("« id » manquant"), "each repair is a warning for the admin")
        XCTAssertTrue(editor.text.contains("type « tel » lu comme « phone »"))
        XCTAssertTrue(editor.text.contains("type inconnu « currency »"))
        XCTAssertTrue(editor.text.contains("ce n’est pas un objet JSON"))
        // An enrollment through the repaired form is stored.
        let (accepted, _) = try await EnrollmentFixtures.enroll(harness)
        XCTAssertEqual(accepted.status, 303)
        await harness.stop()
    }

    func testGeneratedStoredFormsNeverFailToRead() {
        var random = SeededRandom(name: "stored form fields")
        defer { random.reportOnFailure(self) }
        let pieces = [#""name""#, #""id""#, #""type""#, #""tel""#, #""order""#, #""label_fr""#, "1e300", "-1", "null", "true", "[]", "{}", #""""#, #""\u0000""#]
        for _ in 0..<2_000 {
            var json = "["
            for index in 0..<random.int(0...5) {
                if index > 0 { json += "," }
                json += random.bool() ? "{" + (0..<random.int(0...6)).map { _ in "\(random.pick(pieces)):\(random.pick(pieces))" }.joined(separator: ",") + "}" : random.pick(pieces)
            }
            json += random.bool() ? "]" : ""
            let read = StoredFormFields.read(json)
            XCTAssertEqual(Set(read.fields.map(\.name)).count, read.fields.count, "names are unique: \(json)")
            XCTAssertFalse(read.fields.contains { $0.name.isEmpty || $0.id.isEmpty }, json)
            if case .failure(let error) = FieldMapping.parse(json) { XCTAssertFalse(error.message.isEmpty) }
            _ = try? JSONDecoder().decode(CRMConfig.self, from: Data(json.utf8))
        }
    }

    // MARK: - Bodies

    func testOversizedBodiesAreRefusedBeforeTheyAreRead() async throws {
        let harness = try await AppHarness.start()
        let port = harness.port
        let started = Date()
        let login = try await blocking {
            try TestHTTP.request(port: port, "POST", "/admin/login", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                 body: Array(String(repeating: "a&", count: 4 * 1024 * 1024).utf8))
        }
        XCTAssertEqual(login.status, 413)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "refused without parsing 8 MiB")
        let answers = (0..<60).map { ("motivation", String(repeating: "x", count: 2_000) + "\($0)") }
        let enrollment = try await blocking {
            try TestHTTP.postForm(port: port, "/ar/formations/\(Demo.publishedSlug)/inscription", answers)
        }
        XCTAssertEqual(enrollment.status, 413)
        XCTAssertTrue(enrollment.text.contains("حجم الإرسال كبير جدًا"), "the refusal is in the visitor's language")
        let stored: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM enrollments WHERE submission_token IS NOT NULL").first!.decode("n")
        XCTAssertEqual(stored, 0)
        await harness.stop()
    }

    // MARK: - Sign-in

    func testParallelGuessesFromOneAddressAreCountedAsTheyArrive() async throws {
        // 200 connections at once from 127.0.0.1: above the per-address connection cap, which is
        // not what this test is about.
        let harness = try await AppHarness.start(server: HardeningTests.sharedAddressServer)
        let port = harness.port
        let page = try await harness.get("/admin/login")
        let cookie = try XCTUnwrap(page.header("set-cookie")?.split(separator: ";").first.map(String.init))
        let token = String(cookie.split(separator: "=", maxSplits: 1)[1])
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await blocking {
                        try TestHTTP.postForm(port: port, "/admin/login", [
                            ("email", "inconnu\(index)@bcos.ma"), ("password", "mauvais mot de passe"), ("login_csrf", token),
                        ], headers: [("Cookie", cookie)]).status
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses.filter { $0 == 401 }.count, 20, "exactly the per-address allowance was checked")
        XCTAssertEqual(statuses.filter { $0 == 429 }.count, 180)
        await harness.stop()
    }

    func testGuessesFromOneAddressDoNotLockTheAdminOutElsewhere() async throws {
        let harness = try await AppHarness.start { $0.trustProxy = true }
        try await AdminAccounts(database: harness.app.database, hasher: PasswordHasher(rounds: 1 << 10))
            .createOrUpdate(email: "direction@bcos.ma", password: Self.password)
        let stranger = AdminClient(port: harness.port)
        stranger.extraHeaders = [("X-Forwarded-For", "203.0.113.9")]
        var statuses: [Int] = []
        for _ in 0..<6 { statuses.append(try await stranger.signIn(email: "direction@bcos.ma", password: "pas le bon").status) }
        XCTAssertEqual(Array(statuses.prefix(3)), [401, 401, 401])
        XCTAssertEqual(statuses.last, 429, "the stranger is slowed down")
        let blocked = try await stranger.signIn(email: "direction@bcos.ma", password: Self.password)
        XCTAssertEqual(blocked.status, 429, "even the right password waits from that address")
        XCTAssertNotNil(blocked.header("retry-after"))
        let admin = AdminClient(port: harness.port)
        admin.extraHeaders = [("X-Forwarded-For", "198.51.100.20")]
        let signIn = try await admin.signIn(email: "direction@bcos.ma", password: Self.password)
        XCTAssertEqual(signIn.status, 303, "the real admin signs in from their own address")
        await harness.stop()
    }

    func testSessionsEndTwelveHoursAfterSignInAndWithAPasswordReset() async throws {
        let harness = try await AppHarness.start()
        let client = try await signedIn(harness, email: "session@bcos.ma")
        let status4 = try await client.get("/admin").status
        XCTAssertEqual(status4, 200)
        try await harness.app.pool.query("UPDATE admin_sessions SET created_at = NOW() - interval '13 hours'")
        let status5 = try await client.get("/admin").status
        XCTAssertEqual(status5, 302, "however active, the session has ended")

        let again = try await signedIn(harness, email: "session@bcos.ma")
        let status6 = try await again.get("/admin").status
        XCTAssertEqual(status6, 200)
        try await harness.app.adminAccounts.createOrUpdate(email: "session@bcos.ma", password: "un tout nouveau mot de passe")
        let status7 = try await again.get("/admin").status
        XCTAssertEqual(status7, 302, "a password reset ends the account's sessions")
        await harness.stop()
    }

    func testAnHTTPSSiteNeedsALongSecretKey() async throws {
        do {
            let harness = try await AppHarness.start(demoData: false) { configuration in
                configuration.baseURL = "https://formation.example.ma"
                configuration.secretKey = "court"
            }
            await harness.stop()
            XCTFail("started with a 5-byte SECRET_KEY")
        } catch let error as StartupError {
            XCTAssertTrue(error.description.contains("SECRET_KEY"))
        }
    }

    func testTheDemoPasswordIsPrintedOnlyWhenTheAccountIsCreated() async throws {
        let harness = try await AppHarness.start(demoData: false)
        let demo = DemoData(
            migrationsDirectory: harness.app.configuration.migrationsDirectory, dataDirectory: harness.app.configuration.dataDirectory,
            logger: harness.app.logger)
        let first = try await demo.ensureAdmin(harness.app)
        XCTAssertNotNil(first.newPassword)
        let second = try await demo.ensureAdmin(harness.app)
        XCTAssertNil(second.newPassword, "never printed again")
        await harness.stop()
    }

    // MARK: - Outbound requests and secrets

    func testTheConnectionTestRefusesInternalAddressesUnlessAllowed() async throws {
        let fake = FakeCRMServer()
        try await fake.start()
        let harness = try await AppHarness.start { $0.outboundAllow = nil }
        let client = try await signedIn(harness)
        let created = try await client.post("/admin/crm/new", [
            ("kind", "webhook"), ("name", "Interne"), ("endpoint", fake.url + "/latest/meta-data"), ("is_active", "on"),
        ])
        XCTAssertEqual(created.status, 303)
        let id = try XCTUnwrap(created.header("location")?.components(separatedBy: "/").dropFirst(3).first)
        _ = try await client.post("/admin/crm/\(id)/test", [])
        let list = try await client.get("/admin/crm")
        XCTAssertTrue(list.text.contains("Adresse interne refusée"), "a clear French refusal")
        XCTAssertTrue(fake.requests.isEmpty, "nothing reached the internal server")
        let smuggled = try await client.post("/admin/crm/new", [
            ("kind", "hubspot"), ("name", "HubSpot"), ("api_key", "pat-na1-xxxx"), ("endpoint", "http://127.0.0.1%3A18099%2Flatest%2Fmeta-data%23"),
        ])
        XCTAssertEqual(smuggled.status, 422, "a percent-encoded host is refused")
        await harness.stop()
        await fake.stop()
    }

    func testSecretHeadersAndTokenCarryingAddressesAreSealedMaskedAndRedacted() async throws {
        let fake = FakeCRMServer()
        try await fake.start()
        let harness = try await AppHarness.start()
        let client = try await signedIn(harness)
        let hook = fake.url + "/services/T0123ABCD/B0456EFGH/xoxb1234567890abcdefXYZ"
        let created = try await client.post("/admin/crm/new", [
            ("kind", "webhook"), ("name", "Slack ventes"), ("endpoint", hook), ("is_active", "on"),
            ("header_name_0", "X-Auth-Key"), ("header_value_0", "cle-tres-secrete-42"), ("header_secret_0", "on"),
            ("header_name_1", "X-Team"), ("header_value_1", "ventes"),
        ])
        XCTAssertEqual(created.status, 303)
        let editPath = try XCTUnwrap(created.header("location")?.components(separatedBy: "?").first)
        let raw: String = try await harness.app.pool.query("SELECT config::text AS c FROM crm_integrations WHERE name = 'Slack ventes'").first!.decode("c")
        XCTAssertFalse(raw.contains("cle-tres-secrete-42"), "the marked header is sealed at rest")
        XCTAssertFalse(raw.contains("xoxb1234567890abcdefXYZ"), "so is the token-carrying address")
        XCTAssertTrue(raw.contains("ventes"), "ordinary headers stay readable")
        let edit = try await client.get(editPath)
        XCTAssertFalse(edit.text.contains("cle-tres-secrete-42"))
        XCTAssertFalse(edit.text.contains("xoxb1234567890abcdefXYZ"), "the address is shown as its origin only")
        let id = try XCTUnwrap(editPath.components(separatedBy: "/").dropFirst(3).first)
        _ = try await client.post("/admin/crm/\(id)/test", [])
        XCTAssertEqual(fake.requests.last?.header("x-auth-key"), "cle-tres-secrete-42", "the receiver gets the real value")
        let log: String = try await harness.app.pool.query("SELECT request_data::text AS r FROM crm_logs WHERE is_test").first!.decode("r")
        XCTAssertFalse(log.contains("cle-tres-secrete-42"), "the log never shows it")
        XCTAssertFalse(log.contains("xoxb1234567890abcdefXYZ"))

        // Pointing the integration elsewhere: the stored secrets must be typed again.
        let moved = try await client.post(editPath, [
            ("name", "Slack ventes"), ("endpoint", "https://collecte.example.net/hook"), ("is_active", "on"),
            ("header_name_0", "X-Auth-Key"), ("header_value_0", "••••s-42"), ("header_secret_0", "on"),
        ])
        XCTAssertEqual(moved.status, 422)
        XCTAssertTrue(moved.text.contains("La destination a changé"))
        let unchanged: String = try await harness.app.pool.query("SELECT config::text AS c FROM crm_integrations WHERE name = 'Slack ventes'").first!.decode("c")
        XCTAssertEqual(unchanged, raw, "nothing was saved")
        await harness.stop()
        await fake.stop()
    }

    // MARK: - Header parsers

    func testGeneratedAcceptLanguageAndForwardedForNeverTrap() {
        var random = SeededRandom(name: "accept-language and x-forwarded-for")
        defer { random.reportOnFailure(self) }
        let alphabet = Array("arfrAR-_;q=0.9,*  \u{0}é١.:ff")
        for _ in 0..<5_000 {
            let header = String((0..<random.int(0...40)).map { _ in random.pick(alphabet) })
            let language = Language.negotiate(acceptLanguage: header)
            XCTAssertTrue(Language.allCases.contains(language))
            _ = ForwardedClientMiddleware.isLoopback(header)
            if let address = ForwardedClientMiddleware.clientAddress(forwardedFor: header) {
                XCTAssertTrue(address.allSatisfy { "0123456789abcdefABCDEF.:".contains($0) }, "only address characters: \(header.debugDescription)")
                XCTAssertLessThanOrEqual(address.count, 64)
            }
        }
        XCTAssertEqual(ForwardedClientMiddleware.clientAddress(forwardedFor: "203.0.113.9, 10.0.0.1"), "10.0.0.1", "the proxy's own entry")
        XCTAssertNil(ForwardedClientMiddleware.clientAddress(forwardedFor: "127.0.0.1\r\nX-Admin: 1"))
        XCTAssertEqual(Language.negotiate(acceptLanguage: "ar-MA,ar;q=0.9,fr;q=0.5"), .ar)
        XCTAssertEqual(Language.negotiate(acceptLanguage: "fr;q=abc, ar;q=-1"), .fr)
    }
}
