@testable import BCOS
import Foundation
import Outbound
import Templating
import TestSupport
import XCTest

/// #14: the visitor's e-mails (in the language of the page, RTL HTML for Arabic, plain-text
/// alternative, `.ics` attachment), the team's notification, the status-change e-mails and the
/// outbox across an SMTP outage and a worker restart — with the real PostgreSQL, the real
/// libcurl SMTP client and a fake SMTP server that records what it receives.
final class EnrollmentMailTests: XCTestCase {
    static let courseID = SessionTests.courseID
    static let slug = SessionTests.slug

    func harness(smtpPort: Int, notify: String? = "ventes@bcos.ma, direction@bcos.ma") async throws -> AppHarness {
        try await AppHarness.start {
            $0.smtpURL = "smtp://127.0.0.1:\(smtpPort)?security=none"
            $0.mailFrom = "inscriptions@bcos.ma"
            $0.notifyEmail = notify
            $0.contactPhone = "+212 5 22 00 00 00"
            $0.mailRetrySchedule = [0.3, 0.3, 0.3, 0.3, 0.3]
            $0.crmPollSeconds = 0.2
        }
    }

    /// A session on the demo course, 11–13 January 2027 from 09:00 Casablanca (08:00 UTC).
    func addSession(_ harness: AppHarness) async throws -> (AdminClient, String) {
        let client = try await AdminClient.signedIn(harness, email: "mail@bcos.ma")
        let created = try await client.post("/admin/formations/\(Self.courseID)/sessions", [
            ("starts_at", "2027-01-11T09:00"), ("ends_on", "2027-01-13"), ("city", "Casablanca"), ("address", "12 boulevard d’Anfa"),
            ("online_url", ""), ("language", "both"), ("seats", "10"), ("price_ht", ""), ("status", "open"),
        ])
        XCTAssertEqual(created.status, 303)
        let id = try await harness.app.pool.query("SELECT id FROM formation_sessions WHERE formation_id = $1", [Self.courseID]).first!
            .decode("id", as: UUID.self).lowercasedString
        return (client, id)
    }

    func message(to address: String, in fake: FakeSMTPServer, number: Int = 0) throws -> ReceivedEntity {
        let sent = fake.messages.filter { $0.recipients.contains(address) }
        XCTAssertGreaterThan(sent.count, number, "a message to \(address)")
        return try XCTUnwrap(ReceivedEntity(sent[number].text))
    }

    func testTheVisitorGetsAnArabicRightToLeftEmailWithCalendarAndTheTeamANotification() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let harness = try await harness(smtpPort: fake.port)
        defer { Task { await harness.stop() } }
        let (client, _) = try await addSession(harness)
        let worker = try XCTUnwrap(harness.app.startMailWorker())
        defer { Task { await worker.stop() } }

        let (response, _) = try await EnrollmentFixtures.enroll(
            harness, slug: Self.slug, language: "ar", overrides: ["full_name": "سلمى <b>بناني</b> & Co", "email": "salma@example.ma"])
        XCTAssertEqual(response.status, 303)
        let thanks = try await harness.get(try XCTUnwrap(response.header("location")))
        XCTAssertTrue(thanks.text.contains("رسالة تأكيد في طريقها إلى salma@example.ma"), "the thank-you page says an e-mail is on its way")
        XCTAssertTrue(thanks.text.contains("الاثنين 11 يناير 2027"), "with the session")
        try await eventually("the visitor's and the team's e-mails") { fake.messages.count == 2 }

        let visitor = try message(to: "salma@example.ma", in: fake)
        XCTAssertTrue(CRMProviderTests.decodeEncodedWords(try XCTUnwrap(visitor.header("Subject"))).hasPrefix("تم استلام تسجيلك: "))
        XCTAssertEqual(visitor.header("From"), "\"BCOS Formation\" <inscriptions@bcos.ma>")
        XCTAssertTrue(visitor.header("Content-Type")?.hasPrefix("multipart/mixed") ?? false)
        let leaves = try visitor.leaves()
        XCTAssertEqual(leaves.map { $0.header("Content-Type")?.split(separator: ";").first.map(String.init) ?? "" },
                       ["text/plain", "text/html", "text/calendar"])
        let text = try leaves[0].decodedText()
        XCTAssertTrue(text.hasPrefix("مرحبًا سلمى <b>بناني</b> & Co،"), "plain text is not HTML-escaped")
        XCTAssertTrue(text.contains("المرجع: BC-"))
        XCTAssertTrue(text.contains("الموعد: الاثنين 11 يناير 2027، 09:00"))
        XCTAssertTrue(text.contains("+212 5 22 00 00 00"), "the contact line")
        XCTAssertTrue(text.contains("حذفها"), "how to ask for deletion")
        let html = try leaves[1].decodedText()
        XCTAssertTrue(html.contains("<html lang=\"ar\" dir=\"rtl\">"))
        XCTAssertTrue(html.contains("سلمى &lt;b&gt;بناني&lt;/b&gt; &amp; Co"), "visitor data is escaped in the HTML part")
        XCTAssertFalse(html.contains("<b>بناني</b>"))
        XCTAssertTrue(html.contains("الاثنين 11 يناير 2027"))
        XCTAssertTrue(leaves[2].header("Content-Disposition")?.hasPrefix("attachment") ?? false)
        let calendar = try leaves[2].decodedText()
        XCTAssertTrue(calendar.contains("BEGIN:VCALENDAR\r\n"))
        XCTAssertTrue(calendar.contains("DTSTART:20270111T080000Z\r\n"), calendar)
        XCTAssertTrue(calendar.contains("DTEND:20270113T160000Z\r\n"), "the last day, until 17:00 Casablanca")
        XCTAssertTrue(calendar.contains("ORGANIZER;CN=BCOS Formation:mailto:inscriptions@bcos.ma\r\n"), "PUBLISH names its organizer (RFC 5546)")

        let team = try message(to: "ventes@bcos.ma", in: fake)
        XCTAssertEqual(fake.messages.first { $0.recipients.contains("ventes@bcos.ma") }?.recipients.sorted(), ["direction@bcos.ma", "ventes@bcos.ma"])
        let teamText = try team.leaves()[0].decodedText()
        let id = try await harness.app.pool.query("SELECT id FROM enrollments WHERE email = 'salma@example.ma'").first!.decode("id", as: UUID.self)
        XCTAssertTrue(teamText.contains("http://127.0.0.1/admin/inscriptions/\(id.lowercasedString)"), "a link to its admin page")

        // The admin confirms, then cancels: the visitor gets each e-mail, in Arabic.
        let confirm = try await client.post("/admin/inscriptions/\(id.lowercasedString)", [("status", "confirmed")])
        XCTAssertEqual(confirm.status, 303)
        try await eventually("the confirmation") { fake.messages.filter { $0.recipients.contains("salma@example.ma") }.count == 2 }
        let confirmed = try message(to: "salma@example.ma", in: fake, number: 1)
        XCTAssertTrue(CRMProviderTests.decodeEncodedWords(try XCTUnwrap(confirmed.header("Subject"))).hasPrefix("تم تأكيد تسجيلك"))
        XCTAssertEqual(try confirmed.leaves().count, 3, "with the calendar again")
        let cancel = try await client.post("/admin/inscriptions/\(id.lowercasedString)", [("status", "cancelled")])
        XCTAssertEqual(cancel.status, 303)
        try await eventually("the cancellation") { fake.messages.filter { $0.recipients.contains("salma@example.ma") }.count == 3 }
        let cancelled = try message(to: "salma@example.ma", in: fake, number: 2)
        XCTAssertTrue(CRMProviderTests.decodeEncodedWords(try XCTUnwrap(cancelled.header("Subject"))).hasPrefix("تم إلغاء تسجيلك"))
        XCTAssertEqual(try cancelled.leaves().count, 2, "no calendar for a cancellation")

        // The outbox is visible in the admin, each e-mail with its status.
        let outbox = try await client.get("/admin/emails")
        XCTAssertEqual(outbox.text.components(separatedBy: "badge email-sent").count - 1, 4)
        let detail = try await client.get("/admin/inscriptions/\(id.lowercasedString)")
        XCTAssertTrue(detail.text.contains("Inscription confirmée"))
    }

    func testAFrenchVisitorGetsAFrenchEmailAndTheWaitlistNoticeWhenTheSessionIsFull() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let harness = try await harness(smtpPort: fake.port, notify: nil)
        defer { Task { await harness.stop() } }
        let (client, session) = try await addSession(harness)
        // One seat only, already taken by the first visitor.
        let shrink = try await client.post("/admin/formations/\(Self.courseID)/sessions/\(session)", [
            ("starts_at", "2027-01-11T09:00"), ("ends_on", "2027-01-13"), ("city", "Casablanca"), ("address", ""), ("online_url", ""),
            ("language", "fr"), ("seats", "1"), ("price_ht", ""), ("status", "open"),
        ])
        XCTAssertEqual(shrink.status, 303)
        let worker = try XCTUnwrap(harness.app.startMailWorker())
        defer { Task { await worker.stop() } }
        _ = try await EnrollmentFixtures.enroll(harness, slug: Self.slug, overrides: ["email": "first@example.ma"])
        _ = try await EnrollmentFixtures.enroll(harness, slug: Self.slug, overrides: ["email": "second@example.ma"])
        try await eventually("both e-mails") { fake.messages.count == 2 }
        let first = try message(to: "first@example.ma", in: fake)
        XCTAssertTrue(CRMProviderTests.decodeEncodedWords(first.header("Subject") ?? "").hasPrefix("Inscription reçue : "))
        let firstHTML = try first.leaves()[1].decodedText()
        XCTAssertTrue(firstHTML.contains("<html lang=\"fr\" dir=\"ltr\">"))
        XCTAssertTrue(firstHTML.contains("lundi 11 janvier 2027, 9 h 00"))
        let second = try message(to: "second@example.ma", in: fake)
        XCTAssertTrue(CRMProviderTests.decodeEncodedWords(second.header("Subject") ?? "").hasPrefix("Liste d’attente : "))
        let secondLeaves = try second.leaves()
        XCTAssertEqual(secondLeaves.count, 2, "no calendar entry for a waitlist place")
        XCTAssertTrue(try secondLeaves[0].decodedText().contains("est complète"))
        XCTAssertEqual(fake.messages.count, 2, "no team notification without NOTIFY_EMAIL")
    }

    /// SMTP down: the enrollment is accepted at once, its e-mail waits in the outbox with the
    /// error; the worker is restarted, the server comes back, the e-mail goes out once.
    func testAnSMTPOutageAndAWorkerRestartLoseNothing() async throws {
        let port = try FakeSMTPServer.closedPort()
        let harness = try await harness(smtpPort: port, notify: nil)
        defer { Task { await harness.stop() } }
        _ = try await addSession(harness)
        let worker = try XCTUnwrap(harness.app.startMailWorker())
        let (response, _) = try await EnrollmentFixtures.enroll(harness, slug: Self.slug, overrides: ["email": "patient@example.ma"])
        XCTAssertEqual(response.status, 303, "the visitor does not wait for SMTP")
        try await eventually("a failed attempt is recorded") {
            let row = try await harness.app.pool.query("SELECT attempts, last_error, status FROM email_outbox").first
            let attempts = try row?.decode("attempts", as: Int.self) ?? 0
            let error = try row?.decodeIfPresent("last_error", as: String.self)
            return attempts >= 1 && error != nil
        }
        await worker.stop()
        let waiting = try await harness.app.pool.query("SELECT status FROM email_outbox").first!.decode("status", as: String.self)
        XCTAssertEqual(waiting, "pending", "still to send")
        let client = try await AdminClient.signedIn(harness, email: "outage@bcos.ma")
        let outbox = try await client.get("/admin/emails")
        XCTAssertTrue(outbox.text.contains("badge email-pending"))

        let fake = try FakeSMTPServer(port: port)
        defer { fake.stop() }
        let restarted = try XCTUnwrap(harness.app.startMailWorker())
        defer { Task { await restarted.stop() } }
        try await eventually("sent after the restart") { fake.messages.count == 1 }
        try await eventually("recorded as sent") {
            try await harness.app.pool.query("SELECT status FROM email_outbox").first?.decode("status", as: String.self) == "sent"
        }
        try await Task.sleep(for: .milliseconds(800))
        XCTAssertEqual(fake.messages.count, 1, "sent once")
    }

    /// Without SMTP_URL nothing is written to the outbox and the dashboard says so.
    func testWithoutSMTPNothingIsSentAndTheDashboardSaysSo() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        XCTAssertNil(harness.app.startMailWorker())
        _ = try await addSession(harness)
        let (response, _) = try await EnrollmentFixtures.enroll(harness, slug: Self.slug)
        XCTAssertEqual(response.status, 303)
        let queued: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM email_outbox").first!.decode("n")
        XCTAssertEqual(queued, 0)
        let thanks = try await harness.get(try XCTUnwrap(response.header("location")))
        XCTAssertFalse(thanks.text.contains("Un e-mail de confirmation est en route"), "no promise of an e-mail")
        let client = try await AdminClient.signedIn(harness, email: "nosmtp@bcos.ma")
        let dashboard = try await client.get("/admin")
        XCTAssertTrue(dashboard.text.contains("Aucun e-mail n’est envoyé"))
    }

    /// The admin's template per language: previewed by the sending code, refused when it does not
    /// compile, used for the next e-mail once saved.
    func testAnAdminOverridesTheTemplateWithAPreview() async throws {
        let fake = try FakeSMTPServer()
        defer { fake.stop() }
        let harness = try await harness(smtpPort: fake.port, notify: nil)
        defer { Task { await harness.stop() } }
        let (client, _) = try await addSession(harness)
        let page = try await client.get("/admin/emails/modeles?langue=ar")
        XCTAssertTrue(page.text.contains("تم استلام تسجيلك"), "the Arabic default is shown")
        XCTAssertTrue(page.text.contains("srcdoc=\"&lt;!DOCTYPE html&gt;"), "previews rendered by the composer")
        let defaults = try XCTUnwrap(harness.app.mailDefaults[.fr])
        let broken = try await client.post("/admin/emails/modeles", [
            ("language", "fr"), ("action", "save"), ("subject", "{{#is_received}}Reçu"), ("html", defaults.html), ("text", defaults.text),
        ])
        XCTAssertEqual(broken.status, 422)
        XCTAssertTrue(broken.text.contains("Le modèle ne peut pas être utilisé"))
        let saved = try await client.post("/admin/emails/modeles", [
            ("language", "fr"), ("action", "save"), ("subject", "Bienvenue {{full_name}} ({{reference}})"), ("html", defaults.html),
            ("text", defaults.text),
        ])
        XCTAssertEqual(saved.status, 303)
        let worker = try XCTUnwrap(harness.app.startMailWorker())
        defer { Task { await worker.stop() } }
        _ = try await EnrollmentFixtures.enroll(harness, slug: Self.slug, overrides: ["full_name": "Zoé Martin", "email": "zoe@example.ma"])
        try await eventually("the e-mail") { fake.messages.count == 1 }
        let subject = CRMProviderTests.decodeEncodedWords(try message(to: "zoe@example.ma", in: fake).header("Subject") ?? "")
        XCTAssertTrue(subject.hasPrefix("Bienvenue Zoé Martin (BC-"), subject)
    }
}

/// The composer without a database: visitor data cannot add a header, and each language gets
/// its own direction.
final class EmailComposerTests: XCTestCase {
    func composer() throws -> EmailComposer {
        let root = TestEnvironment.repositoryRoot
        return EmailComposer(
            templates: try TemplateSet(directory: root.appendingPathComponent("Templates")), defaults: try MailTemplateText.defaults(directory: root.appendingPathComponent("Templates")),
            baseURL: "https://bcos.example", contactEmail: "contact@bcos.example", contactPhone: nil)
    }

    func facts(name: String, language: Language) -> EnrollmentMailFacts {
        EnrollmentMailFacts(
            enrollmentID: UUID(), reference: "BC-000042", fullName: name, email: "visitor@example.ma", language: language, status: .new,
            course: nil, session: nil, fields: DefaultForm.fields, standard: ["full_name": name, "email": "visitor@example.ma"], answers: [:])
    }

    func testVisitorDataAddsNoHeaderAndEachLanguageHasItsDirection() throws {
        let composer = try composer()
        let hostile = "Salma\r\nBcc: everyone@evil.example\r\nSubject: gagné"
        for language in Language.allCases {
            let team = try composer.team(facts(name: hostile, language: language), to: ["ventes@bcos.example"])
            let visitor = try composer.visitor(.received, facts(name: hostile, language: language))
            for mail in [team, visitor] {
                let message = MailWorker.message(
                    to: mail.to.joined(separator: ", "), subject: mail.subject, text: mail.text, html: mail.html, calendar: mail.calendar,
                    from: MailAddress("inscriptions@bcos.example"), replyTo: "contact@bcos.example")
                let raw = String(decoding: message.rendered(), as: UTF8.self)
                let head = raw.components(separatedBy: "\r\n\r\n")[0]
                XCTAssertFalse(head.lowercased().contains("\r\nbcc:"), "no header from visitor data: \(head)")
                XCTAssertEqual(head.components(separatedBy: "\r\nSubject:").count, 2, "one Subject header")
            }
            XCTAssertTrue(visitor.html.contains("<html lang=\"\(language.rawValue)\" dir=\"\(language.direction)\">"))
            XCTAssertNil(visitor.calendar, "no session, no calendar entry")
        }
    }
}
