@testable import BCOS
import Foundation
import TestSupport
import XCTest

final class EnrollmentTests: XCTestCase {
    var harness: AppHarness!

    override func setUp() async throws {
        harness = try await AppHarness.start()
    }

    override func tearDown() async throws {
        await harness.stop()
    }

    /// A published course whose form has the given field names.
    func course(withFields names: [String] = ["full_name", "email", "phone"]) async throws -> (slug: String, fields: [FormField]) {
        let rows = try await harness.app.pool.query("SELECT slug FROM formations WHERE is_published AND is_active ORDER BY slug").rows
        for row in rows {
            let slug: String = try row.decode("slug")
            guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: slug) }) else { continue }
            let fields = DefaultForm.effectiveFields(for: course)
            if names.allSatisfy({ name in fields.contains { $0.name == name } }) { return (slug, fields) }
        }
        throw TestEnvironment.Missing(variable: "a demo course with fields \(names)")
    }

    func token(from html: String) throws -> String { try EnrollmentFixtures.token(from: html) }

    func validAnswers(_ fields: [FormField], token: String, overrides: [String: String] = [:]) -> [(String, String)] {
        EnrollmentFixtures.validAnswers(fields, token: token, overrides: overrides)
    }

    func testFormIsGeneratedFromTheCourseFields() async throws {
        let (slug, fields) = try await course()
        let page = try await harness.get("/ar/formations/\(slug)")
        XCTAssertEqual(page.status, 200)
        for field in fields {
            XCTAssertTrue(page.text.contains("name=\"\(field.name)\""), "field \(field.name) is rendered")
            XCTAssertTrue(page.text.contains("for=\"f-\(field.name)\"") || field.type == .checkbox && field.options?.isEmpty == false, "field \(field.name) has a label")
            XCTAssertTrue(page.text.contains(HTMLEscape.text(field.label_ar)), "Arabic label of \(field.name)")
        }
        XCTAssertTrue(page.text.contains("type=\"email\""))
        XCTAssertTrue(page.text.contains("autocomplete=\"email\""))
        XCTAssertTrue(page.text.contains(" required"))
    }

    func testValidSubmissionIsStoredAndRedirectsToThanks() async throws {
        let (slug, fields) = try await course()
        let page = try await harness.get("/fr/formations/\(slug)?utm_source=google&utm_campaign=rentree")
        let token = try token(from: page.text)
        XCTAssertTrue(page.text.contains("name=\"utm_source\" value=\"google\""))
        let port = harness.port
        var answers = validAnswers(fields, token: token)
        answers.append(("utm_source", "google"))
        answers.append(("utm_campaign", "rentree"))
        answers.append(("unknown_field", "ignored"))
        let submitted = answers
        let response = try await blocking { try TestHTTP.postForm(port: port, "/fr/formations/\(slug)/inscription", submitted) }
        XCTAssertEqual(response.status, 303)
        XCTAssertEqual(response.header("location"), "/fr/formations/\(slug)/merci")
        let row = try await harness.app.pool.query(
            "SELECT full_name, email, status, language_preference, source, form_data::text AS data, form_fields_snapshot::text AS snapshot FROM enrollments WHERE submission_token = $1",
            [token]).first
        let stored = try XCTUnwrap(row)
        XCTAssertEqual(try stored.decode("full_name", as: String.self), "Salma Bennani")
        XCTAssertEqual(try stored.decode("status", as: String.self), "new")
        XCTAssertEqual(try stored.decode("language_preference", as: String.self), "fr")
        XCTAssertEqual(try stored.decode("source", as: String.self), "website; utm_source=google; utm_campaign=rentree")
        XCTAssertFalse(try stored.decode("data", as: String.self).contains("unknown_field"), "unknown fields are ignored")
        XCTAssertTrue(try stored.decode("snapshot", as: String.self).contains("\"full_name\""))
        let thanks = try await harness.get("/fr/formations/\(slug)/merci")
        XCTAssertEqual(thanks.status, 200)
        XCTAssertTrue(thanks.text.contains(Messages.text("thanks_title", in: .fr)))
    }

    func testDoubleSubmitCreatesOneEnrollment() async throws {
        let (slug, fields) = try await course()
        let token = try token(from: try await harness.get("/fr/formations/\(slug)").text)
        let port = harness.port
        let answers = validAnswers(fields, token: token)
        for _ in 0..<3 {
            let response = try await blocking { try TestHTTP.postForm(port: port, "/fr/formations/\(slug)/inscription", answers) }
            XCTAssertEqual(response.status, 303)
        }
        let count: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM enrollments WHERE submission_token = $1", [token]).first!.decode("n")
        XCTAssertEqual(count, 1)
    }

    func testInvalidSubmissionIs422WithErrorsInThePageLanguageAndInputKept() async throws {
        let (slug, fields) = try await course()
        let token = try token(from: try await harness.get("/ar/formations/\(slug)").text)
        let port = harness.port
        let answers = validAnswers(fields, token: token, overrides: ["email": "pas-une-adresse", "phone": "12", "full_name": "<script>alert('x')</script> {{name}}"])
        let response = try await blocking { try TestHTTP.postForm(port: port, "/ar/formations/\(slug)/inscription", answers) }
        XCTAssertEqual(response.status, 422)
        XCTAssertTrue(response.text.contains(Messages.text("form_error_email", in: .ar)))
        XCTAssertTrue(response.text.contains(Messages.text("form_error_phone", in: .ar)))
        XCTAssertFalse(response.text.contains(Messages.text("form_error_email", in: .fr)))
        XCTAssertTrue(response.text.contains("value=\"pas-une-adresse\""), "the visitor's input is kept")
        XCTAssertTrue(response.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{name}}"), "kept input is escaped, mustache tags stay text")
        XCTAssertFalse(response.text.contains("<script>alert"))
        XCTAssertTrue(response.text.contains("aria-invalid=\"true\" aria-describedby=\"f-email-error\""))
        XCTAssertTrue(response.text.contains("id=\"f-email-error\""))
        let count: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM enrollments").first!.decode("n")
        XCTAssertEqual(count, 0, "nothing stored")
    }

    func testHostileValuesAreStoredAsData() async throws {
        let (slug, fields) = try await course(withFields: ["full_name", "email", "phone", "motivation"])
        let token = try token(from: try await harness.get("/fr/formations/\(slug)").text)
        let hostile = "'); DROP TABLE enrollments; -- <img src=x onerror=alert(1)> evil {{#x}}{{/x}} " + String(repeating: "ب", count: 4000)
        let port = harness.port
        let answers = validAnswers(fields, token: token, overrides: ["motivation": hostile])
        let response = try await blocking { try TestHTTP.postForm(port: port, "/fr/formations/\(slug)/inscription", answers) }
        XCTAssertEqual(response.status, 303)
        let stored: String = try await harness.app.pool.query("SELECT motivation FROM enrollments WHERE submission_token = $1", [token]).first!.decode("motivation")
        XCTAssertEqual(stored, hostile.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func testTooLongAndNULValuesAreRefusedWithAClearError() async throws {
        let (slug, fields) = try await course()
        let token = try token(from: try await harness.get("/fr/formations/\(slug)").text)
        let port = harness.port
        let longAnswers = validAnswers(fields, token: token, overrides: ["full_name": String(repeating: "x", count: 20_000)])
        let long = try await blocking { try TestHTTP.postForm(port: port, "/fr/formations/\(slug)/inscription", longAnswers) }
        XCTAssertEqual(long.status, 422)
        XCTAssertTrue(long.text.contains(Messages.text("form_error_too_long", in: .fr)))
        let nulAnswers = validAnswers(fields, token: token, overrides: ["full_name": "Ali\u{0}Baba"])
        let nul = try await blocking { try TestHTTP.postForm(port: port, "/fr/formations/\(slug)/inscription", nulAnswers) }
        XCTAssertEqual(nul.status, 422)
        XCTAssertTrue(nul.text.contains(Messages.text("form_error_characters", in: .fr)))
    }

    func testHoneypotStoresNothing() async throws {
        let (slug, fields) = try await course()
        let token = try token(from: try await harness.get("/fr/formations/\(slug)").text)
        let port = harness.port
        var answers = validAnswers(fields, token: token)
        answers.removeAll { $0.0 == "website" }
        answers.append(("website", "http://spam.example"))
        let submitted = answers
        let response = try await blocking { try TestHTTP.postForm(port: port, "/fr/formations/\(slug)/inscription", submitted) }
        XCTAssertEqual(response.status, 303)
        let count: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM enrollments").first!.decode("n")
        XCTAssertEqual(count, 0)
    }

    func testRateLimitAnswers429InTheVisitorsLanguage() async throws {
        let (slug, _) = try await course()
        let port = harness.port
        var statuses: [Int] = []
        for _ in 0..<12 {
            let response = try await blocking { try TestHTTP.postForm(port: port, "/ar/formations/\(slug)/inscription", [("full_name", "")]) }
            statuses.append(response.status)
            if response.status == 429 {
                XCTAssertTrue(response.text.contains(Messages.text("error_429_title", in: .ar)))
            }
        }
        XCTAssertEqual(statuses.prefix(10).allSatisfy { $0 == 422 }, true)
        XCTAssertEqual(statuses.last, 429)
    }
}

final class FormValidatorTests: XCTestCase {
    func testPhoneEmailAndDateRules() {
        XCTAssertTrue(FormValidator.isPhone("+212 6 61-23.45 67"))
        XCTAssertTrue(FormValidator.isPhone("(0522) 12 34 56"))
        XCTAssertFalse(FormValidator.isPhone("1234567"))
        XCTAssertFalse(FormValidator.isPhone("+2126612345678901234567"))
        XCTAssertFalse(FormValidator.isPhone("06 61 23 45 67 ext"))
        XCTAssertFalse(FormValidator.isPhone("06+61234567"))
        XCTAssertTrue(FormValidator.isEmail("salma.bennani+bcos@example.co.ma"))
        XCTAssertFalse(FormValidator.isEmail("salma@localhost"))
        XCTAssertFalse(FormValidator.isEmail("a b@example.com"))
        XCTAssertFalse(FormValidator.isEmail("a@@example.com"))
        XCTAssertTrue(FormValidator.isISODate("2028-02-29"))
        XCTAssertFalse(FormValidator.isISODate("2027-02-29"))
        XCTAssertFalse(FormValidator.isISODate("15/01/2027"))
    }
}
