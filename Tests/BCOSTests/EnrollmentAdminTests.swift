@testable import BCOS
import Foundation
import TestSupport
import XCTest

final class EnrollmentAdminTests: XCTestCase {
    var harness: AppHarness!
    var client: AdminClient!

    override func setUp() async throws {
        harness = try await AppHarness.start()
        try await AdminAccounts(database: harness.app.database, hasher: PasswordHasher(rounds: 1 << 10)).createOrUpdate(email: "crm@bcos.ma", password: "un mot de passe solide")
        client = AdminClient(port: harness.port)
        _ = try await client.signIn(email: "crm@bcos.ma", password: "un mot de passe solide")
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    /// An enrollment submitted through the public form, as a visitor would.
    func submit(fullName: String, motivation: String, language: String = "ar") async throws -> UUID {
        let slug = "management-d-equipe-et-leadership"
        let page = try await harness.get("/\(language)/formations/\(slug)")
        let range = try XCTUnwrap(page.text.range(of: "name=\"submission_token\" value=\"[A-Za-z0-9_-]{76}\"", options: .regularExpression))
        let token = String(page.text[range].dropLast().suffix(76))
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: slug) }) else { throw HTTPTestError() }
        var answers: [(String, String)] = [("submission_token", token)]
        for field in DefaultForm.effectiveFields(for: course) {
            switch field.name {
            case "full_name": answers.append((field.name, fullName))
            case "motivation": answers.append((field.name, motivation))
            default:
                switch field.type {
                case .email: answers.append((field.name, "visiteur@example.ma"))
                case .phone: answers.append((field.name, "+212 6 12 34 56 78"))
                case .select: answers.append((field.name, field.options?.first?.value ?? ""))
                case .checkbox: answers.append((field.name, field.options?.first?.value ?? "on"))
                case .date: answers.append((field.name, "2027-02-01"))
                default: answers.append((field.name, "=HYPERLINK(\"http://evil\")"))
                }
            }
        }
        let port = harness.port
        let posted = answers
        let response = try await blocking { try TestHTTP.postForm(port: port, "/\(language)/formations/\(slug)/inscription", posted) }
        XCTAssertEqual(response.status, 303)
        return try await harness.app.pool.query("SELECT id FROM enrollments WHERE submission_token = $1", [token]).first!.decode("id")
    }

    struct HTTPTestError: Error {}

    func testHostileAnswersAreShownEscapedAndExportedSafely() async throws {
        // (Bidirectional override characters are refused by the form: see HardeningTests.)
        let hostile = "<script>alert('x')</script> {{#x}}y{{/x}} evil"
        let id = try await submit(fullName: "أمينة <b>الإدريسي</b>", motivation: hostile)
        let list = try await client.get("/admin/inscriptions")
        XCTAssertTrue(list.text.contains("أمينة &lt;b&gt;الإدريسي&lt;/b&gt;"))
        XCTAssertFalse(list.text.contains("<b>الإدريسي</b>"))
        let detail = try await client.get("/admin/inscriptions/\(id.uuidString.lowercased())")
        XCTAssertEqual(detail.status, 200)
        XCTAssertTrue(detail.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{#x}}y{{/x}}"))
        XCTAssertFalse(detail.text.contains("<script>alert"))
        XCTAssertTrue(detail.text.contains("<a href=\"tel:+212612345678\">"), "the phone number dials from a phone")
        XCTAssertTrue(list.text.contains("<a href=\"tel:+212612345678\">"))

        let csv = try await client.get("/admin/inscriptions/export.csv")
        XCTAssertEqual(csv.status, 200)
        XCTAssertEqual(csv.header("content-type"), "text/csv; charset=utf-8")
        XCTAssertEqual(Array(csv.body.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark for spreadsheet programs")
        XCTAssertTrue(csv.text.contains("\"أمينة <b>الإدريسي</b>\""), "Arabic intact, stored as data")
        XCTAssertTrue(csv.text.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "formula neutralised and quotes doubled")
        XCTAssertFalse(csv.text.contains(",\"=HYPERLINK") || csv.text.contains(";\"=HYPERLINK"))
    }

    func testStatusNotesAndDatesAndFilters() async throws {
        let id = try await submit(fullName: "Karim Alaoui", motivation: "Évoluer", language: "fr")
        _ = try await submit(fullName: "Salma Bennani", motivation: "Apprendre")
        let path = "/admin/inscriptions/\(id.uuidString.lowercased())"
        _ = try await client.get(path)
        let bad = try await client.post(path, [("status", "perdu"), ("contact_date", "demain")])
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("Statut inconnu."))
        let saved = try await client.post(path, [
            ("status", "confirmed"), ("notes", "Rappeler après 18 h"), ("commercial_notes", "Devis envoyé"),
            ("contact_date", "2026-11-26"), ("follow_up_date", "2026-12-03"),
        ])
        XCTAssertEqual(saved.status, 303)
        let row = try await harness.app.pool.query("SELECT status, notes, commercial_notes, contact_date FROM enrollments WHERE id = $1", [id]).first
        XCTAssertEqual(try row?.decode("status", as: String.self), "confirmed")
        XCTAssertEqual(try row?.decode("notes", as: String.self), "Rappeler après 18 h")
        XCTAssertNotNil(try row?.decodeIfPresent("contact_date", as: Date.self))

        let confirmed = try await client.get("/admin/inscriptions?status=confirmed")
        XCTAssertTrue(confirmed.text.contains("Karim Alaoui"))
        XCTAssertFalse(confirmed.text.contains("Salma Bennani"))
        let arabic = try await client.get("/admin/inscriptions?language=ar&q=salma")
        XCTAssertTrue(arabic.text.contains("Salma Bennani"))
        XCTAssertFalse(arabic.text.contains("Karim Alaoui"))
        let csv = try await client.get("/admin/inscriptions/export.csv?status=confirmed")
        XCTAssertTrue(csv.text.contains("Karim Alaoui"))
        XCTAssertFalse(csv.text.contains("Salma Bennani"), "the export follows the filters")
    }
}
