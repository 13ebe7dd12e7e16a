@testable import BCOS
import Foundation
import Postgres
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
            // Courses with sessions on offer ask for a session too (SessionTests cover them).
            guard try await harness.app.database.run({ try $0.sessions.offered(courseID: course.id) }).isEmpty else { continue }
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
            // Escaped text, with a consent box's links to the legal pages (`[…](/confidentialite)`) as links.
            XCTAssertTrue(page.text.contains(LabelMarkup.html(field.label_ar, in: .ar)), "Arabic label of \(field.name)")
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
        let location = try XCTUnwrap(response.header("location"))
        XCTAssertTrue(location.hasPrefix("/fr/formations/\(slug)/merci?inscription="), location)
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
        let thanks = try await harness.get(location)
        XCTAssertEqual(thanks.status, 200)
        XCTAssertTrue(thanks.text.contains(Messages.text("thanks_title", in: .fr)))
        XCTAssertTrue(thanks.text.contains("Salma Bennani"), "the thank-you page sums up what was sent")
        XCTAssertTrue(thanks.text.contains(">BC-"), "and gives the reference number")
        // Without the signed link it is the plain thank-you: nobody reads an enrollment by its id.
        let id = String(location.split(separator: "=")[1].prefix(36))
        let guessed = try await harness.get("/fr/formations/\(slug)/merci?inscription=\(id)&t=1&k=00")
        XCTAssertEqual(guessed.status, 200)
        XCTAssertFalse(guessed.text.contains("Salma Bennani"))
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
        let count: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM enrollments WHERE submission_token IS NOT NULL").first!.decode("n")
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
        let count: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM enrollments WHERE submission_token IS NOT NULL").first!.decode("n")
        XCTAssertEqual(count, 0)
    }

    func post(_ slug: String, language: String = "fr", _ answers: [(String, String)], from address: String? = nil) async throws -> HTTPTestResponse {
        let port = harness.port
        let headers = address.map { [("X-Forwarded-For", $0)] } ?? []
        return try await blocking { try TestHTTP.postForm(port: port, "/\(language)/formations/\(slug)/inscription", answers, headers: headers) }
    }

    func count(_ sql: String = "SELECT count(*) AS n FROM enrollments WHERE submission_token IS NOT NULL", _ parameters: [any PostgresEncodable] = []) async throws -> Int {
        try await harness.app.pool.query(sql, parameters).first!.decode("n")
    }

    /// #12: a token that is not ours, not for this course, or too old brings the form back with
    /// the visitor's input and a message in their language; nothing is stored, nothing is lost.
    func testForgedForeignOrExpiredTokensShowTheFormAgainWithTheInputKept() async throws {
        let (slug, fields) = try await course()
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: slug) }) else { return XCTFail() }
        let tokens = harness.app.submissionTokens
        let good = tokens.make(courseID: course.id)
        let forged = String(good.dropLast(2)) + (good.hasSuffix("AA") ? "BB" : "AA")
        let cases: [(String, String)] = [
            ("forged", forged),
            ("another course", tokens.make(courseID: UUID())),
            ("expired", tokens.make(courseID: course.id, now: Date().addingTimeInterval(-25 * 3600))),
            ("another key", SubmissionTokenSigner(secretKey: "not our key").make(courseID: course.id)),
            ("random, old format", "abcdefghijklmnopqrstuv"),
            ("missing", ""),
        ]
        for (language, (name, sent)) in zip(["fr", "ar", "fr", "ar", "fr", "ar"], cases) {
            var answers = validAnswers(fields, token: sent, overrides: ["full_name": "Nadia Alaoui"])
            answers.append(("utm_source", "newsletter"))
            let response = try await post(slug, language: language, answers)
            XCTAssertEqual(response.status, 422, name)
            let lang = Language(rawValue: language)!
            XCTAssertTrue(response.text.contains(HTMLEscape.text(Messages.text("form_error_expired", in: lang))), "\(name): message in \(language)")
            XCTAssertTrue(response.text.contains("value=\"Nadia Alaoui\""), "\(name): input kept")
            XCTAssertTrue(response.text.contains("name=\"utm_source\" value=\"newsletter\""), "\(name): tracking kept")
            let fresh = try token(from: response.text)
            XCTAssertEqual(tokens.check(fresh, courseID: course.id), .valid(issuedAt: SubmissionToken(parsing: fresh)!.issuedAt), "\(name): a good token to send again")
        }
        let stored = try await count()
        XCTAssertEqual(stored, 0)
        // The form from the landing page comes back to the landing page.
        var landing = validAnswers(fields, token: forged)
        landing.append(("via", "presentation"))
        let fromLanding = try await post(Demo.publishedSlug, landing)
        XCTAssertEqual(fromLanding.status, 422)
        XCTAssertTrue(fromLanding.text.contains("name=\"via\" value=\"presentation\""))
        // Sent again with the fresh token, it is stored.
        let again = try await post(slug, validAnswers(fields, token: try token(from: try await harness.get("/fr/formations/\(slug)").text)))
        XCTAssertEqual(again.status, 303)
    }

    /// #12: back and resubmit the same answers is one enrollment (one outbox row per integration);
    /// back and enrol a colleague from the same page is a second enrollment, not silently dropped.
    func testTheSameFormWithOtherAnswersIsANewEnrollmentAndWithTheSameAnswersIsNot() async throws {
        try await CRMTestSupport.integrate(harness, kind: .webhook, config: CRMConfig(endpoint: "http://127.0.0.1:9/hook"))
        let slug = Demo.publishedSlug
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: slug) }) else { return XCTFail() }
        let fields = DefaultForm.effectiveFields(for: course)
        let token = try token(from: try await harness.get("/fr/formations/\(slug)").text)
        let salma = validAnswers(fields, token: token)
        let karim = validAnswers(fields, token: token, overrides: ["full_name": "Karim Tazi", "email": "karim.tazi@example.ma"])
        for answers in [salma, salma, karim, karim, salma] {
            let response = try await post(slug, answers)
            XCTAssertEqual(response.status, 303)
            XCTAssertTrue(response.header("location")?.hasPrefix("/fr/formations/\(slug)/merci?inscription=") ?? false)
        }
        let names = try await harness.app.pool.query(
            "SELECT full_name FROM enrollments WHERE submission_token = $1 ORDER BY created_at", [token]).rows.map { try $0.decode("full_name", as: String.self) }
        XCTAssertEqual(names, ["Salma Bennani", "Karim Tazi"])
        let outbox = try await count("SELECT count(*) AS n FROM crm_logs l JOIN enrollments e ON e.id = l.enrollment_id WHERE e.submission_token = $1", [token])
        XCTAssertEqual(outbox, 2, "one pending delivery per enrollment, none for the duplicates")
        // A resubmission after the whitespace is tidied by validation is still the same answers.
        let spaced = validAnswers(fields, token: token, overrides: ["full_name": "  Karim Tazi ", "email": "karim.tazi@example.ma"])
        let response = try await post(slug, spaced)
        XCTAssertEqual(response.status, 303)
        let stored = try await count()
        XCTAssertEqual(stored, 2)
    }

    /// #12: the per-address limit counts accepted enrollments only, lives in PostgreSQL (another
    /// instance's enrollments count), and when it triggers the form comes back (429) with
    /// everything typed and a message in the visitor's language.
    func testTheRateLimitCountsAcceptedEnrollmentsSharedInPostgresAndKeepsTheInput() async throws {
        await harness.stop()
        harness = try await AppHarness.start { $0.enrollmentRateLimit = 3; $0.trustProxy = true }
        let slug = Demo.publishedSlug
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: slug) }) else { return XCTFail() }
        let fields = DefaultForm.effectiveFields(for: course)
        let tokens = harness.app.submissionTokens
        let address = "203.0.113.7"
        // Refused forms do not count.
        for _ in 0..<6 {
            let refused = try await post(slug, language: "ar", [("submission_token", tokens.make(courseID: course.id)), ("full_name", "")], from: address)
            XCTAssertEqual(refused.status, 422)
        }
        // Another instance accepted two from this address a minute ago, and one long ago.
        let hash = harness.app.submissionLimiter.addressHash(address)
        for age in [60, 60, 3600] {
            try await harness.app.pool.query("""
                INSERT INTO enrollments (full_name, email, phone, client_address_hash, created_at)
                VALUES ('ailleurs', 'a@example.ma', '0600000000', $1, NOW() - make_interval(secs => $2))
                """, [hash, age])
        }
        let first = try await post(slug, language: "ar", validAnswers(fields, token: tokens.make(courseID: course.id)), from: address)
        XCTAssertEqual(first.status, 303, "the third within the window")
        let acceptedToken = tokens.make(courseID: course.id)
        let accepted = validAnswers(fields, token: acceptedToken, overrides: ["full_name": "Déjà Inscrit"])
        var typed = validAnswers(fields, token: tokens.make(courseID: course.id), overrides: ["full_name": "سلمى بناني"])
        typed.append(("utm_campaign", "rentree"))
        let limited = try await post(slug, language: "ar", typed, from: address)
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.header("retry-after"), "600")
        XCTAssertTrue(limited.text.contains(HTMLEscape.text(Messages.text("form_error_rate_limited", in: .ar))))
        XCTAssertTrue(limited.text.contains("value=\"سلمى بناني\""), "what the visitor typed is kept")
        XCTAssertTrue(limited.text.contains("name=\"utm_campaign\" value=\"rentree\""))
        XCTAssertTrue(limited.text.contains("name=\"submission_token\""))
        // Other addresses are not affected.
        let other = try await post(slug, accepted, from: "198.51.100.20")
        XCTAssertEqual(other.status, 303)
        // A resubmission of an accepted form is not a new enrollment, so it passes at the limit.
        let resubmitted = try await post(slug, accepted, from: address)
        XCTAssertEqual(resubmitted.status, 303)
        let fromAddress = try await count("SELECT count(*) AS n FROM enrollments WHERE client_address_hash = $1 AND full_name <> 'ailleurs'", [hash])
        XCTAssertEqual(fromAddress, 1)
        let fromOther = try await count("SELECT count(*) AS n FROM enrollments WHERE client_address_hash IS NOT NULL AND client_address_hash <> $1", [hash])
        XCTAssertEqual(fromOther, 1)
        let plain = try await count("SELECT count(*) AS n FROM enrollments WHERE client_address_hash LIKE '%203.0.113%'")
        XCTAssertEqual(plain, 0, "the address itself is not stored")
    }

    /// #12: concurrent submissions from one address cannot race past the limit.
    func testConcurrentSubmissionsFromOneAddressStopExactlyAtTheLimit() async throws {
        await harness.stop()
        harness = try await AppHarness.start { $0.enrollmentRateLimit = 4; $0.trustProxy = true }
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: Demo.publishedSlug) }) else { return XCTFail() }
        let fields = DefaultForm.effectiveFields(for: course)
        let tokens = harness.app.submissionTokens
        let port = harness.port
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<12 {
                let answers = EnrollmentFixtures.validAnswers(fields, token: tokens.make(courseID: course.id), overrides: ["company": "lot \(index)"])
                group.addTask {
                    try await blocking {
                        try TestHTTP.postForm(port: port, "/fr/formations/\(Demo.publishedSlug)/inscription", answers, headers: [("X-Forwarded-For", "192.0.2.1")]).status
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses.filter { $0 == 303 }.count, 4, "\(statuses)")
        XCTAssertEqual(statuses.filter { $0 == 429 }.count, 8, "\(statuses)")
        let stored = try await count()
        XCTAssertEqual(stored, 4)
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
