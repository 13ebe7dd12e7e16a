@testable import BCOS
import Foundation
import Postgres
import TestSupport
import XCTest

/// A visitor's data rights from an enrollment's admin page (law 09-08, GDPR): export of
/// everything stored about the person (every enrollment with the same e-mail, whatever its case),
/// anonymisation, deletion, and the retention rule of `bcos purge-enrollments` — through HTTP and
/// the real PostgreSQL, with the CRM log rows and outbox e-mails that hang off the enrollments.
final class PersonDataTests: XCTestCase {
    static let otherSlug = "gestion-de-projet-agile-avec-scrum"

    /// E-mails configured (the outbox is written) but no mail worker: the messages stay pending.
    func harness(retentionMonths: Int? = nil) async throws -> AppHarness {
        try await AppHarness.start {
            $0.smtpURL = "smtp://127.0.0.1:9?security=none"
            $0.mailFrom = "inscriptions@bcos.ma"
            $0.notifyEmail = "ventes@bcos.ma"
            $0.enrollmentRetentionMonths = retentionMonths
        }
    }

    func enroll(_ harness: AppHarness, slug: String = Demo.publishedSlug, _ overrides: [String: String]) async throws -> UUID {
        let (response, token) = try await EnrollmentFixtures.enroll(harness, slug: slug, overrides: overrides)
        XCTAssertEqual(response.status, 303, "enrolled \(overrides)")
        return try await harness.app.pool.query("SELECT id FROM enrollments WHERE submission_token = $1", [token]).first!.decode("id")
    }

    struct Person {
        let first: UUID
        let second: UUID
        let other: UUID
    }

    /// Houda twice (the e-mail typed with capitals once, on another course with a session), Karim
    /// once; a delivered CRM row that quotes Houda, a pending one, one for Karim; notes on Houda's
    /// first enrollment and one of her e-mails sent.
    func people(_ harness: AppHarness) async throws -> Person {
        let first = try await enroll(harness, ["email": "Houda.Kettani@Example.ma", "full_name": "Houda Kettani", "motivation": "Devenir cheffe d’équipe chez Atlas"])
        let second = try await enroll(harness, slug: Self.otherSlug, ["email": "houda.kettani@example.ma", "full_name": "Houda Kettani"])
        let other = try await enroll(harness, ["email": "karim.alaoui@example.ma", "full_name": "Karim Alaoui"])
        let pool = harness.app.pool
        let request = #"{"method": "POST", "url": "https://crm.example.com/hook", "body": {"email": "houda.kettani@example.ma", "full_name": "Houda Kettani", "phone": "+212 6 61 23 45 67"}}"#
        _ = try await pool.query("""
            INSERT INTO crm_logs (enrollment_id, status, request_data, response_data, outcome_message, attempted_at, response_status, retry_count)
            VALUES ($1, 'success', $2::jsonb, '{"id": "c-1", "properties": {"email": "houda.kettani@example.ma"}}'::jsonb,
                    'Contact créé pour houda.kettani@example.ma', NOW(), 200, 1)
            """, [first, request])
        _ = try await pool.query("INSERT INTO crm_logs (enrollment_id, status) VALUES ($1, 'pending')", [second])
        _ = try await pool.query("""
            INSERT INTO crm_logs (enrollment_id, status, request_data, attempted_at, response_status)
            VALUES ($1, 'success', '{"body": {"email": "karim.alaoui@example.ma"}}'::jsonb, NOW(), 200)
            """, [other])
        _ = try await pool.query("UPDATE enrollments SET notes = 'Rappeler Houda mardi', commercial_notes = 'Remise 10 %' WHERE id = $1", [first])
        _ = try await pool.query("""
            UPDATE email_outbox SET status = 'sent', sent_at = NOW()
            WHERE id = (SELECT id FROM email_outbox WHERE enrollment_id = $1 AND kind <> 'team' ORDER BY created_at LIMIT 1)
            """, [first])
        return Person(first: first, second: second, other: other)
    }

    func count(_ harness: AppHarness, _ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> Int {
        try await harness.app.pool.query(sql, parameters).first!.decode("n")
    }

    /// `SELECT count(*) AS n …` is `expected`.
    func assertCount(
        _ harness: AppHarness, _ sql: String, _ parameters: [any PostgresEncodable] = [], is expected: Int, _ message: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        let n = try await count(harness, sql, parameters)
        XCTAssertEqual(n, expected, message, file: file, line: line)
    }

    func path(_ id: UUID) -> String { "/admin/inscriptions/\(id.lowercasedString)" }

    static func array(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let items)? = value { return items }
        return []
    }

    // MARK: - Export

    func testTheExportHoldsEveryEnrollmentOfTheEmailAndNobodyElses() async throws {
        let harness = try await harness()
        defer { Task { await harness.stop() } }
        let people = try await people(harness)
        let client = try await AdminClient.signedIn(harness, email: "dpo@bcos.ma")

        let signedOut = try await harness.get(path(people.first) + "/donnees.json")
        XCTAssertNotEqual(signedOut.status, 200, "admins only")

        let response = try await client.get(path(people.first) + "/donnees.json")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("content-type"), "application/json; charset=utf-8")
        XCTAssertEqual(response.header("cache-control"), "no-store")
        let disposition = try XCTUnwrap(response.header("content-disposition"))
        XCTAssertTrue(disposition.hasPrefix("attachment; filename=\"donnees-BC-"), disposition)
        XCTAssertFalse(disposition.contains("houda"), "no e-mail in the file name")
        let json = try XCTUnwrap(JSONValue.parse(response.body))
        let enrollments = Self.array(json["enrollments"])
        XCTAssertEqual(enrollments.count, 2, "both of Houda's enrollments, the e-mail compared without case")
        XCTAssertEqual(Set(enrollments.compactMap { $0["id"]?.text }), [people.first.lowercasedString, people.second.lowercasedString])
        XCTAssertFalse(response.text.lowercased().contains("karim"), "nobody else's data")

        let first = try XCTUnwrap(enrollments.first { $0["id"]?.text == people.first.lowercasedString })
        XCTAssertEqual(first["email"]?.text, "Houda.Kettani@Example.ma")
        XCTAssertEqual(first["notes"]?.text, "Rappeler Houda mardi")
        XCTAssertEqual(first["status_label"]?.text, "Nouvelle")
        XCTAssertEqual(first["course"]?["title"]?.text, "Management d'équipe et leadership")
        XCTAssertEqual(first["columns"]?["commercial_notes"]?.text, "Remise 10 %", "every column of the row")
        XCTAssertNotNil(first["columns"]?["client_address_hash"])
        let answers = Self.array(first["answers"])
        XCTAssertTrue(answers.contains { $0["field"]?.text == "motivation" && $0["label_fr"]?.text == "Vos attentes" && $0["value"]?.text == "Devenir cheffe d’équipe chez Atlas" },
                      "answers with the labels of the form: \(answers)")
        let logs = Self.array(first["crm_logs"])
        XCTAssertEqual(logs.count, 1)
        XCTAssertEqual(logs.first?["request"]?["body"]?["full_name"]?.text, "Houda Kettani", "what was sent")
        XCTAssertEqual(logs.first?["response"]?["id"]?.text, "c-1", "and answered")
        XCTAssertFalse(Self.array(first["emails"]).isEmpty, "the e-mails written for the enrollment")
        XCTAssertTrue(Self.array(first["emails"]).contains { $0["to"]?.text == "Houda.Kettani@Example.ma" })
        let second = try XCTUnwrap(enrollments.first { $0["id"]?.text == people.second.lowercasedString })
        XCTAssertNotNil(second["session"]?["starts_at"]?.text, "the session chosen")
        XCTAssertEqual(Self.array(second["crm_logs"]).count, 1)

        let csv = try await client.get(path(people.second) + "/donnees.csv")
        XCTAssertEqual(csv.status, 200)
        XCTAssertEqual(csv.header("content-type"), "text/csv; charset=utf-8")
        XCTAssertEqual(csv.header("cache-control"), "no-store")
        XCTAssertTrue(csv.header("content-disposition")?.hasPrefix("attachment; filename=\"donnees-BC-") ?? false)
        XCTAssertEqual(Array(csv.body.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertTrue(csv.text.hasPrefix("\u{FEFF}\"Rubrique\";\"Inscription\";\"Élément\";\"Champ\";\"Valeur\"\r\n"))
        XCTAssertTrue(csv.text.contains("\"Houda.Kettani@Example.ma\""))
        XCTAssertTrue(csv.text.contains("\"Réponse\";") && csv.text.contains("\"Vos attentes\";\"Devenir cheffe d’équipe chez Atlas\""))
        XCTAssertTrue(csv.text.contains("\"Journal CRM\";"))
        XCTAssertTrue(csv.text.contains("\"E-mail\";"))
        XCTAssertTrue(csv.text.contains("\"'+212 6 61 23 45 67\""), "formula-looking cells neutralised")
        XCTAssertFalse(csv.text.lowercased().contains("karim"))
        let references = try await harness.app.pool.query(
            "SELECT reference_number FROM enrollments WHERE id = ANY($1::uuid[])", [[people.first.lowercasedString, people.second.lowercasedString]]
        ).rows.map { EnrollmentReference.text(try $0.decode("reference_number")) }
        for reference in references { XCTAssertTrue(csv.text.contains("\"\(reference)\""), reference) }

        let audits = try await harness.app.pool.query(
            "SELECT record_id, summary, actor_email FROM audit_events WHERE kind = 'export' AND action = 'exported' ORDER BY id").rows
        XCTAssertEqual(audits.count, 2, "each export is audited")
        XCTAssertEqual(try audits[0].decode("record_id", as: String.self), people.first.lowercasedString)
        XCTAssertEqual(try audits[0].decode("actor_email", as: String.self), "dpo@bcos.ma")
        XCTAssertTrue(try audits[0].decode("summary", as: String.self).contains("2 inscriptions"))
        XCTAssertTrue(try audits[1].decode("summary", as: String.self).hasPrefix("Export CSV"))
        XCTAssertFalse(try audits[0].decode("summary", as: String.self).lowercased().contains("houda"))

        let missing = try await client.get(path(UUID()) + "/donnees.json")
        XCTAssertEqual(missing.status, 404)
    }

    // MARK: - Anonymisation

    func testAnonymisationAsksFirstThenReplacesThePersonEverywhereAndKeepsTheRowsAndCounts() async throws {
        let harness = try await harness()
        defer { Task { await harness.stop() } }
        let people = try await people(harness)
        let client = try await AdminClient.signedIn(harness, email: "dpo@bcos.ma")
        let ids = [people.first, people.second]
        let before = try await harness.app.database.run { db in
            (try db.enrollments.countsByStatus(EnrollmentFilter()), try db.enrollments.weekCounts().thisWeek)
        }
        let totals = "SELECT (SELECT count(*) FROM enrollments) * 1000000 + (SELECT count(*) FROM crm_logs) * 1000 + (SELECT count(*) FROM email_outbox) AS n"
        let totalsBefore = try await count(harness, totals)
        let snapshotBefore: String? = try await harness.app.pool.query(
            "SELECT form_fields_snapshot::text AS s FROM enrollments WHERE id = $1", [people.first]).first?.decodeIfPresent("s")
        XCTAssertNotNil(snapshotBefore)

        let detail = try await client.get(path(people.first))
        XCTAssertTrue(detail.text.contains("href=\"\(path(people.first))/anonymiser\""), "the enrollment page offers it")
        let confirm = try await client.get(path(people.first) + "/anonymiser")
        XCTAssertEqual(confirm.status, 200)
        XCTAssertTrue(confirm.text.contains("Anonymiser les données de « Houda Kettani » ?"))
        XCTAssertTrue(confirm.text.contains("2 inscriptions portent l’adresse « Houda.Kettani@Example.ma »"), "how many, by e-mail")
        XCTAssertTrue(confirm.text.contains("Management d&#39;équipe et leadership") && confirm.text.contains("Gestion de projet agile avec Scrum"),
                      "which courses")
        XCTAssertTrue(confirm.text.contains("action=\"\(path(people.first))/anonymiser\""))
        try await assertCount(harness, "SELECT count(*) AS n FROM enrollments WHERE full_name = 'Houda Kettani'", is: 2,
                              "the confirmation page changes nothing")

        let forged = try await client.post(path(people.first) + "/anonymiser", [], csrf: false)
        XCTAssertEqual(forged.status, 403, "no CSRF token, no anonymisation")
        try await assertCount(harness, "SELECT count(*) AS n FROM enrollments WHERE full_name = 'Houda Kettani'", is: 2)

        let done = try await client.post(path(people.first) + "/anonymiser", [])
        XCTAssertEqual(done.status, 303)
        XCTAssertEqual(done.header("location"), path(people.first) + "?ok=anonymised")
        let after = try await client.get(path(people.first) + "?ok=anonymised")
        XCTAssertTrue(after.text.contains("Données personnelles anonymisées."))
        XCTAssertTrue(after.text.contains(Anonymisation.fullName))

        // Nothing of Houda is left in the three tables, whatever the column: her name and e-mail
        // nowhere; her phone, motivation, notes and free answers ("Valeur") nowhere in her rows.
        let list = ids.map(\.lowercasedString)
        for (table, key) in [("enrollments", "id"), ("crm_logs", "enrollment_id"), ("email_outbox", "enrollment_id")] {
            try await assertCount(harness, """
                SELECT count(*) AS n FROM \(table) t WHERE to_jsonb(t)::text ILIKE '%houda%' OR to_jsonb(t)::text ILIKE '%kettani%'
                """, is: 0, "no trace of the person in \(table)")
            try await assertCount(harness, """
                SELECT count(*) AS n FROM \(table) t WHERE \(key) = ANY($1::uuid[]) AND (to_jsonb(t)::text LIKE '%61 23 45 67%'
                   OR to_jsonb(t)::text LIKE '%Atlas%' OR to_jsonb(t)::text LIKE '%Rappeler%' OR to_jsonb(t)::text LIKE '%Remise%'
                   OR to_jsonb(t)::text LIKE '%Valeur%')
                """, [list], is: 0, "no answer of hers left in \(table)")
        }
        for id in ids {
            let row = try await harness.app.pool.query("""
                SELECT full_name, email, phone, company, position, motivation, notes, commercial_notes, how_did_you_hear, experience_level,
                       form_data::text AS answers, form_fields_snapshot::text AS snapshot, client_address_hash, answers_fingerprint, status
                FROM enrollments WHERE id = $1
                """, [id]).first!
            XCTAssertEqual(try row.decode("full_name", as: String.self), "Personne anonymisée")
            XCTAssertEqual(try row.decode("email", as: String.self), Anonymisation.email(for: id))
            XCTAssertTrue(try row.decode("email", as: String.self).hasSuffix("@anonymise.invalid"))
            XCTAssertEqual(try row.decode("phone", as: String.self), Anonymisation.phone)
            XCTAssertEqual(try row.decodeIfPresent("company", as: String.self), Anonymisation.text)
            XCTAssertNil(try row.decodeIfPresent("client_address_hash", as: String.self))
            XCTAssertNil(try row.decodeIfPresent("answers_fingerprint", as: String.self))
            XCTAssertEqual(try row.decode("status", as: String.self), "new", "the status stays")
            let answers = try XCTUnwrap(JSONValue.parse(Array(try row.decode("answers", as: String.self).utf8)))
            if case .object(let values) = answers {
                for (name, value) in values {
                    if case .string(let text) = value { XCTAssertFalse(text == "Valeur", "free answer \(name) replaced") }
                }
            }
            if id == people.first {
                XCTAssertEqual(try row.decodeIfPresent("motivation", as: String.self), Anonymisation.text)
                XCTAssertEqual(try row.decodeIfPresent("notes", as: String.self), Anonymisation.text)
                XCTAssertEqual(try row.decodeIfPresent("commercial_notes", as: String.self), Anonymisation.text)
                XCTAssertEqual(try row.decodeIfPresent("how_did_you_hear", as: String.self), "google", "a choice from a list stays")
                XCTAssertEqual(try row.decodeIfPresent("snapshot", as: String.self), snapshotBefore, "the form snapshot (labels) stays")
            }
        }
        XCTAssertNotEqual(Anonymisation.email(for: people.first), Anonymisation.email(for: people.second))

        // Karim is untouched.
        let karim = try await harness.app.pool.query("SELECT full_name, email FROM enrollments WHERE id = $1", [people.other]).first!
        XCTAssertEqual(try karim.decode("full_name", as: String.self), "Karim Alaoui")
        try await assertCount(harness, "SELECT count(*) AS n FROM crm_logs WHERE request_data::text LIKE '%karim.alaoui@example.ma%'", is: 1)

        // The rows and the figures stay.
        try await assertCount(harness, totals, is: totalsBefore, "no enrollment, CRM log row or e-mail removed")
        let figures = try await harness.app.database.run { db in
            (try db.enrollments.countsByStatus(EnrollmentFilter()), try db.enrollments.weekCounts().thisWeek)
        }
        XCTAssertEqual(figures.0, before.0)
        XCTAssertEqual(figures.1, before.1)
        let delivered = try await harness.app.pool.query("""
            SELECT status, retry_count, response_status, request_data->>'anonymised' AS anonymised, response_data->>'message' AS message,
                   outcome_message FROM crm_logs WHERE enrollment_id = $1
            """, [people.first]).first!
        XCTAssertEqual(try delivered.decode("status", as: String.self), "success", "what happened stays")
        XCTAssertEqual(try delivered.decode("retry_count", as: Int.self), 1)
        XCTAssertEqual(try delivered.decode("response_status", as: Int.self), 200)
        XCTAssertEqual(try delivered.decode("anonymised", as: String.self), "true")
        XCTAssertEqual(try delivered.decode("message", as: String.self), Anonymisation.erasedMessage)
        XCTAssertEqual(try delivered.decode("outcome_message", as: String.self), Anonymisation.erasedMessage, "the message quoted her")
        let pending = try await harness.app.pool.query("SELECT status, error_message, next_retry_at FROM crm_logs WHERE enrollment_id = $1", [people.second]).first!
        XCTAssertEqual(try pending.decode("status", as: String.self), "failed", "a delivery not yet made is cancelled")
        XCTAssertEqual(try pending.decode("error_message", as: String.self), Anonymisation.cancelledDelivery)
        let mails = try await harness.app.pool.query(
            "SELECT kind, to_addresses, subject, text_body, html_body, calendar, status FROM email_outbox WHERE enrollment_id = ANY($1::uuid[])",
            [ids.map(\.lowercasedString)]).rows
        XCTAssertGreaterThanOrEqual(mails.count, 4, "the visitor's and the team's e-mails of both enrollments")
        for mail in mails {
            XCTAssertEqual(try mail.decode("text_body", as: String.self), "")
            XCTAssertEqual(try mail.decode("html_body", as: String.self), "")
            XCTAssertNil(try mail.decodeIfPresent("calendar", as: String.self))
            XCTAssertEqual(try mail.decode("subject", as: String.self), Anonymisation.erasedMessage)
            let to = try mail.decode("to_addresses", as: String.self)
            if try mail.decode("kind", as: String.self) == "team" { XCTAssertEqual(to, "ventes@bcos.ma") } else { XCTAssertTrue(to.hasSuffix("@anonymise.invalid")) }
        }
        XCTAssertTrue(try mails.contains { try $0.decode("status", as: String.self) == "sent" }, "a sent e-mail stays sent")
        XCTAssertFalse(try mails.contains { try $0.decode("status", as: String.self) == "pending" }, "nothing left to send")

        let audit = try await harness.app.pool.query(
            "SELECT kind, record_id, summary, actor_email FROM audit_events WHERE action = 'anonymised'").rows
        XCTAssertEqual(audit.count, 1, "audited once, in the same transaction")
        XCTAssertEqual(try audit[0].decode("kind", as: String.self), "enrollment")
        XCTAssertEqual(try audit[0].decode("record_id", as: String.self), people.first.lowercasedString)
        XCTAssertEqual(try audit[0].decode("actor_email", as: String.self), "dpo@bcos.ma")
        let summary = try audit[0].decode("summary", as: String.self)
        XCTAssertTrue(summary.hasPrefix("2 inscriptions de la personne de l’inscription BC-"), summary)
        XCTAssertFalse(summary.lowercased().contains("houda") || summary.contains("@"), "never the e-mail or the name: \(summary)")

        // The export now shows the placeholders only.
        let export = try await client.get(path(people.first) + "/donnees.json")
        XCTAssertFalse(export.text.lowercased().contains("houda"))
        XCTAssertEqual(Self.array(JSONValue.parse(export.body)?["enrollments"]).count, 1, "each anonymised enrollment is its own person")
    }

    // MARK: - Deletion

    func testDeletionAsksFirstThenRemovesEveryRowOfThePerson() async throws {
        let harness = try await harness()
        defer { Task { await harness.stop() } }
        let people = try await people(harness)
        let client = try await AdminClient.signedIn(harness, email: "dpo@bcos.ma")
        let ids = [people.first.lowercasedString, people.second.lowercasedString]
        let otherRows = try await count(harness, "SELECT count(*) AS n FROM email_outbox WHERE enrollment_id = $1", [people.other])
        let herEmails = try await count(harness, "SELECT count(*) AS n FROM email_outbox WHERE enrollment_id = $1", [people.first])
        XCTAssertGreaterThan(herEmails, 0)

        let confirm = try await client.get(path(people.second) + "/supprimer")
        XCTAssertEqual(confirm.status, 200)
        XCTAssertTrue(confirm.text.contains("Supprimer les données de « Houda Kettani » ?"))
        XCTAssertTrue(confirm.text.contains("2 inscriptions portent l’adresse"))
        XCTAssertTrue(confirm.text.contains("Gestion de projet agile avec Scrum"))
        XCTAssertTrue(confirm.text.contains("2 inscriptions, 2 envois CRM du journal et"), "what goes, counted")

        let forged = try await client.post(path(people.second) + "/supprimer", [], csrf: false)
        XCTAssertEqual(forged.status, 403)
        try await assertCount(harness, "SELECT count(*) AS n FROM enrollments WHERE lower(email) = 'houda.kettani@example.ma'", is: 2)

        let deleted = try await client.post(path(people.second) + "/supprimer", [])
        XCTAssertEqual(deleted.status, 303)
        XCTAssertEqual(deleted.header("location"), "/admin/inscriptions?ok=person_deleted")
        let list = try await client.get("/admin/inscriptions?ok=person_deleted")
        XCTAssertTrue(list.text.contains("Données personnelles supprimées"))

        let pool = harness.app.pool
        try await assertCount(harness, "SELECT count(*) AS n FROM enrollments WHERE id = ANY($1::uuid[])", [ids], is: 0)
        try await assertCount(harness, "SELECT count(*) AS n FROM crm_logs WHERE enrollment_id = ANY($1::uuid[])", [ids], is: 0)
        try await assertCount(harness, "SELECT count(*) AS n FROM email_outbox WHERE enrollment_id = ANY($1::uuid[])", [ids], is: 0)
        for table in ["enrollments", "crm_logs", "email_outbox"] {
            try await assertCount(harness, "SELECT count(*) AS n FROM \(table) t WHERE to_jsonb(t)::text ILIKE '%houda%'", is: 0, table)
        }
        try await assertCount(harness, "SELECT count(*) AS n FROM enrollments WHERE id = $1", [people.other], is: 1, "Karim stays")
        try await assertCount(harness, "SELECT count(*) AS n FROM crm_logs WHERE enrollment_id = $1", [people.other], is: 1)
        try await assertCount(harness, "SELECT count(*) AS n FROM email_outbox WHERE enrollment_id = $1", [people.other], is: otherRows)

        let audit = try await pool.query("SELECT kind, record_id, summary FROM audit_events WHERE action = 'deleted'").rows
        XCTAssertEqual(audit.count, 1)
        XCTAssertEqual(try audit[0].decode("kind", as: String.self), "enrollment")
        XCTAssertEqual(try audit[0].decode("record_id", as: String.self), people.second.lowercasedString)
        let summary = try audit[0].decode("summary", as: String.self)
        XCTAssertTrue(summary.hasPrefix("2 inscriptions de la personne de l’inscription BC-") && summary.contains("2 envois CRM"), summary)
        XCTAssertFalse(summary.lowercased().contains("houda") || summary.contains("@"), summary)

        let gone = try await client.get(path(people.second) + "/supprimer")
        XCTAssertEqual(gone.status, 404)
    }

    // MARK: - Retention

    func testRetentionAnonymisesOnlyEnrollmentsOlderThanTheSetting() async throws {
        XCTAssertNil(AppConfiguration.fromEnvironment(["BCOS_ROOT": "/nonexistent"]).enrollmentRetentionMonths, "unset by default")
        XCTAssertEqual(AppConfiguration.fromEnvironment(["BCOS_ROOT": "/nonexistent", "ENROLLMENT_RETENTION_MONTHS": "24"]).enrollmentRetentionMonths, 24)
        for invalid in ["0", "-3", "deux ans", "1.5", ""] {
            XCTAssertNil(AppConfiguration.fromEnvironment(["BCOS_ROOT": "/nonexistent", "ENROLLMENT_RETENTION_MONTHS": invalid]).enrollmentRetentionMonths, invalid)
        }

        let harness = try await harness(retentionMonths: 12)
        defer { Task { await harness.stop() } }
        let old = try await enroll(harness, ["email": "ancien.client@example.ma", "full_name": "Ancien Client"])
        let oldToo = try await enroll(harness, slug: Self.otherSlug, ["email": "ancien.client@example.ma", "full_name": "Ancien Client"])
        let recent = try await enroll(harness, ["email": "ancien.client@example.ma", "full_name": "Ancien Client"])
        _ = try await harness.app.pool.query(
            "UPDATE enrollments SET created_at = NOW() - interval '13 months' WHERE id = ANY($1::uuid[])", [[old.lowercasedString, oldToo.lowercasedString]])
        _ = try await harness.app.pool.query("UPDATE enrollments SET created_at = NOW() - interval '11 months' WHERE id = $1", [recent])
        let total = try await count(harness, "SELECT count(*) AS n FROM enrollments")

        // What `bcos purge-enrollments` runs.
        let outcome = try await harness.app.purgeEnrollments()
        XCTAssertEqual(outcome, .anonymised(count: 2, months: 12))
        XCTAssertEqual(outcome.message, "anonymised 2 enrollments created more than 12 months ago")
        for id in [old, oldToo] {
            let row = try await harness.app.pool.query("SELECT full_name, email FROM enrollments WHERE id = $1", [id]).first!
            XCTAssertEqual(try row.decode("full_name", as: String.self), Anonymisation.fullName)
            XCTAssertEqual(try row.decode("email", as: String.self), Anonymisation.email(for: id))
        }
        let kept = try await harness.app.pool.query("SELECT full_name, email FROM enrollments WHERE id = $1", [recent]).first!
        XCTAssertEqual(try kept.decode("full_name", as: String.self), "Ancien Client", "a younger enrollment stays, even of the same person")
        XCTAssertEqual(try kept.decode("email", as: String.self), "ancien.client@example.ma")
        try await assertCount(harness, "SELECT count(*) AS n FROM enrollments WHERE full_name = 'Personne anonymisée'", is: 2,
                              "the demo enrollments (weeks old) are not touched")
        try await assertCount(harness, "SELECT count(*) AS n FROM enrollments", is: total, "rows kept")
        try await assertCount(harness, """
            SELECT count(*) AS n FROM email_outbox WHERE enrollment_id IN ($1, $2) AND (text_body <> '' OR to_addresses ILIKE '%ancien%')
            """, [old, oldToo], is: 0, "their e-mails too")

        let audit = try await harness.app.pool.query("SELECT actor_id, actor_email, summary FROM audit_events WHERE action = 'anonymised'").rows
        XCTAssertEqual(audit.count, 1)
        XCTAssertNil(try audit[0].decodeIfPresent("actor_email", as: String.self), "the rule did it, not an admin")
        XCTAssertEqual(try audit[0].decode("summary", as: String.self),
                       "2 inscriptions de plus de 12 mois anonymisées par la règle de conservation (ENROLLMENT_RETENTION_MONTHS).")

        let again = try await harness.app.purgeEnrollments()
        XCTAssertEqual(again, .anonymised(count: 0, months: 12), "already anonymised: nothing more")

        let unset = try await self.harness()
        defer { Task { await unset.stop() } }
        let untouched = try await enroll(unset, ["email": "garde@example.ma"])
        _ = try await unset.app.pool.query("UPDATE enrollments SET created_at = NOW() - interval '10 years' WHERE id = $1", [untouched])
        let disabled = try await unset.app.purgeEnrollments()
        XCTAssertEqual(disabled, .notConfigured)
        XCTAssertTrue(disabled.message.hasPrefix("ENROLLMENT_RETENTION_MONTHS is not set"), disabled.message)
        try await assertCount(unset, "SELECT count(*) AS n FROM enrollments WHERE email = 'garde@example.ma'", is: 1, "nothing anonymised")
    }

    // MARK: - The rule

    func testOnlyChoicesFromAListSurviveAnonymisation() {
        let fields = Anonymisation.fieldsByName([
            FormField(id: "a", name: "level", type: .select, label_fr: "Niveau", label_ar: "المستوى", required: false, placeholder_fr: nil,
                      placeholder_ar: nil, options: [.init(value: "beginner", label_fr: "Débutant", label_ar: "مبتدئ")], order: 1),
            FormField(id: "b", name: "birth", type: .date, label_fr: "Naissance", label_ar: "الميلاد", required: false, placeholder_fr: nil,
                      placeholder_ar: nil, options: nil, order: 2),
            FormField(id: "c", name: "topics", type: .checkbox, label_fr: "Sujets", label_ar: "المواضيع", required: false, placeholder_fr: nil,
                      placeholder_ar: nil, options: [.init(value: "lean", label_fr: "Lean", label_ar: "Lean")], order: 3),
        ])
        let answers = Anonymisation.answers([
            "level": .text("beginner"), "birth": .text("1990-04-01"), "topics": .choices(["lean"]), "consent": .flag(true),
            "unknown": .text("Texte libre"), "forged": .choices(["lean", "mon adresse"]), "level_other": .text("beginner"),
        ], fields: fields)
        XCTAssertEqual(answers["level"], .text("beginner"))
        XCTAssertEqual(answers["topics"], .choices(["lean"]))
        XCTAssertEqual(answers["consent"], .flag(true))
        XCTAssertEqual(answers["birth"], .text(Anonymisation.answer), "a date is a free answer")
        XCTAssertEqual(answers["unknown"], .text(Anonymisation.answer), "a field the form does not describe is free")
        XCTAssertEqual(answers["forged"], .text(Anonymisation.answer))
        XCTAssertEqual(answers["level_other"], .text(Anonymisation.answer))
        let id = UUID(uuidString: "1a2b3c4d-5e6f-4000-8000-000000000001")!
        XCTAssertEqual(Anonymisation.email(for: id), "anonyme-1a2b3c4d5e6f@anonymise.invalid")
        XCTAssertEqual(Anonymisation.standard("how_did_you_hear", "google", enrollment: id, fields: Anonymisation.fieldsByName(nil)), "google")
        XCTAssertEqual(Anonymisation.standard("how_did_you_hear", "un ami, Karim", enrollment: id, fields: Anonymisation.fieldsByName(nil)),
                       Anonymisation.answer)
        XCTAssertEqual(Anonymisation.standard("company", "Atlas", enrollment: id, fields: [:]), Anonymisation.text)
        XCTAssertNil(Anonymisation.standard("company", nil, enrollment: id, fields: [:]))
    }
}
