@testable import BCOS
import Foundation
import HTTPServer
import NIOConcurrencyHelpers
import Outbound
import TestSupport
import XCTest

/// Pipedrive against a fake that validates like the real API (auth, required fields, its error
/// bodies), and the e-mail integration against a real SMTP server. HubSpot and Salesforce have
/// their own files (`HubSpotProviderTests`, `SalesforceProviderTests`).
final class CRMProviderTests: XCTestCase {
    func testPipedriveLooksThePersonUpByEmailThenCreatesALeadAndHonoursRetryAfter() async throws {
        let fake = FakePipedrive(rateLimitFirst: true)
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(
            harness, name: "Pipedrive", kind: .pipedrive, config: CRMConfig(endpoint: fake.url, provider: "pipedrive", api_key: fake.token, company_domain: "acme"))
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("delivered") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        let requests = fake.server.requests
        XCTAssertEqual(requests.map(\.path), ["/api/v2/persons/search", "/api/v2/persons/search", "/api/v2/persons", "/api/v1/leads"],
                       "429, then search (nobody), person, lead")
        XCTAssertEqual(requests[1].queryItems, ["term": "salma.bennani@example.ma", "fields": "email", "exact_match": "true"])
        XCTAssertEqual(requests[2].json?["emails"], .array([.object(["value": "salma.bennani@example.ma", "primary": .bool(true), "label": "work"])]))
        if case .array(let phones)? = requests[2].json?["phones"] {
            XCTAssertEqual(phones.first?["value"], "+212 6 61 23 45 67")
        } else { XCTFail("phones is an array") }
        XCTAssertEqual(requests[3].json?["title"], "Inscription — Management d'équipe et leadership — Salma Bennani")
        let row = try await CRMTestSupport.logs(harness.app).first!
        XCTAssertEqual(row.retryCount, 1, "the 429 was retried")
        XCTAssertTrue(row.response.contains("adf21080-0e10-11eb-879b-05d71fb426e1"))

        // The same visitor enrolls again (another course, same e-mail): the person is reused.
        _ = try await EnrollmentFixtures.enroll(harness, overrides: ["email": "Salma.Bennani@example.ma"])
        try await eventually("second delivered") { try await CRMTestSupport.logs(harness.app).filter { $0.status == "success" }.count == 2 }
        XCTAssertEqual(fake.personCount, 1, "no duplicate person")
        XCTAssertEqual(fake.server.requests.last?.json?["person_id"], .number(1092))
        XCTAssertEqual(fake.state.withLockedValue { $0.leads }, 2)
        let integration = try await harness.app.database.run { try $0.crmIntegrations.all() }.first!
        let again = await harness.app.crmChannels.pipedrive.deliver(DeliveryJob(
            logID: UUID(), integration: integration, payload: .object([:]), sources: CRMSources(values: ["email": "salma.bennani@example.ma", "full_name": "Salma"], labels: [:])))
        XCTAssertTrue(again.outcome.message.contains("Personne existante 1092 retrouvée"), again.outcome.message)
        await worker.stop()
        await harness.stop()
        await fake.server.stop()
    }

    func testEmailArrivesWithAnArabicSubjectAndNoHeaderInjection() async throws {
        let smtp = try FakeSMTPServer(FakeSMTPServer.Configuration(username: "crm@bcos.ma", password: "mot de passe SMTP"))
        defer { smtp.stop() }
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(
            harness, name: "E-mail ventes", kind: .email,
            config: CRMConfig(
                to: "ventes@bcos.ma", cc: "direction@bcos.ma", subject_template: "تسجيل جديد: {{course_title}} — {{motivation}}",
                smtp_config: SMTPSettings(host: "127.0.0.1", port: smtp.port, security: .plain, user: "crm@bcos.ma", password: "mot de passe SMTP", from: "crm@bcos.ma")))
        // A textarea may hold line breaks: placed in the subject, they must not start a new header.
        _ = try await EnrollmentFixtures.enroll(harness, language: "ar", overrides: ["motivation": "Bonjour\r\nBcc: evil@example.com"])
        try await eventually("the message arrives") { smtp.messages.count == 1 }
        try await eventually("recorded") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        let message = try XCTUnwrap(smtp.messages.first)
        XCTAssertEqual(Set(message.recipients), ["ventes@bcos.ma", "direction@bcos.ma"], "no Bcc was smuggled into the envelope")
        XCTAssertEqual(message.authenticatedUser, "crm@bcos.ma")
        let headers = message.text.components(separatedBy: "\r\n\r\n").first ?? ""
        XCTAssertFalse(headers.lowercased().contains("\r\nbcc:"), "no injected header")
        let subjectLine = headers.components(separatedBy: "\r\nSubject: ").dropFirst().first?.components(separatedBy: "\r\n")
            .prefix { !$0.isEmpty }.reduce("") { $0.isEmpty ? $1 : $0 + "\r\n" + $1 } ?? ""
        let subject = Self.decodeEncodedWords(subjectLine)
        XCTAssertTrue(subject.hasPrefix("تسجيل جديد: إدارة الفرق والقيادة"), subject)
        XCTAssertTrue(subject.contains("Bonjour Bcc: evil@example.com"), "the line break became a space inside the subject")
        XCTAssertTrue(message.text.contains("multipart/alternative"))
        let rows = try await CRMTestSupport.logs(harness.app)
        XCTAssertFalse(rows.contains { $0.request.contains("mot de passe SMTP") })

        // Test connection: SMTP check, then a test message that says what it is.
        let integration = try await harness.app.database.run({ try $0.crmIntegrations.all() }).first
        let attempt = await harness.app.crmChannels.email.test(try XCTUnwrap(integration))
        XCTAssertTrue(attempt.outcome.isSuccess, attempt.outcome.message)
        XCTAssertEqual(smtp.messages.count, 2)
        XCTAssertTrue(smtp.messages.last?.text.contains("Test de connexion") == true || smtp.messages.last?.text.contains("=?UTF-8?") == true)
        XCTAssertTrue(smtp.commands.contains { $0.uppercased().hasPrefix("NOOP") }, "the check ran before the message")
        await worker.stop()
        await harness.stop()
    }

    func testADeliveryThatGivesUpSendsTheAlertEmail() async throws {
        let smtp = try FakeSMTPServer()
        defer { smtp.stop() }
        let fake = FakeCRMServer { _, _ in .json(#"{"error":"bad payload"}"#, status: .badRequest) }
        try await fake.start()
        let harness = try await CRMTestSupport.harness { configuration in
            configuration.alertEmail = "admin@bcos.ma"
            configuration.alertSMTPURL = "smtp://127.0.0.1:\(smtp.port)?security=none"
        }
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(harness, kind: .webhook, config: CRMConfig(endpoint: fake.url + "/hook"))
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("the alert arrives") { smtp.messages.count == 1 }
        let alert = try XCTUnwrap(smtp.messages.first)
        XCTAssertEqual(alert.recipients, ["admin@bcos.ma"])
        XCTAssertTrue(alert.text.contains("/admin/crm/retry"))
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    /// RFC 2047 B-encoded words (`=?UTF-8?B?…?=`), folded over several lines.
    static func decodeEncodedWords(_ header: String) -> String {
        var bytes: [UInt8] = []
        var rest = Substring(header.replacingOccurrences(of: "\r\n ", with: " "))
        while let start = rest.range(of: "=?UTF-8?B?") {
            let literal = rest[..<start.lowerBound].trimmingCharacters(in: .whitespaces)
            bytes += Array(literal.utf8)
            guard let end = rest[start.upperBound...].range(of: "?=") else { break }
            bytes += Data(base64Encoded: String(rest[start.upperBound..<end.lowerBound])).map(Array.init) ?? []
            rest = rest[end.upperBound...]
        }
        bytes += Array(rest.trimmingCharacters(in: .whitespaces).utf8)
        return String(decoding: bytes, as: UTF8.self)
    }
}
