@testable import BCOS
import Foundation
import XCTest

/// Salesforce against `FakeSalesforce`: the client credentials token shared through PostgreSQL
/// and replaced once on 401, the static token, duplicate rules, the versions check.
final class SalesforceProviderTests: XCTestCase {
    func config(_ fake: FakeSalesforce, version: String? = nil) -> CRMConfig {
        CRMConfig(provider: "salesforce", instance_url: fake.url, api_version: version, client_id: fake.clientID, client_secret: fake.clientSecret)
    }

    func testTheClientCredentialsTokenIsCachedSharedAndReplacedOnceWhenItExpires() async throws {
        let fake = FakeSalesforce(tokenLifetime: 2)
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        let id = try await CRMTestSupport.integrate(harness, name: "Salesforce", kind: .salesforce, config: config(fake))

        _ = try await EnrollmentFixtures.enroll(harness, overrides: ["email": "one@example.ma", "company": ""])
        try await eventually("first delivered") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        _ = try await EnrollmentFixtures.enroll(harness, overrides: ["email": "two@example.ma"])
        try await eventually("second delivered") { try await CRMTestSupport.logs(harness.app).filter { $0.status == "success" }.count == 2 }
        XCTAssertEqual(fake.tokenRequests, 1, "the second delivery reuses the cached token")
        let tokenCall = try XCTUnwrap(fake.server.requests.first)
        XCTAssertEqual(tokenCall.path, "/services/oauth2/token")
        XCTAssertEqual(tokenCall.header("content-type"), "application/x-www-form-urlencoded")
        XCTAssertEqual(tokenCall.formItems["client_secret"], fake.clientSecret, "form-encoded, + / = included")
        XCTAssertTrue(fake.server.requests.contains { $0.path == "/services/data/v66.0/sobjects/Lead/" }, "v66.0 by default")

        // The token is stored sealed, once per integration; the secret is sealed in the config.
        let stored = try await harness.app.pool.query("SELECT access_token FROM crm_access_tokens WHERE crm_integration_id = $1", [id])
        let sealedToken = try stored.first?.decode("access_token", as: String.self) ?? ""
        XCTAssertTrue(sealedToken.hasPrefix("enc:v1:"))
        let sealedConfig = try await harness.app.pool.query("SELECT config::text AS c FROM crm_integrations WHERE id = $1", [id]).first?.decode("c", as: String.self) ?? ""
        XCTAssertFalse(sealedConfig.contains(fake.clientSecret))
        XCTAssertTrue(sealedConfig.contains(fake.clientID), "client_id is not a secret")

        // Another process (a second set of channels on the same database) uses the same token.
        let found = try await harness.app.database.run { try $0.crmIntegrations.find(id) }
        let integration = try XCTUnwrap(found)
        // The token has answered its 2 calls: this one gets 401, fetches one new token, retries once.
        _ = try await EnrollmentFixtures.enroll(harness, overrides: ["email": "three@example.ma"])
        try await eventually("third delivered after one refresh") { try await CRMTestSupport.logs(harness.app).filter { $0.status == "success" }.count == 3 }
        XCTAssertEqual(fake.tokenRequests, 2)
        let third = try await CRMTestSupport.logs(harness.app).last!
        XCTAssertEqual(third.retryCount, 0, "the refresh happened inside the attempt")
        XCTAssertTrue(third.response.contains("INVALID_SESSION_ID"), "both calls are on record")
        let otherProcess = CRMChannels(http: harness.app.http, smtp: harness.app.smtp, baseURL: "", database: harness.app.database)
        let tested = await otherProcess.salesforce.test(integration)
        XCTAssertTrue(tested.outcome.isSuccess, tested.outcome.message)
        XCTAssertEqual(fake.tokenRequests, 2, "the other process found the refreshed token in PostgreSQL")

        for row in try await CRMTestSupport.logs(harness.app) {
            XCTAssertFalse(row.request.contains("session."), "no access token in the log")
            XCTAssertFalse(row.response.contains("session."), "not even the token answer's")
            XCTAssertFalse(row.request.contains("F4KE"), "no client secret in the log, raw or form-encoded")
        }

        // Sessions revoked: one new token, then Salesforce says no to it too → a clear failure.
        fake.revokeAll()
        let rejected = await otherProcess.salesforce.test(integration)
        XCTAssertTrue(rejected.outcome.isSuccess, "a revoked session is replaced: \(rejected.outcome.message)")
        XCTAssertEqual(fake.tokenRequests, 3)
        await worker.stop()
        await harness.stop()
        await fake.server.stop()
    }

    func testADuplicateRuleUpdatesTheExistingLead() async throws {
        let fake = FakeSalesforce()
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(harness, name: "Salesforce", kind: .salesforce, config: config(fake))
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("created") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        _ = try await EnrollmentFixtures.enroll(harness, overrides: ["phone": "+212 6 00 00 00 01", "company": ""])
        try await eventually("updated") { try await CRMTestSupport.logs(harness.app).filter { $0.status == "success" }.count == 2 }
        let patch = try XCTUnwrap(fake.server.requests.last)
        XCTAssertEqual(patch.method, "PATCH")
        XCTAssertEqual(patch.path, "/services/data/v66.0/sobjects/Lead/00Q5g0000000001AAA")
        XCTAssertEqual(patch.json?["Phone"], "+212 6 00 00 00 01", "the new values")
        XCTAssertNil(patch.json?["Company"], "no fallback Company overwrites the real one")
        let lead = fake.state.withLockedValue { $0.leads["00Q5g0000000001AAA"] }
        let firstCompany = fake.server.requests.first { $0.method == "POST" && $0.path.hasSuffix("/Lead/") }?.json?["Company"]
        XCTAssertNotNil(firstCompany)
        XCTAssertEqual(lead?["Company"], firstCompany, "the company of the first enrollment is kept")
        XCTAssertEqual(lead?["Phone"], "+212 6 00 00 00 01")
        let row = try await CRMTestSupport.logs(harness.app).last!
        XCTAssertTrue(row.response.contains("DUPLICATES_DETECTED"), "the refused create stays on record")
        XCTAssertEqual(row.retryCount, 0)
        // The outcome text (what the worker logs) says what happened.
        let integration = try await harness.app.database.run { try $0.crmIntegrations.all() }.first!
        let job = DeliveryJob(
            logID: UUID(), integration: integration, payload: .object(["Email": "SALMA.bennani@example.ma", "Title": "DRH"]),
            sources: CRMSources(values: ["email": "salma.bennani@example.ma"], labels: [:]))
        let attempt = await harness.app.crmChannels.salesforce.deliver(job)
        let message = attempt.outcome.message
        XCTAssertTrue(attempt.outcome.isSuccess)
        XCTAssertTrue(message.contains("doublon : fiche existante mise à jour"), message)
        await worker.stop()
        await harness.stop()
        await fake.server.stop()
    }

    func testAStaticTokenStillWorksAndTheTestListsTheVersions() async throws {
        let fake = FakeSalesforce()
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        let id = try await CRMTestSupport.integrate(
            harness, name: "Salesforce", kind: .salesforce, config: CRMConfig(provider: "salesforce", api_key: fake.staticToken, instance_url: fake.url))
        _ = try await EnrollmentFixtures.enroll(harness, overrides: ["company": ""])
        try await eventually("delivered") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        let lead = try XCTUnwrap(fake.server.requests.first { $0.method == "POST" }?.json)
        XCTAssertEqual(lead["LastName"], "Bennani")
        XCTAssertEqual(lead["Company"], "Salma Bennani")
        XCTAssertEqual(lead["LeadSource"], "Web")
        XCTAssertEqual(fake.tokenRequests, 0, "no client_id: the static token is used as it is")

        let found = try await harness.app.database.run { try $0.crmIntegrations.find(id) }
        var integration = try XCTUnwrap(found)
        let ok = await harness.app.crmChannels.salesforce.test(integration)
        XCTAssertTrue(ok.outcome.isSuccess)
        XCTAssertTrue(ok.outcome.message.contains("v64.0, v65.0, v66.0"), ok.outcome.message)
        XCTAssertTrue(ok.outcome.message.contains("version choisie v66.0, offerte"), ok.outcome.message)
        integration.config.api_version = "v67.0"
        let missing = await harness.app.crmChannels.salesforce.test(integration)
        XCTAssertFalse(missing.outcome.isSuccess)
        XCTAssertTrue(missing.outcome.message.contains("n’offre pas la version choisie v67.0"), missing.outcome.message)
        integration.config.api_version = nil
        integration.config.api_key = "00Dxx!expired"
        let expired = await harness.app.crmChannels.salesforce.test(integration)
        XCTAssertTrue(expired.outcome.message.contains("INVALID_SESSION_ID") && expired.outcome.message.contains("client credentials"), expired.outcome.message)
        integration.config.client_id = fake.clientID
        integration.config.client_secret = "wrong-secret"
        let refused = await harness.app.crmChannels.salesforce.test(integration)
        XCTAssertTrue(refused.outcome.message.contains("invalid_client"), refused.outcome.message)
        if case .fail = refused.outcome {} else { XCTFail("bad client credentials are not retried") }
        await worker.stop()
        await harness.stop()
        await fake.server.stop()
    }
}
