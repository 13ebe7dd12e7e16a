@testable import BCOS
import Foundation
import XCTest

/// HubSpot against `FakeHubSpot`: one upsert per contact (new or updated), the date version and
/// v3, VALIDATION_ERROR naming the property, deals associated with the contact, property names
/// cached by the connection test for the mapping page.
final class HubSpotProviderTests: XCTestCase {
    func testOneUpsertPerContactSaysWhetherItIsNew() async throws {
        let fake = FakeHubSpot()
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        let id = try await CRMTestSupport.integrate(
            harness, name: "HubSpot", kind: .hubspot, config: CRMConfig(endpoint: fake.url, provider: "hubspot", api_key: fake.token))
        _ = try await EnrollmentFixtures.enroll(harness)
        _ = try await EnrollmentFixtures.enroll(harness, overrides: ["email": "SALMA.BENNANI@example.ma"])
        try await eventually("both delivered") {
            let rows = try await CRMTestSupport.logs(harness.app)
            return rows.count == 2 && rows.allSatisfy { $0.status == "success" }
        }
        let requests = fake.server.requests
        XCTAssertEqual(requests.count, 2, "one call per delivery: no create → 409 → PATCH")
        XCTAssertTrue(requests.allSatisfy { $0.method == "POST" && $0.path == "/crm/objects/2026-09/contacts/batch/upsert" })
        let input = try XCTUnwrap(requests.first?.json?["inputs"].flatMap { if case .array(let a) = $0 { a.first } else { nil } })
        XCTAssertEqual(input["id"], "salma.bennani@example.ma")
        XCTAssertEqual(input["idProperty"], "email")
        XCTAssertEqual(input["properties"]?["firstname"], "Salma")
        XCTAssertEqual(input["properties"]?["lastname"], "Bennani")
        XCTAssertEqual(input["properties"]?["phone"], "+212 6 61 23 45 67")
        let second = requests[1].json?["inputs"].flatMap { inputs -> JSONValue? in if case .array(let a) = inputs { a.first?["id"] } else { nil } }
        XCTAssertEqual(second, "salma.bennani@example.ma", "the id is the lower-cased e-mail")
        XCTAssertEqual(fake.state.withLockedValue { $0.contacts.count }, 1)
        let rows = try await CRMTestSupport.logs(harness.app)
        XCTAssertFalse(rows.contains { $0.request.contains(fake.token) }, "the token never reaches the log")

        let found = try await harness.app.database.run { try $0.crmIntegrations.find(id) }
        let integration = try XCTUnwrap(found)
        let job = { (email: String) in DeliveryJob(
            logID: UUID(), integration: integration, payload: .object(["email": .string(email)]), sources: CRMSources(values: [:], labels: [:])) }
        let existing = await harness.app.crmChannels.hubspot.deliver(job("salma.bennani@example.ma"))
        XCTAssertEqual(existing.outcome, .delivered("Contact HubSpot existant mis à jour (id 512)."))
        let new = await harness.app.crmChannels.hubspot.deliver(job("nouveau@example.ma"))
        XCTAssertEqual(new.outcome, .delivered("Contact HubSpot créé (id 513, nouveau contact)."))

        // v3 maps to the legacy path.
        var legacy = integration
        legacy.config.api_version = "v3"
        _ = await harness.app.crmChannels.hubspot.deliver(job("legacy@example.ma"))
        let viaV3 = await harness.app.crmChannels.hubspot.deliver(DeliveryJob(logID: UUID(), integration: legacy, payload: .object(["email": "v3@example.ma"]), sources: CRMSources(values: [:], labels: [:])))
        XCTAssertTrue(viaV3.outcome.isSuccess)
        XCTAssertEqual(fake.server.requests.last?.path, "/crm/v3/objects/contacts/batch/upsert")
        await worker.stop()
        await harness.stop()
        await fake.server.stop()
    }

    func testAnUnknownPropertyFailsAtOnceNamingItAndDealsAreAssociated() async throws {
        let fake = FakeHubSpot()
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        let mapping = #"{"source_to_target": {"email": "email", "first_name": "firstname", "motivation": "motivation_bcos"}}"#
        try await CRMTestSupport.integrate(
            harness, name: "HubSpot", kind: .hubspot, config: CRMConfig(endpoint: fake.url, provider: "hubspot", api_key: fake.token), mapping: mapping)
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("failed") { try await CRMTestSupport.logs(harness.app).first?.status == "failed" }
        let row = try await CRMTestSupport.logs(harness.app).first!
        XCTAssertFalse(row.hasNextTry, "a VALIDATION_ERROR is not retried")
        XCTAssertEqual(row.retryCount, 0)
        XCTAssertTrue(row.error?.contains("HubSpot refuse la propriété « motivation_bcos »") == true, row.error ?? "")
        XCTAssertTrue(row.error?.contains("PROPERTY_DOESNT_EXIST") == true, row.error ?? "")

        // With deal.* targets: the contact, then a deal in the pipeline and stage, associated.
        let integration = try await harness.app.database.run { try $0.crmIntegrations.all() }.first!
        let sources = CRMSources(values: ["email": "salma.bennani@example.ma", "full_name": "Salma Bennani", "course_title_fr": "Excel", "price_ttc": .number(5400)], labels: [:])
        let withDeal = try FieldMapping.parse(#"{"source_to_target": {"email": "email", "price_ttc": "deal.amount"}, "static_values": {"deal.pipeline": "formations", "deal.dealstage": "appointmentscheduled"}}"#).get()
        let attempt = await harness.app.crmChannels.hubspot.deliver(DeliveryJob(
            logID: UUID(), integration: integration, payload: withDeal.payload(from: sources.values), sources: sources))
        XCTAssertTrue(attempt.outcome.isSuccess, attempt.outcome.message)
        XCTAssertTrue(attempt.outcome.message.contains("Contact HubSpot créé") && attempt.outcome.message.contains("Transaction 9001 créée"), attempt.outcome.message)
        let upsert = try XCTUnwrap(fake.server.requests.dropLast().last)
        XCTAssertNil(upsert.json?["inputs"].flatMap { if case .array(let a) = $0 { a.first?["properties"]?["deal"] } else { nil } }, "deal.* is not a contact property")
        let deal = try XCTUnwrap(fake.server.requests.last)
        XCTAssertEqual(deal.path, "/crm/objects/2026-09/deals")
        XCTAssertEqual(deal.json?["properties"]?["pipeline"], "formations")
        XCTAssertEqual(deal.json?["properties"]?["dealstage"], "appointmentscheduled")
        XCTAssertEqual(deal.json?["properties"]?["amount"], .number(5400))
        XCTAssertEqual(deal.json?["properties"]?["dealname"], "Inscription — Excel — Salma Bennani")
        XCTAssertTrue(attempt.request.encodedString().contains("\"contact\"") && attempt.request.encodedString().contains("\"deal\""), "both calls on record")
        XCTAssertEqual(HubSpotChannel.preview(DeliveryJob(logID: UUID(), integration: integration, payload: withDeal.payload(from: sources.values), sources: sources))
            .encodedString().contains("associationTypeId"), true, "the preview shows the deal call")
        await worker.stop()
        await harness.stop()
        await fake.server.stop()
    }
}
