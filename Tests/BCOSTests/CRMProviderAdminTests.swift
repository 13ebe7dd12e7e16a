@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// The provider parts of the integration form through HTTP (cookies, CSRF): Salesforce client
/// credentials (secret sealed, masked, kept, retyped for a new address), the default versions,
/// the HubSpot scope help, Pipedrive; "Tester la connexion" with its French messages.
final class CRMProviderAdminTests: XCTestCase {
    func signedIn(_ harness: AppHarness) async throws -> AdminClient {
        try await AdminClient.signedIn(harness, email: "crm@bcos.ma", landing: "/admin/crm")
    }

    func id(_ created: HTTPTestResponse) throws -> (UUID, String) {
        let path = try XCTUnwrap(created.header("location")?.components(separatedBy: "?").first)
        return (try XCTUnwrap(UUID(uuidString: path.components(separatedBy: "/")[3])), path)
    }

    func testSalesforceFormTakesClientCredentialsAndTheTestListsVersions() async throws {
        let fake = FakeSalesforce()
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let client = try await signedIn(harness)

        let form = try await client.get("/admin/crm/new?type=salesforce")
        XCTAssertTrue(form.text.contains(#"name="api_version" type="text" value="v66.0""#), "the default version is shown, editable")
        XCTAssertTrue(form.text.contains(#"name="client_id""#) && form.text.contains(#"name="client_secret" type="password""#))
        let missing = try await client.post("/admin/crm/new", [
            ("kind", "salesforce"), ("name", "Salesforce"), ("instance_url", fake.url), ("api_version", "v66.0"), ("client_id", fake.clientID), ("is_active", "on"),
        ])
        XCTAssertEqual(missing.status, 422)
        XCTAssertTrue(missing.text.contains("Le secret du consommateur (client_secret) accompagne client_id."))

        let created = try await client.post("/admin/crm/new", [
            ("kind", "salesforce"), ("name", "Salesforce"), ("instance_url", fake.url), ("api_version", "v66.0"),
            ("client_id", fake.clientID), ("client_secret", fake.clientSecret), ("is_active", "on"),
        ])
        XCTAssertEqual(created.status, 303)
        let (id, editPath) = try id(created)
        let edit = try await client.get(editPath)
        XCTAssertFalse(edit.text.contains(fake.clientSecret), "the secret is never shown")
        XCTAssertTrue(edit.text.contains("••••hars (inchangé si vide)"), "only masked")
        XCTAssertTrue(edit.text.contains(#"value="\#(fake.clientID)""#))

        // Saved as shown: the secret is kept.
        let saved = try await client.post(editPath, [
            ("name", "Salesforce"), ("instance_url", fake.url), ("api_version", "v65.0"), ("client_id", fake.clientID), ("client_secret", ""), ("is_active", "on"),
        ])
        XCTAssertEqual(saved.status, 303)
        var stored = try await harness.app.database.run { try $0.crmIntegrations.find(id) }
        XCTAssertEqual(stored?.config.client_secret, fake.clientSecret)
        XCTAssertEqual(stored?.config.api_version, "v65.0")
        let raw = try await harness.app.pool.query("SELECT config->>'client_secret' AS s FROM crm_integrations WHERE id = $1", [id]).first?.decode("s", as: String.self)
        XCTAssertTrue(raw?.hasPrefix("enc:v1:") == true, "sealed at rest")

        // A new address: the stored secret is not carried over.
        let moved = try await client.post(editPath, [
            ("name", "Salesforce"), ("instance_url", "https://evil.example.com"), ("client_id", fake.clientID), ("client_secret", ""), ("is_active", "on"),
        ])
        XCTAssertEqual(moved.status, 422)
        XCTAssertTrue(moved.text.contains("La destination a changé : saisissez de nouveau ce secret"))
        stored = try await harness.app.database.run { try $0.crmIntegrations.find(id) }
        XCTAssertEqual(stored?.config.instance_url, fake.url, "nothing saved")

        _ = try await client.get("/admin/crm")
        let tested = try await client.post("/admin/crm/\(id.uuidString.lowercased())/test", [])
        XCTAssertEqual(tested.status, 303)
        let list = try await client.get("/admin/crm")
        XCTAssertTrue(list.text.contains("Connexion Salesforce réussie (client credentials) avec la version choisie v65.0"), list.text)
        XCTAssertTrue(list.text.contains("Versions offertes : v64.0, v65.0, v66.0"))
        await harness.stop()
        await fake.server.stop()
    }

    func testHubSpotFormHasTheVersionAndScopeAndTheTestCachesPropertyNames() async throws {
        let fake = FakeHubSpot()
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let client = try await signedIn(harness)
        let form = try await client.get("/admin/crm/new?type=hubspot")
        XCTAssertTrue(form.text.contains(#"name="api_version" type="text" value="2026-09""#))
        XCTAssertTrue(form.text.contains("crm.objects.contacts.write"), "the help names the scope")
        let bad = try await client.post("/admin/crm/new", [
            ("kind", "hubspot"), ("name", "HubSpot"), ("api_version", "v4"), ("api_key", fake.token), ("endpoint", fake.url), ("is_active", "on"),
        ])
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("Version datée au format 2026-09, ou v3"))
        let created = try await client.post("/admin/crm/new", [
            ("kind", "hubspot"), ("name", "HubSpot"), ("api_version", "2026-09"), ("api_key", fake.token), ("endpoint", fake.url), ("is_active", "on"),
        ])
        XCTAssertEqual(created.status, 303)
        let (id, _) = try id(created)
        var stored = try await harness.app.database.run { try $0.crmIntegrations.find(id) }
        XCTAssertEqual(CRMTargets.suggestedTargets(for: try XCTUnwrap(stored)).first, "email", "defaults before any test")

        _ = try await client.get("/admin/crm")
        _ = try await client.post("/admin/crm/\(id.uuidString.lowercased())/test", [])
        XCTAssertEqual(fake.server.requests.last?.path, "/crm/properties/2026-09/contacts")
        let list = try await client.get("/admin/crm")
        XCTAssertTrue(list.text.contains("8 propriétés de contact lues"), list.text)
        stored = try await harness.app.database.run { try $0.crmIntegrations.find(id) }
        XCTAssertEqual(stored?.propertyNames, ["company", "email", "firstname", "formation_bcos", "hs_lead_status", "jobtitle", "lastname", "phone"],
                       "read-only and hidden properties are not suggested")
        let targets = CRMTargets.suggestedTargets(for: try XCTUnwrap(stored))
        XCTAssertTrue(targets.contains("formation_bcos") && targets.contains("deal.dealstage"))

        // Saving the form again keeps the cache (it is not part of the config).
        _ = try await client.get("/admin/crm/\(id.uuidString.lowercased())/edit")
        let saved = try await client.post("/admin/crm/\(id.uuidString.lowercased())/edit", [
            ("name", "HubSpot ventes"), ("api_version", "2026-09"), ("api_key", ""), ("endpoint", fake.url), ("is_active", "on"),
        ])
        XCTAssertEqual(saved.status, 303)
        stored = try await harness.app.database.run { try $0.crmIntegrations.find(id) }
        XCTAssertEqual(stored?.propertyNames?.count, 8)
        XCTAssertEqual(stored?.config.api_key, fake.token)
        XCTAssertEqual(CRMTargets.suggestedTargets(for: CRMIntegration(id: id, name: "w", kind: .webhook, config: CRMConfig(), isActive: true)), [])
        await harness.stop()
        await fake.server.stop()
    }

    func testPipedriveFormCreatesAnIntegrationThatDelivers() async throws {
        let fake = FakePipedrive()
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let client = try await signedIn(harness)
        let form = try await client.get("/admin/crm/new?type=pipedrive")
        XCTAssertFalse(form.text.contains(#"name="api_version""#), "Pipedrive has fixed API versions (v2 persons, v1 leads)")
        let created = try await client.post("/admin/crm/new", [
            ("kind", "pipedrive"), ("name", "Pipedrive"), ("company_domain", "acme"), ("api_key", fake.token), ("endpoint", fake.url), ("is_active", "on"),
        ])
        XCTAssertEqual(created.status, 303)
        let (id, _) = try id(created)
        let stored = try await harness.app.database.run { try $0.crmIntegrations.find(id) }
        let integration = try XCTUnwrap(stored)
        let sources = CRMSources(values: ["email": "salma.bennani@example.ma", "full_name": "Salma Bennani"], labels: [:])
        let job = DeliveryJob(logID: UUID(), integration: integration, payload: .object([:]), sources: sources)
        let first = await harness.app.crmChannels.pipedrive.deliver(job)
        let second = await harness.app.crmChannels.pipedrive.deliver(job)
        XCTAssertTrue(first.outcome.message.contains("Personne 1092 et prospect"), first.outcome.message)
        XCTAssertTrue(second.outcome.message.contains("Personne existante 1092"), second.outcome.message)
        XCTAssertEqual(fake.personCount, 1)
        XCTAssertTrue(CRMTargets.suggestedTargets(for: integration).contains("person.email"))
        await harness.stop()
        await fake.server.stop()
    }
}
