@testable import BCOS
import Foundation
import NIOConcurrencyHelpers
import HTTPServer
import Postgres
import TestSupport
import XCTest

/// The outbox and the delivery worker, end to end: a visitor enrolls through HTTP, a real
/// webhook receiver on 127.0.0.1 gets the delivery.
final class CRMDeliveryTests: XCTestCase {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    func testOneEnrollmentReachesTheWebhookOnceMappedAndSigned() async throws {
        let fake = FakeCRMServer()
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(
            harness, kind: .webhook,
            config: CRMConfig(endpoint: fake.url + "/hooks/bcos", headers: ["Authorization": "Bearer hook-token-1234", "X-Team": "ventes"], signing_secret: Self.secret),
            mapping: #"{"source_to_target": {"full_name": "contact.name", "email": "contact.email", "course_title_fr": "deal.product", "price_ttc": "deal.amount"}, "static_values": {"deal.pipeline": "training"}}"#)

        let (response, _) = try await EnrollmentFixtures.enroll(harness)
        XCTAssertEqual(response.status, 303)
        try await eventually("the webhook is called") { fake.requests.count == 1 }
        try await eventually("the delivery is recorded") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        try await Task.sleep(for: .milliseconds(600))
        XCTAssertEqual(fake.requests.count, 1, "delivered once, not again")

        let call = try XCTUnwrap(fake.requests.first)
        XCTAssertEqual(call.method, "POST")
        XCTAssertEqual(call.path, "/hooks/bcos")
        XCTAssertEqual(call.header("authorization"), "Bearer hook-token-1234")
        XCTAssertEqual(call.header("x-team"), "ventes")
        XCTAssertEqual(call.header("content-type"), "application/json")
        let body = try XCTUnwrap(call.json)
        XCTAssertEqual(body["contact"]?["name"], "Salma Bennani")
        XCTAssertEqual(body["contact"]?["email"], "salma.bennani@example.ma")
        XCTAssertEqual(body["deal"]?["product"], "Management d'équipe et leadership")
        XCTAssertEqual(body["deal"]?["pipeline"], "training")
        XCTAssertNotNil(body["deal"]?["amount"])

        let rows = try await CRMTestSupport.logs(harness.app)
        let row = try XCTUnwrap(rows.first)
        let id = row.id.uuidString.lowercased()
        XCTAssertEqual(call.header("idempotency-key"), id)
        XCTAssertEqual(call.header("webhook-id"), id)
        let timestamp = try XCTUnwrap(call.header("webhook-timestamp").flatMap(Int.init))
        XCTAssertLessThan(abs(Double(timestamp) - Date().timeIntervalSince1970), 60)
        XCTAssertEqual(call.header("webhook-signature"), StandardWebhooks.signature(secret: Self.secret, id: id, timestamp: timestamp, body: call.body),
                       "the signature covers id, timestamp and the exact body received")

        // Secrets: encrypted at rest, redacted in the log.
        let stored: String = try await harness.app.pool.query("SELECT config::text AS c FROM crm_integrations").first!.decode("c")
        XCTAssertFalse(stored.contains("hook-token-1234"))
        XCTAssertFalse(stored.contains(Self.secret))
        XCTAssertFalse(row.request.contains("hook-token-1234"))
        XCTAssertTrue(row.request.contains("[redacted]"))
        XCTAssertTrue(row.response.contains("\"status\": 200") || row.response.contains("\"status\":200"), row.response)

        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    func testAnEndpointThatFailsTwiceIsDeliveredAfterTwoRetries() async throws {
        let fake = FakeCRMServer { _, index in
            index <= 2 ? .json(#"{"error":"database unavailable"}"#, status: .internalServerError) : .json(#"{"ok":true}"#)
        }
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(harness, kind: .webhook, config: CRMConfig(endpoint: fake.url + "/hook"))
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("success after retries") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        let rows = try await CRMTestSupport.logs(harness.app)
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(row.retryCount, 2)
        XCTAssertEqual(fake.requests.count, 3)
        XCTAssertEqual(Set(fake.requests.compactMap { $0.header("idempotency-key") }).count, 1, "one idempotency key across attempts")
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    func testRetriesStopAtTheLimitAndFourHundredsAreNotRetried() async throws {
        let fake = FakeCRMServer { request, _ in
            request.path == "/bad" ? .json(#"{"error":"email is required"}"#, status: .unprocessableEntity) : .json("{}", status: .serviceUnavailable)
        }
        try await fake.start()
        let harness = try await CRMTestSupport.harness(maxRetries: 2)
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(harness, name: "toujours 503", kind: .webhook, config: CRMConfig(endpoint: fake.url + "/down"))
        try await CRMTestSupport.integrate(harness, name: "refuse", kind: .webhook, config: CRMConfig(endpoint: fake.url + "/bad"))
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("both give up") {
            try await CRMTestSupport.logs(harness.app).allSatisfy { $0.status == "failed" && !$0.hasNextTry }
        }
        let down = fake.requests.filter { $0.path == "/down" }.count
        let bad = fake.requests.filter { $0.path == "/bad" }.count
        XCTAssertEqual(down, 3, "first attempt + CRM_MAX_RETRIES (2) retries")
        XCTAssertEqual(bad, 1, "a 422 fails at once")
        let rows = try await CRMTestSupport.logs(harness.app)
        XCTAssertTrue(rows.contains { $0.error?.contains("HTTP 422") == true && $0.error?.contains("email is required") == true })
        let dashboard = try await harness.app.pool.query(
            "SELECT count(*) AS n FROM crm_logs WHERE status = 'failed' AND next_retry_at IS NULL").first!.decode("n", as: Int.self)
        XCTAssertEqual(dashboard, 2, "both show in the retry queue")
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    func testAHangingEndpointNeverDelaysTheVisitorAndIsRetriedAfterItsTimeout() async throws {
        let fake = FakeCRMServer { _, index in
            if index == 1 { try? await Task.sleep(for: .seconds(4)) }
            return .json(#"{"ok":true}"#)
        }
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(harness, kind: .webhook, config: CRMConfig(endpoint: fake.url + "/slow", timeout: 1_000))
        let (response, _) = try await EnrollmentFixtures.enroll(harness)
        XCTAssertEqual(response.status, 303)
        // The visitor has the answer while the delivery is still waiting for the receiver.
        let statusWhenAnswered = try await CRMTestSupport.logs(harness.app).first?.status
        XCTAssertEqual(statusWhenAnswered, "pending")
        try await eventually("the timeout is recorded") {
            try await CRMTestSupport.logs(harness.app).first.map { $0.retryCount >= 1 || $0.status == "success" } ?? false
        }
        try await eventually("delivered on retry") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        let rows = try await CRMTestSupport.logs(harness.app)
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(row.retryCount, 1)
        await worker.stop()
        await harness.stop()
        await fake.stop()
    }

    func testAWorkerKilledMidDeliveryLosesNothing() async throws {
        let release = NIOLockedValueBox(false)
        let fake = FakeCRMServer { _, index in
            if index == 1 {
                // Holds the first delivery until the test has killed the worker.
                while !release.withLockedValue({ $0 }) { try? await Task.sleep(for: .milliseconds(20)) }
            }
            return .json(#"{"ok":true}"#)
        }
        try await fake.start()
        let harness = try await CRMTestSupport.harness(leaseSeconds: 2)
        try await CRMTestSupport.integrate(harness, kind: .webhook, config: CRMConfig(endpoint: fake.url + "/hook"))
        let process = try Self.workerProcess(harness, leaseSeconds: 2)
        try process.run()
        _ = try await EnrollmentFixtures.enroll(harness)
        try await eventually("the separate worker is delivering") { fake.requests.count == 1 }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        release.withLockedValue { $0 = true }
        let afterKill = try await CRMTestSupport.logs(harness.app).first?.status
        XCTAssertEqual(afterKill, "pending", "nothing was recorded by the killed worker")

        let restarted = try Self.workerProcess(harness, leaseSeconds: 2)
        try restarted.run()
        try await eventually("delivered after restart") { try await CRMTestSupport.logs(harness.app).first?.status == "success" }
        restarted.terminate()
        restarted.waitUntilExit()
        XCTAssertEqual(fake.requests.count, 2, "at least once: the interrupted attempt and the one that succeeded")
        XCTAssertEqual(Set(fake.requests.compactMap { $0.header("idempotency-key") }).count, 1, "the receiver can drop the duplicate")
        await harness.stop()
        await fake.stop()
    }

    func testTwoWorkersOnOneDatabaseDeliverEveryEnrollmentExactlyOnce() async throws {
        let fake = FakeCRMServer { _, _ in
            try? await Task.sleep(for: .milliseconds(Int.random(in: 5...40)))
            return .json(#"{"ok":true}"#)
        }
        try await fake.start()
        let harness = try await CRMTestSupport.harness()
        try await CRMTestSupport.integrate(harness, kind: .webhook, config: CRMConfig(endpoint: fake.url + "/hook"))
        // Two workers, each with its own connections, as two instances would have.
        let pools = (0..<2).map { _ in
            PostgresPool(configuration: PostgresConfiguration(connectionString: harness.databaseURL, maxConnections: 4), logger: harness.app.logger)
        }
        let workers = pools.map { harness.app.makeDeliveryWorker(pool: $0) }
        let tasks = workers.map { worker in Task { await worker.run() } }
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: Demo.publishedSlug) }) else { return XCTFail() }
        let fields = DefaultForm.effectiveFields(for: course)
        for index in 0..<40 {
            let answers = FormValidator(fields: fields).validate(FormData(fields: EnrollmentFixtures.validAnswers(fields, token: "t"))).answers
            let enrollment = NewEnrollment(courseID: course.id, fields: fields, answers: answers, language: .fr, source: "test",
                                           submissionToken: String(format: "tok%019d", index))
            _ = try await harness.app.database.transaction { db in
                if case .created(let id, _) = try db.enrollments.insert(enrollment) {
                    try db.crmLogs.enqueue(enrollmentID: id, courseID: course.id)
                }
            }
            workers[index % 2].poke()
        }
        try await eventually("all delivered") { try await CRMTestSupport.logs(harness.app).filter { $0.status == "success" }.count == 40 }
        try await Task.sleep(for: .milliseconds(500))
        let keys = fake.requests.compactMap { $0.header("idempotency-key") }
        XCTAssertEqual(keys.count, 40, "no delivery twice")
        XCTAssertEqual(Set(keys).count, 40)
        tasks.forEach { $0.cancel() }
        for task in tasks { await task.value }
        for pool in pools { await pool.shutdown() }
        await harness.stop()
        await fake.stop()
    }

    /// `bcos worker` as its own process on the test database.
    static func workerProcess(_ harness: AppHarness, leaseSeconds: Double) throws -> Process {
        let process = Process()
        process.executableURL = TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/bcos")
        process.arguments = ["worker"]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = harness.databaseURL
        environment["BCOS_ROOT"] = TestEnvironment.repositoryRoot.path
        environment["SECRET_KEY"] = harness.app.secretKey
        environment["CRM_LEASE_SECONDS"] = String(leaseSeconds)
        environment["CRM_POLL_SECONDS"] = "0.2"
        environment["CRM_RETRY_BASE_SECONDS"] = "0.2"
        environment["BCOS_DATA_DIR"] = FileManager.default.temporaryDirectory.appendingPathComponent("bcos-worker-\(UUID().uuidString)").path
        environment["LOG_LEVEL"] = "error"
        environment["OUTBOUND_ALLOW"] = "127.0.0.1/32"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }
}
