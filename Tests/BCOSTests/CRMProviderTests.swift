@testable import BCOS
import Foundation
import HTTPServer
import NIOConcurrencyHelpers
import Outbound
import TestSupport
import XCTest

/// HubSpot, Salesforce and Pipedrive fakes that validate like the real APIs (auth, required
/// fields, their error bodies), and the e-mail integration against a real SMTP server.
final class CRMProviderTests: XCTestCase {
    func testHubSpotCreatesTheContactAndUpdatesItWhenItAlreadyExists() async throws {
        let contacts = NIOLockedValueBox<[String: String]>([:])  // email → id
        let fake = FakeCRMServer { request, _ in
            guard request.header("authorization") == "Bearer pat-na1-good-token" else {
                return .json(#"{"status":"error","message":"Authentication credentials not found.","category":"INVALID_AUTHENTICATION"}"#, status: .unauthorized)
            }
            let properties = request.json?["properties"]
            switch (request.method, request.path) {
            case ("POST", "/crm/v3/objects/contacts"):
                guard let email = properties?["email"]?.text, email.contains("@") else {
                    return .json(#"{"status":"error","message":"Property values were not valid","category":"VALIDATION_ERROR"}"#, status: .badRequest)
                }
                if let existing = contacts.withLockedValue({ $0[email] }) {
                    return .json(#"{"status":"error","message":"Contact already exists. Existing ID: \#(existing)","category":"CONFLICT"}"#, status: .conflict)
                }
                contacts.withLockedValue { $0[email] = "512" }
                return .json(#"{"id":"512","properties":{"email":"\#(email)"}}"#, status: .created)
            case ("PATCH", "/crm/v3/objects/contacts/512"):
                return .json(#"{"id":"512","properties":{}}"#)
            case ("GET", "/crm/v3/objects/contacts"):
                return .json(#"{"results":[]}"#)
            default:
                return .json(#"{"status":"error","message":"not found"}"#, status: .notFound)
            }
        }
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        let id = try await CRMTestSupport.integrate(
            harness.app, name: "HubSpot", kind: .hubspot, config: CRMConfig(endpoint: fake.url, provider: "hubspot", api_key: "pat-na1-good-token"))

        _ = try await EnrollmentFixtures.enroll(harness)
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("both delivered") {
            let rows = try await CRMTestSupport.logs(harness.app)
            return rows.count == 2 && rows.allSatisfy { $0.status == "success" }
        }
        let first = try XCTUnwrap(fake.requests.first)
        XCTAssertEqual(first.json?["properties"]?["firstname"], "Salma")
        XCTAssertEqual(first.json?["properties"]?["lastname"], "Bennani")
        XCTAssertEqual(first.json?["properties"]?["email"], "salma.bennani@example.ma")
        XCTAssertEqual(first.json?["properties"]?["phone"], "+212 6 61 23 45 67")
        XCTAssertTrue(fake.requests.contains { $0.method == "PATCH" && $0.path == "/crm/v3/objects/contacts/512" },
                      "the second enrollment with the same e-mail updates the existing contact")
        let rows = try await CRMTestSupport.logs(harness.app)
        XCTAssertFalse(rows.contains { $0.request.contains("pat-na1-good-token") }, "the token never reaches the log")

        // Test connection: a harmless authenticated read.
        let stored = try await harness.app.database.run({ try $0.crmIntegrations.find(id) })
        let attempt = await harness.app.crmChannels.hubspot.test(try XCTUnwrap(stored))
        XCTAssertTrue(attempt.outcome.isSuccess)
        XCTAssertEqual(fake.requests.last?.path, "/crm/v3/objects/contacts")
        XCTAssertEqual(fake.requests.last?.query, "limit=1")

        // A revoked token: 401, not retried, the reason on record.
        _ = try await harness.app.database.run { db in
            try db.crmIntegrations.save(
                id: id, name: "HubSpot", kind: .hubspot, config: CRMConfig(endpoint: fake.url, provider: "hubspot", api_key: "pat-na1-revoked"), isActive: true)
        }
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("the 401 is recorded") {
            let rows = try await CRMTestSupport.logs(harness.app)
            return rows.count == 3 && rows[2].status == "failed"
        }
        let refused = try await CRMTestSupport.logs(harness.app)[2]
        XCTAssertFalse(refused.hasNextTry, "a 401 is not retried")
        XCTAssertTrue(refused.error?.contains("HTTP 401") == true)
        XCTAssertTrue(refused.error?.contains("Authentication credentials not found") == true)
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    func testSalesforceGetsALeadWithLastNameAndCompanyAlwaysFilled() async throws {
        let fake = FakeCRMServer { request, _ in
            guard request.header("authorization") == "Bearer 00Dxx!token" else {
                return .json(#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#, status: .unauthorized)
            }
            if request.method == "GET", request.path == "/services/data/" {
                return .json(#"[{"label":"Winter '25","url":"/services/data/v62.0","version":"62.0"}]"#)
            }
            guard request.method == "POST", request.path == "/services/data/v62.0/sobjects/Lead/" else {
                return .json(#"[{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}]"#, status: .notFound)
            }
            let missing = ["LastName", "Company"].filter { (request.json?[$0]?.text ?? "").isEmpty }
            guard missing.isEmpty else {
                let list = missing.map { "\"\($0)\"" }.joined(separator: ",")
                return .json(#"[{"message":"Required fields are missing: [\#(missing.joined(separator: ", "))]","errorCode":"REQUIRED_FIELD_MISSING","fields":[\#(list)]}]"#, status: .badRequest)
            }
            return .json(#"{"id":"00Q5g000001AbCdEAF","errors":[],"success":true}"#, status: .created)
        }
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(
            harness.app, name: "Salesforce", kind: .salesforce, config: CRMConfig(provider: "salesforce", api_key: "00Dxx!token", instance_url: fake.url))
        // The enrollment has no company: Company falls back rather than failing.
        _ = try await EnrollmentFixtures.enroll(harness, overrides: ["company": ""])
        try await eventually("delivered") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        let lead = try XCTUnwrap(fake.requests.first?.json)
        XCTAssertEqual(lead["LastName"], "Bennani")
        XCTAssertEqual(lead["FirstName"], "Salma")
        XCTAssertEqual(lead["Company"], "Salma Bennani")
        XCTAssertEqual(lead["Email"], "salma.bennani@example.ma")
        XCTAssertEqual(lead["LeadSource"], "Web")
        let rows = try await CRMTestSupport.logs(harness.app)
        XCTAssertTrue(rows.first?.response.contains("00Q5g000001AbCdEAF") == true)
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    func testPipedriveCreatesThePersonThenALeadAndHonoursRetryAfter() async throws {
        let fake = FakeCRMServer { request, index in
            guard request.header("x-api-token") == "pd-token" else {
                return .json(#"{"success":false,"error":"unauthorized access","errorCode":401,"error_info":"Please check developers.pipedrive.com"}"#, status: .unauthorized)
            }
            if index == 1 {
                return .json(#"{"success":false,"error":"Rate limit exceeded"}"#, status: .tooManyRequests, headers: [("Retry-After", "1")])
            }
            switch (request.method, request.path) {
            case ("POST", "/api/v2/persons"):
                guard let name = request.json?["name"]?.text, !name.isEmpty,
                      case .array(let emails)? = request.json?["emails"], emails.first?["value"] != nil else {
                    return .json(#"{"success":false,"error":"Validation failed: name: Required"}"#, status: .badRequest)
                }
                return .json(#"{"success":true,"data":{"id":1092,"name":"\#(name)"}}"#)
            case ("POST", "/api/v1/leads"):
                guard request.json?["title"]?.text?.isEmpty == false, request.json?["person_id"] == .number(1092) else {
                    return .json(#"{"success":false,"error":"Lead must be linked to a person or an organization"}"#, status: .badRequest)
                }
                return .json(#"{"success":true,"data":{"id":"adf21080-0e10-11eb-879b-05d71fb426ec"}}"#, status: .created)
            default:
                return .json(#"{"success":false,"error":"Unknown method"}"#, status: .notFound)
            }
        }
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(
            harness.app, name: "Pipedrive", kind: .pipedrive, config: CRMConfig(endpoint: fake.url, provider: "pipedrive", api_key: "pd-token", company_domain: "acme"))
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("delivered") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        let requests = fake.requests
        XCTAssertEqual(requests.count, 3, "429, then person, then lead")
        XCTAssertEqual(requests[1].path, "/api/v2/persons")
        XCTAssertEqual(requests[1].json?["emails"], .array([.object(["value": "salma.bennani@example.ma", "primary": .bool(true), "label": "work"])]))
        if case .array(let phones)? = requests[1].json?["phones"] {
            XCTAssertEqual(phones.first?["value"], "+212 6 61 23 45 67")
        } else { XCTFail("phones is an array") }
        XCTAssertEqual(requests[2].path, "/api/v1/leads")
        XCTAssertEqual(requests[2].json?["title"], "Inscription — Management d'équipe et leadership — Salma Bennani")
        let logged = try await CRMTestSupport.logs(harness.app)
        let row = try XCTUnwrap(logged.first)
        XCTAssertEqual(row.retryCount, 1, "the 429 was retried")
        XCTAssertTrue(row.response.contains("adf21080-0e10-11eb-879b-05d71fb426ec"))
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    func testEmailArrivesWithAnArabicSubjectAndNoHeaderInjection() async throws {
        let smtp = try FakeSMTPServer(FakeSMTPServer.Configuration(username: "crm@bcos.ma", password: "mot de passe SMTP"))
        defer { smtp.stop() }
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(
            harness.app, name: "E-mail ventes", kind: .email,
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
        try await CRMTestSupport.integrate(harness.app, kind: .webhook, config: CRMConfig(endpoint: fake.url + "/hook"))
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
