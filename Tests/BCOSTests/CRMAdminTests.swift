@testable import BCOS
import Foundation
import HTTPServer
import NIOConcurrencyHelpers
import TestSupport
import XCTest

/// The CRM back office through real HTTP with cookies: integrations (secrets masked and kept),
/// test connection, course mappings with preview, the log, the retry queue, 410 Gone.
final class CRMAdminTests: XCTestCase {
    func signedIn(_ harness: AppHarness) async throws -> AdminClient {
        try await AdminClient.signedIn(harness, email: "crm@bcos.ma", landing: "/admin/crm")
    }

    func testIntegrationSecretsAreMaskedKeptAndTheConnectionTestIsSigned() async throws {
        let failing = NIOLockedValueBox(false)
        let fake = FakeCRMServer { _, _ in failing.withLockedValue { $0 } ? .json(#"{"error":"down"}"#, status: .internalServerError) : .json(#"{"ok":true}"#) }
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let client = try await signedIn(harness)

        let form = try await client.get("/admin/crm/new?type=webhook")
        XCTAssertTrue(form.text.contains("Nouvelle intégration : Webhook"))
        let refused = try await client.post("/admin/crm/new", [
            ("kind", "webhook"), ("name", "Webhook ventes"), ("endpoint", "ftp://files.example.com/in"), ("is_active", "on"),
        ])
        XCTAssertEqual(refused.status, 422)
        XCTAssertTrue(refused.text.contains("Adresse http:// ou https:// invalide."))
        XCTAssertTrue(refused.text.contains("value=\"Webhook ventes\""), "input kept")
        for absurd in ["1e300", "-3", "nan", "0,5"] {
            let timeout = try await client.post("/admin/crm/new", [
                ("kind", "webhook"), ("name", "Webhook ventes"), ("endpoint", "https://crm.example.com/in"), ("timeout", absurd),
            ])
            XCTAssertEqual(timeout.status, 422, "timeout \(absurd)")
            XCTAssertTrue(timeout.text.contains("Le délai est un nombre de secondes entre 1 et 120."), "timeout \(absurd)")
        }

        let created = try await client.post("/admin/crm/new", [
            ("kind", "webhook"), ("name", "Webhook ventes"), ("endpoint", fake.url + "/hook"), ("method", "POST"),
            ("headers", "Authorization: Bearer abc123secret\nX-Team: ventes"), ("signing_secret", "whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM="),
            ("timeout", "5"), ("is_active", "on"),
        ])
        XCTAssertEqual(created.status, 303)
        let editPath = try XCTUnwrap(created.header("location")?.components(separatedBy: "?").first)
        let id = try XCTUnwrap(UUID(uuidString: editPath.components(separatedBy: "/")[3]))
        let edit = try await client.get(editPath)
        XCTAssertFalse(edit.text.contains("abc123secret"), "the header value is never shown in full")
        XCTAssertFalse(edit.text.contains("c2VjcmV0LWtleS1mb3ItdGVzdHM"), "nor the signing secret")
        let storedTimeout: Int? = try await harness.app.pool.query("SELECT (config->>'timeout')::int AS t FROM crm_integrations WHERE id = $1", [id]).first?.decode("t")
        XCTAssertEqual(storedTimeout, 5000, "the form speaks seconds, the seed's config keeps milliseconds")
        XCTAssertTrue(edit.text.contains(#"id="timeout" name="timeout" type="number" value="5""#))
        // One row per header, each with its own "secret" box (Authorization is secret by default).
        XCTAssertTrue(edit.text.contains(#"name="header_name_0" value="Authorization""#))
        XCTAssertTrue(edit.text.contains(#"name="header_value_0" value="••••cret""#))
        XCTAssertTrue(edit.text.contains(#"name="header_secret_0" value="on" checked"#))
        XCTAssertTrue(edit.text.contains(#"name="header_value_1" value="ventes""#))
        XCTAssertFalse(edit.text.contains(#"name="header_secret_1" value="on" checked"#), "X-Team is not a secret")

        // Saving the form as shown (masked header, empty secret field) keeps both secrets.
        let saved = try await client.post(editPath, [
            ("name", "Webhook ventes"), ("endpoint", fake.url + "/hook"), ("headers", "Authorization: ••••cret\nX-Team: direction"),
            ("signing_secret", ""), ("is_active", "on"),
        ])
        XCTAssertEqual(saved.status, 303)
        let stored = try await harness.app.database.run({ try $0.crmIntegrations.find(id) })
        XCTAssertEqual(stored?.config.headers?["Authorization"], "Bearer abc123secret")
        XCTAssertEqual(stored?.config.headers?["X-Team"], "direction")
        XCTAssertEqual(stored?.config.signing_secret, "whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM=")

        let tested = try await client.post("/admin/crm/\(id.uuidString.lowercased())/test", [])
        XCTAssertEqual(tested.status, 303)
        let event = try XCTUnwrap(fake.requests.last)
        XCTAssertEqual(event.json?["test"], .bool(true), "the test event says it is a test")
        XCTAssertEqual(event.header("authorization"), "Bearer abc123secret")
        let webhookID = try XCTUnwrap(event.header("webhook-id"))
        let timestamp = try XCTUnwrap(event.header("webhook-timestamp").flatMap(Int.init))
        XCTAssertEqual(event.header("webhook-signature"),
                       StandardWebhooks.signature(secret: "whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM=", id: webhookID, timestamp: timestamp, body: event.body))
        var list = try await client.get("/admin/crm")
        XCTAssertTrue(list.text.contains("réussi"))

        failing.withLockedValue { $0 = true }
        _ = try await client.post("/admin/crm/\(id.uuidString.lowercased())/test", [])
        list = try await client.get("/admin/crm")
        XCTAssertTrue(list.text.contains("échec"))
        XCTAssertTrue(list.text.contains("HTTP 500"), "the error text is shown")

        let confirm = try await client.get("/admin/crm/\(id.uuidString.lowercased())/delete")
        XCTAssertTrue(confirm.text.contains("Supprimer « Webhook ventes » ?"))
        let deleted = try await client.post("/admin/crm/\(id.uuidString.lowercased())/delete", [])
        XCTAssertEqual(deleted.status, 303)
        let remaining = try await harness.app.database.run({ try $0.crmIntegrations.all() })
        XCTAssertTrue(remaining.isEmpty)
        await harness.stop()
        await fake.stop()
    }

    func testACourseMappingIsValidatedPreviewedAndUsedForDelivery() async throws {
        let fake = FakeCRMServer()
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        let client = try await signedIn(harness)
        let id = try await CRMTestSupport.integrate(harness, name: "Webhook ventes", kind: .webhook, config: CRMConfig(endpoint: fake.url + "/hook"))
        let key = id.uuidString.lowercased()
        let path = "/admin/formations/\(CRMTestSupport.course.uuidString.lowercased())/crm"

        let page = try await client.get(path)
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("<code>accept_terms</code>"), "the course's custom fields are listed as sources")
        XCTAssertTrue(page.text.contains("<code>course_title_fr</code>"))
        XCTAssertTrue(page.text.contains("Salma Bennani"), "a payload preview for a sample enrollment")

        let invalid = try await client.post(path, [("attach_\(key)", "on"), ("mapping_\(key)", "{not json")])
        XCTAssertEqual(invalid.status, 422)
        XCTAssertTrue(invalid.text.contains("JSON invalide"))
        let unknown = try await client.post(path, [("attach_\(key)", "on"), ("mapping_\(key)", #"{"source_to_target": {"salary": "contact.salary"}}"#)])
        XCTAssertEqual(unknown.status, 422)
        XCTAssertTrue(unknown.text.contains("Champ source inconnu : « salary »."))

        let mapping = #"{"source_to_target": {"email": "lead.email", "accept_terms": "lead.consent"}, "static_values": {"lead.origin": "site"}}"#
        let saved = try await client.post(path, [("attach_\(key)", "on"), ("mapping_\(key)", mapping)])
        XCTAssertEqual(saved.status, 303)
        let preview = try await client.get(path)
        XCTAssertTrue(preview.text.contains("&quot;origin&quot;") && preview.text.contains("&quot;site&quot;"), "the preview follows the saved mapping")
        XCTAssertTrue(preview.text.contains("avec cette correspondance"))

        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("delivered") { fake.requests.count == 1 }
        let body = try XCTUnwrap(fake.requests.first?.json)
        XCTAssertEqual(body["lead"]?["email"], "salma.bennani@example.ma")
        XCTAssertEqual(body["lead"]?["origin"], "site")
        XCTAssertNotNil(body["lead"]?["consent"])
        XCTAssertNil(body["full_name"], "only what the mapping names is sent")

        // Detached: new enrollments are no longer sent there.
        _ = try await client.get(path)
        let detached = try await client.post(path, [("mapping_\(key)", "")])
        XCTAssertEqual(detached.status, 303)
        let mapped = try await harness.app.pool.query("SELECT count(*) AS n FROM get_crm_integrations_for_formation($1)", [CRMTestSupport.course])
        XCTAssertEqual(try mapped.first?.decode("n", as: Int.self), 0)
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    func testTheLogTheRetryQueueAndGone() async throws {
        let mode = NIOLockedValueBox("refuse")
        let fake = FakeCRMServer { _, _ in
            switch mode.withLockedValue({ $0 }) {
            case "refuse": .json(#"{"error":"unknown field"}"#, status: .badRequest)
            case "gone": .json(#"{"error":"this hook was deleted"}"#, status: .gone)
            default: .json(#"{"ok":true}"#)
            }
        }
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        let client = try await signedIn(harness)
        let id = try await CRMTestSupport.integrate(
            harness, name: "Webhook ventes", kind: .webhook, config: CRMConfig(endpoint: fake.url + "/hook", headers: ["Authorization": "Bearer log-secret-99"]))
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("gave up") { try await CRMTestSupport.logs(harness.app).first?.status == "failed" }
        let rows = try await CRMTestSupport.logs(harness.app)
        let row = try XCTUnwrap(rows.first)
        let logID = row.id.uuidString.lowercased()

        let queue = try await client.get("/admin/crm/retry")
        XCTAssertTrue(queue.text.contains("value=\"\(logID)\""), "the failed delivery waits for a manual retry")
        XCTAssertTrue(queue.text.contains("HTTP 400"))
        let dashboard = try await client.get("/admin")
        XCTAssertTrue(dashboard.text.contains("1 envoi abandonné après toutes ses tentatives"))
        // The charts: 12 weeks always drawn, this enrollment counted, the failure under its integration.
        XCTAssertEqual(dashboard.text.components(separatedBy: "<title>Semaine du ").count - 1, 12)
        XCTAssertTrue(dashboard.text.contains("<title>Webhook ventes — échoués : 1 envoi</title>"), "deliveries by outcome per integration")
        XCTAssertTrue(dashboard.text.contains("<li>Sans campagne (accès direct, recherche…) : 1 inscription</li>"), "the same numbers as text")
        XCTAssertFalse(dashboard.text.contains("{{"), "no template left unrendered")
        let detail = try await client.get("/admin/crm/logs/\(logID)")
        XCTAssertTrue(detail.text.contains("[redacted]"))
        XCTAssertFalse(detail.text.contains("log-secret-99"))
        XCTAssertTrue(detail.text.contains("unknown field"), "the response body is kept")

        mode.withLockedValue { $0 = "accept" }
        _ = try await client.get("/admin/crm/retry")
        let retried = try await client.post("/admin/crm/retry", [("ids", logID)])
        XCTAssertEqual(retried.status, 303)
        try await eventually("delivered after the manual retry") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        let log = try await client.get("/admin/crm/logs?status=success&integration=\(id.uuidString.lowercased())")
        XCTAssertTrue(log.text.contains("1 envoi"))
        XCTAssertTrue(log.text.contains("Réussi"))
        let none = try await client.get("/admin/crm/logs?status=failed")
        XCTAssertTrue(none.text.contains("Aucun envoi ne correspond à ces filtres."))
        let enrollment = try await harness.app.pool.query("SELECT enrollment_id FROM crm_logs WHERE id = $1", [row.id]).first!.decode("enrollment_id", as: UUID.self)
        let enrollmentPage = try await client.get("/admin/inscriptions/\(enrollment.uuidString.lowercased())")
        XCTAssertTrue(enrollmentPage.text.contains("Webhook ventes"), "the enrollment lists its deliveries")

        mode.withLockedValue { $0 = "gone" }
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("switched off") { try await harness.app.database.run({ try $0.crmIntegrations.find(id) })?.isActive == false }
        let list = try await client.get("/admin/crm")
        XCTAssertTrue(list.text.contains("le destinataire a supprimé ce webhook"), "the CRM page says why it was switched off")
        _ = try await EnrollmentFixtures.enroll(harness)
        let queued = try await harness.app.pool.query("SELECT count(*) AS n FROM crm_logs WHERE NOT is_test").first!.decode("n", as: Int.self)
        XCTAssertEqual(queued, 2, "an inactive integration gets no new deliveries")
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }
}
