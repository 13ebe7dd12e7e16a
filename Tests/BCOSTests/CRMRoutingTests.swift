@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// Issue #13 as an admin and a CRM see it, through HTTP: an integration for all courses, a
/// course opting out, duplicated courses, the dashboard's warning, mapping rows without JSON,
/// the connection test's verdict, status changes, the retry schedule.
final class CRMRoutingTests: XCTestCase {
    static let second = "gestion-de-projet-agile-avec-scrum"

    func signedIn(_ harness: AppHarness) async throws -> AdminClient {
        try await AdminClient.signedIn(harness, email: "routage@bcos.ma", landing: "/admin")
    }

    /// Creates a webhook integration through the form; returns its id.
    func createWebhook(_ client: AdminClient, url: String, allCourses: Bool) async throws -> String {
        var fields = [("kind", "webhook"), ("name", "Ventes"), ("endpoint", url), ("is_active", "on")]
        if allCourses { fields.append(("all_courses", "on")) }
        let created = try await client.post("/admin/crm/new", fields)
        XCTAssertEqual(created.status, 303)
        return try XCTUnwrap(created.header("location")?.components(separatedBy: "/").dropFirst(3).first)
    }

    func testAnIntegrationForAllCoursesReachesNewAndDuplicatedCoursesUnlessOneOptsOut() async throws {
        let fake = FakeCRMServer()
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        let client = try await signedIn(harness)

        let warned = try await client.get("/admin")
        XCTAssertTrue(warned.text.contains("n’envoient leurs inscriptions à aucun CRM"), "the dashboard warns before any routing exists")
        XCTAssertTrue(warned.text.contains("quipe et leadership</a>"), "the unrouted course is named, with a link")

        let id = try await createWebhook(client, url: fake.url + "/hook", allCourses: true)
        let calm = try await client.get("/admin")
        XCTAssertFalse(calm.text.contains("n’envoient leurs inscriptions à aucun CRM"), "every published course forwards now")

        _ = try await EnrollmentFixtures.enroll(harness, slug: Self.second)
        try await eventually("the course with no mapping of its own is delivered") { fake.requests.count == 1 }
        XCTAssertEqual(fake.requests.first?.json?["type"], "enrollment.created", "the first event says what it is")

        // The second course opts out on its "Envois CRM" page (box unticked).
        let secondID: UUID = try await harness.app.pool.query("SELECT id FROM formations WHERE slug = $1", [Self.second]).first!.decode("id")
        let path = "/admin/formations/\(secondID.uuidString.lowercased())/crm"
        let page = try await client.get(path)
        XCTAssertTrue(page.text.contains("décochez pour retirer celle-ci"))
        let status1 = try await client.post(path, [("map_\(id)_source_0", "")]).status
        XCTAssertEqual(status1, 303)
        _ = try await EnrollmentFixtures.enroll(harness, slug: Self.second)
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("the other course still forwards") { fake.requests.count == 2 }
        try await Task.sleep(for: .milliseconds(800))
        XCTAssertEqual(fake.requests.count, 2, "the opted-out course sent nothing")

        // A duplicate of the opted-out course keeps its choice (mappings are copied).
        let copy = try await client.post("/admin/formations/\(secondID.uuidString.lowercased())/duplicate", [])
        XCTAssertEqual(copy.status, 303)
        let copied: Int = try await harness.app.pool.query("""
            SELECT count(*) AS n FROM formation_crm_mappings m JOIN formations f ON f.id = m.formation_id
            WHERE f.slug = $1 AND NOT m.is_active
            """, [Self.second + "-copie"]).first!.decode("n")
        XCTAssertEqual(copied, 1)
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    func testMappingRowsWithoutJSONAreSavedInTheSeedFormatAndPreviewedLive() async throws {
        let harness = try await CRMTestSupport.harness()
        let client = try await signedIn(harness)
        let created = try await client.post("/admin/crm/new", [
            ("kind", "hubspot"), ("name", "HubSpot"), ("api_key", "pat-na1-secret-token"), ("is_active", "on"),
        ])
        XCTAssertEqual(created.status, 303)
        let id = try XCTUnwrap(created.header("location")?.components(separatedBy: "/").dropFirst(3).first)
        let path = "/admin/formations/\(CRMTestSupport.course.uuidString.lowercased())/crm"
        let page = try await client.get(path)
        XCTAssertTrue(page.text.contains(#"name="map_\#(id)_source_0""#), "rows, not a JSON box")
        XCTAssertTrue(page.text.contains("Adresse e-mail (email)"), "sources are the course's fields, labelled in French")
        XCTAssertTrue(page.text.contains(#"<option value="firstname">"#), "HubSpot targets are suggested")

        let rows = [("attach_\(id)", "on"), ("map_\(id)_source_0", "full_name"), ("map_\(id)_target_0", "firstname"),
                    ("static_\(id)_target_0", "hs_lead_status"), ("static_\(id)_value_0", "NEW")]
        let live = try await client.post(path + "/preview", rows)
        XCTAssertEqual(live.status, 200)
        XCTAssertTrue(live.header("content-type")?.hasPrefix("application/json") == true)
        let answer = try XCTUnwrap(JSONValue.parse(live.body))
        let card = try XCTUnwrap(answer["cards"]?[id])
        XCTAssertTrue(card["preview"]?.text?.contains("\"hs_lead_status\" : \"NEW\"") == true, card["preview"]?.text ?? "")
        XCTAssertTrue(card["warnings"]?.encodedString().contains("HubSpot exige « email »") == true, "a required field is missing")

        let status2 = try await client.post(path, rows).status

        XCTAssertEqual(status2, 303)
        let stored: String = try await harness.app.pool.query(
            "SELECT field_mappings::text AS m FROM formation_crm_mappings WHERE crm_integration_id = $1::uuid", [id]).first!.decode("m")
        let mapping = try FieldMapping.parse(stored).get()
        XCTAssertEqual(mapping.source_to_target, ["full_name": "firstname"])
        XCTAssertEqual(mapping.static_values, ["hs_lead_status": "NEW"])
        let shown = try await client.get(path)
        XCTAssertTrue(shown.text.contains(#"value="firstname""#), "the saved rows come back as rows")
        XCTAssertTrue(shown.text.contains("HubSpot exige « email »"), "and the warning with them")
        await harness.stop()
    }

    func testAFailedConnectionTestIsRedWithWhatToCheckAndStaysOutOfTheJournal() async throws {
        let harness = try await CRMTestSupport.harness()
        let client = try await signedIn(harness)
        // A port nothing listens on.
        let id = try await createWebhook(client, url: "http://127.0.0.1:9/hook", allCourses: false)
        let tested = try await client.post("/admin/crm/\(id)/test", [])
        XCTAssertEqual(tested.status, 303)
        XCTAssertEqual(tested.header("location"), "/admin/crm/\(id)/edit#test")
        let page = try await client.get("/admin/crm/\(id)/edit")
        XCTAssertTrue(page.text.contains(#"class="form-alert" role="alert""#), "shown as a failure")
        XCTAssertTrue(page.text.contains("Échec : connexion refusée"))
        XCTAssertTrue(page.text.contains("À vérifier : Le serveur refuse la connexion"))
        XCTAssertTrue(page.text.contains("Derniers tests"))
        let journal = try await client.get("/admin/crm/logs")
        XCTAssertFalse(journal.text.contains("Test de connexion"), "tests are not deliveries")
        await harness.stop()
    }

    func testAStatusChangeReachesTheWebhookAsASecondSignedEvent() async throws {
        let fake = FakeCRMServer()
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        let client = try await signedIn(harness)
        let id = try await createWebhook(client, url: fake.url + "/hook", allCourses: true)
        let signed = try await client.post("/admin/crm/\(id)/edit", [
            ("name", "Ventes"), ("endpoint", fake.url + "/hook"), ("is_active", "on"), ("all_courses", "on"),
            ("signing_secret", "whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM="),
        ])
        XCTAssertEqual(signed.status, 303)
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("created") { fake.requests.count == 1 }
        let enrollment: UUID = try await harness.app.pool.query("SELECT id FROM enrollments WHERE submission_token IS NOT NULL").first!.decode("id")
        let saved = try await client.post("/admin/inscriptions/\(enrollment.uuidString.lowercased())", [("status", "confirmed")])
        XCTAssertEqual(saved.status, 303)
        try await eventually("the status change") { fake.requests.count == 2 }
        let event = try XCTUnwrap(fake.requests.last)
        XCTAssertEqual(event.json?["type"], "enrollment.status_changed")
        XCTAssertEqual(event.json?["enrollment_id"]?.text, enrollment.uuidString.lowercased())
        XCTAssertEqual(event.json?["status"], "confirmed")
        XCTAssertNotNil(event.header("webhook-signature"), "signed like every event")
        // Saving the same status again sends nothing more.
        _ = try await client.post("/admin/inscriptions/\(enrollment.uuidString.lowercased())", [("status", "confirmed")])
        try await Task.sleep(for: .milliseconds(800))
        XCTAssertEqual(fake.requests.count, 2)
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    func testTheRetryScheduleOutlastsAnOutageAndTheOlderSettingsStillWork() {
        XCTAssertEqual(CRMSettings.schedule(explicit: nil, maxRetries: nil, baseSeconds: nil), [.seconds(60), .seconds(900), .seconds(7_200)])
        let explicit = AppConfiguration.fromEnvironment(["CRM_RETRY_SCHEDULE": "30, 600,3600,86400", "CRM_MAX_RETRIES": "1"])
        XCTAssertEqual(explicit.crmRetrySchedule, [30, 600, 3_600, 86_400], "the explicit schedule wins")
        let older = AppConfiguration.fromEnvironment(["CRM_MAX_RETRIES": "2", "CRM_RETRY_BASE_SECONDS": "10"])
        XCTAssertEqual(CRMSettings.schedule(explicit: older.crmRetrySchedule, maxRetries: older.crmMaxRetries, baseSeconds: older.crmRetryBaseSeconds),
                       [.seconds(10), .seconds(20)])
        XCTAssertNil(AppConfiguration.fromEnvironment(["CRM_RETRY_SCHEDULE": "60,abc"]).crmRetrySchedule, "a malformed schedule is ignored")
        // Values that would trap when turned into a Duration are ignored or capped, never a crash at start-up.
        XCTAssertNil(AppConfiguration.fromEnvironment(["CRM_RETRY_BASE_SECONDS": "inf"]).crmRetryBaseSeconds)
        let huge = AppConfiguration.fromEnvironment(["CRM_RETRY_BASE_SECONDS": "1e300", "CRM_MAX_RETRIES": "20"])
        XCTAssertEqual(huge.crmRetryBaseSeconds, 86_400)
        XCTAssertEqual(CRMSettings.schedule(explicit: nil, maxRetries: huge.crmMaxRetries, baseSeconds: huge.crmRetryBaseSeconds).count, 20)
        let settings = CRMSettings()
        for _ in 0..<20 {
            XCTAssert((48.0...72.0).contains(settings.backoff(retry: 1).seconds))
            XCTAssert((720.0...1_080.0).contains(settings.backoff(retry: 2).seconds))
            XCTAssert((5_760.0...8_640.0).contains(settings.backoff(retry: 3).seconds))
        }
    }
}

/// A status change made in the back office updates what HubSpot and Salesforce created.
final class CRMStatusChangeTests: XCTestCase {
    func confirm(_ harness: AppHarness) async throws {
        let client = try await AdminClient.signedIn(harness, email: "statut@bcos.ma")
        let enrollment: UUID = try await harness.app.pool.query("SELECT id FROM enrollments WHERE submission_token IS NOT NULL").first!.decode("id")
        let saved = try await client.post("/admin/inscriptions/\(enrollment.uuidString.lowercased())", [("status", "confirmed")])
        XCTAssertEqual(saved.status, 303)
    }

    func testHubSpotGetsTheMappedLeadStatus() async throws {
        let fake = FakeHubSpot()
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        var config = CRMConfig(endpoint: fake.url, provider: "hubspot", api_key: fake.token)
        config.status_map = ["confirmed": "IN_PROGRESS"]
        try await CRMTestSupport.integrate(harness, name: "HubSpot", kind: .hubspot, config: config)
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("created") { fake.server.requests.count == 1 }
        try await confirm(harness)
        try await eventually("status sent") { fake.server.requests.count == 2 }
        let input = try XCTUnwrap(fake.server.requests.last?.json?["inputs"].flatMap { if case .array(let a) = $0 { a.first } else { nil } })
        XCTAssertEqual(input["id"], "salma.bennani@example.ma", "the same contact, by its e-mail")
        XCTAssertEqual(input["properties"], .object(["hs_lead_status": "IN_PROGRESS"]), "the integration's own value for « Confirmée »")
        try await eventually("recorded") { try await CRMTestSupport.logs(harness.app).filter { $0.status == "success" }.count == 2 }
        await worker.stop()
        await harness.stop()
        await fake.server.stop()
    }

    func testSalesforceFindsTheLeadAndSetsItsStatus() async throws {
        let fake = FakeSalesforce()
        try await fake.server.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(
            harness, name: "Salesforce", kind: .salesforce, config: CRMConfig(provider: "salesforce", api_key: fake.staticToken, instance_url: fake.url))
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("created") { fake.state.withLockedValue { $0.leads.count } == 1 }
        try await confirm(harness)
        try await eventually("status set") { fake.state.withLockedValue { $0.leads.first?.value["Status"] } == "Closed - Converted" }
        XCTAssertEqual(fake.state.withLockedValue { $0.leads.count }, 1, "the existing Lead was updated, none created")
        XCTAssertTrue(fake.server.requests.contains { $0.method == "GET" && $0.path.hasSuffix("/query") }, "found by its e-mail")
        await worker.stop()
        await harness.stop()
        await fake.server.stop()
    }
}
