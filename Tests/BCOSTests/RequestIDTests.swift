@testable import BCOS
import Foundation
import HTTPServer
import Logging
import Postgres
import TestSupport
import XCTest

/// Every request has an id (`X-Request-Id`): kept from the client when well-formed, made up
/// otherwise, returned in the response, on every log line of the request (the access line
/// included) and on the CRM deliveries an enrollment queues, down to the delivery worker's lines.
final class RequestIDTests: XCTestCase {
    /// No database needed for this one.
    func testOnlyWellFormedRequestIDsAreKept() {
        for good in ["a", "abc-DEF_1.2", "0123456789abcdef", String(repeating: "x", count: 128), "Root.1-67891233-abcdef012345678912345678"] {
            XCTAssertEqual(RequestID(header: good)?.value, good)
        }
        for bad in [nil, "", " ", "a b", " a", "a\n", "é", "a/b", "a=b", "a\"b", "a\u{0}", String(repeating: "x", count: 129), String(repeating: "a", count: 200)] {
            XCTAssertNil(RequestID(header: bad), bad.debugDescription)
        }
        let made = RequestID.make()
        XCTAssertEqual(made.value.count, 22)
        XCTAssertEqual(RequestID(header: made.value), made, "a new id is well-formed")
        XCTAssertNotEqual(RequestID.make(), made)
    }

    /// The app logging JSON lines into `capture`, the access line on.
    static func harness(_ capture: LogCapture) async throws -> AppHarness {
        try await AppHarness.start(logger: capture.logger()) { configuration in
            configuration.accessLog = true
            configuration.crmPollSeconds = 0.2
        }
    }

    func testAWellFormedIDIsKeptAnyOtherReplaced() async throws {
        let capture = LogCapture()
        let harness = try await Self.harness(capture)

        let kept = try await harness.get("/fr/", headers: [("X-Request-Id", "nginx-4f2a.9_B")])
        XCTAssertEqual(kept.status, 200)
        XCTAssertEqual(kept.header("x-request-id"), "nginx-4f2a.9_B")
        let longest = String(repeating: "7", count: 128)
        let kept128 = try await harness.get("/fr/", headers: [("X-Request-Id", longest)])
        XCTAssertEqual(kept128.header("x-request-id"), longest)

        var seen: Set<String> = []
        for refused in ["has space", String(repeating: "a", count: 200), String(repeating: "b", count: 129), "é", "a\"b", "a,b"] {
            let response = try await harness.get("/fr/", headers: [("X-Request-Id", refused)])
            let id = try XCTUnwrap(response.header("x-request-id"), refused)
            XCTAssertNotEqual(id, refused)
            XCTAssertNotNil(id.range(of: "^[A-Za-z0-9_-]{22}$", options: .regularExpression), "a new 16-byte id: \(id)")
            seen.insert(id)
        }
        let none = try await harness.get("/fr/")
        seen.insert(try XCTUnwrap(none.header("x-request-id")))
        XCTAssertEqual(seen.count, 7, "every new id is different")

        // Error pages and static files carry one too.
        let missing = try await harness.get("/fr/formations/cette-formation-n-existe-pas", headers: [("X-Request-Id", "lost-visitor-1")])
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.header("x-request-id"), "lost-visitor-1")
        let unknownPath = try await harness.get("/nulle-part")
        XCTAssertEqual(unknownPath.status, 404)
        XCTAssertNotNil(unknownPath.header("x-request-id"))
        let css = try await harness.get(harness.app.renderer.assets.url(for: "css/site.css"))
        XCTAssertEqual(css.status, 200)
        XCTAssertNotNil(css.header("x-request-id"))

        // The access line (written just after the answer) carries the id the client was given.
        try await eventually("the access line of the 404") {
            try capture.objects { $0.hasPrefix("GET /fr/formations/cette-formation-n-existe-pas 404") }.count == 1
        }
        let access = try XCTUnwrap(capture.objects { $0.hasPrefix("GET /fr/formations/cette-formation-n-existe-pas 404") }.first)
        XCTAssertEqual(access["request_id"] as? String, "lost-visitor-1")
        XCTAssertEqual(access["level"] as? String, "info")
        try await eventually("the access line of the refused id") {
            try capture.objects { $0.hasPrefix("GET /nulle-part 404") }.count == 1
        }
        let other = try XCTUnwrap(capture.objects { $0.hasPrefix("GET /nulle-part 404") }.first)
        XCTAssertEqual(other["request_id"] as? String, unknownPath.header("x-request-id"))
        await harness.stop()
    }

    /// The error middleware logs a failure with the request's logger (it sits inside the
    /// request-id middleware), and the 500 page still names the id.
    func testAFailureIsLoggedWithTheRequestID() async throws {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        let capture = LogCapture()
        let harness = try await Self.harness(capture)
        let chain = MiddlewareChain(
            [RequestIDMiddleware(logger: capture.logger()), ErrorMiddleware(pages: AppErrorPages(renderer: harness.app.renderer), logger: Logger(label: "unused"))],
            then: ClosureResponder { _ in throw Boom() })
        let response = try await chain.respond(to: Request(method: .GET, uri: "/fr/panne", headers: ["X-Request-Id": "support-ticket-7"]))
        XCTAssertEqual(response.status, .internalServerError)
        XCTAssertEqual(response.headers.first(name: "x-request-id"), "support-ticket-7")
        let line = try XCTUnwrap(capture.objects { $0 == "GET /fr/panne failed: boom" }.first)
        XCTAssertEqual(line["request_id"] as? String, "support-ticket-7")
        XCTAssertEqual(line["level"] as? String, "error")
        await harness.stop()
    }

    func testAnEnrollmentsCRMDeliveriesCarryItsRequestID() async throws {
        let fake = FakeCRMServer()
        try await fake.start()
        let capture = LogCapture()
        let harness = try await Self.harness(capture)
        let worker = harness.app.startDeliveryWorker()
        try await CRMTestSupport.integrate(harness, name: "Webhook A", kind: .webhook, config: CRMConfig(endpoint: fake.url + "/a"))
        try await CRMTestSupport.integrate(harness, name: "Webhook B", kind: .webhook, config: CRMConfig(endpoint: fake.url + "/b"))

        let (response, _) = try await EnrollmentFixtures.enroll(harness, headers: [("X-Request-Id", "visitor-complaint-42")])
        XCTAssertEqual(response.status, 303)
        XCTAssertEqual(response.header("x-request-id"), "visitor-complaint-42")
        // A second visitor whose proxy sends a malformed id: the row gets the id the response names.
        let (second, _) = try await EnrollmentFixtures.enroll(harness, headers: [("X-Request-Id", "not a valid id")])
        XCTAssertEqual(second.status, 303)
        let secondID = try XCTUnwrap(second.header("x-request-id"))
        XCTAssertNotEqual(secondID, "not a valid id")

        let rows = try await harness.app.pool.query(
            "SELECT request_id, enrollment_id FROM crm_logs WHERE NOT is_test ORDER BY created_at").rows.map {
            (try $0.decodeIfPresent("request_id", as: String.self), try $0.decode("enrollment_id", as: UUID.self))
        }
        XCTAssertEqual(rows.count, 4, "two integrations, two enrollments")
        XCTAssertEqual(rows.filter { $0.0 == "visitor-complaint-42" }.count, 2)
        XCTAssertEqual(rows.filter { $0.0 == secondID }.count, 2)
        XCTAssertEqual(Set(rows.filter { $0.0 == "visitor-complaint-42" }.map(\.1)).count, 1, "both rows of the first enrollment")

        try await eventually("the four deliveries are recorded") {
            try await CRMTestSupport.logs(harness.app).filter { $0.status == "success" }.count == 4
        }
        try await eventually("the worker's lines are written") {
            try capture.objects { $0.hasPrefix("CRM delivery") && $0.contains("succeeded") }.count == 4
        }
        let deliveries = try capture.objects { $0.hasPrefix("CRM delivery") && $0.contains("succeeded") }
        XCTAssertEqual(deliveries.compactMap { $0["request_id"] as? String }.sorted(),
                       ["visitor-complaint-42", "visitor-complaint-42", secondID, secondID].sorted())

        // The request's own lines: the handler's, and the access line.
        let stored = try capture.objects { $0.hasPrefix("enrollment ") && $0.contains(" for \(Demo.publishedSlug)") }
        XCTAssertEqual(stored.compactMap { $0["request_id"] as? String }, ["visitor-complaint-42", secondID])
        try await eventually("the access lines of both posts") {
            try capture.objects { $0.hasPrefix("POST /fr/formations/\(Demo.publishedSlug)/inscription 303") }.count == 2
        }
        let posts = try capture.objects { $0.hasPrefix("POST /fr/formations/\(Demo.publishedSlug)/inscription 303") }
        XCTAssertEqual(posts.compactMap { $0["request_id"] as? String }, ["visitor-complaint-42", secondID])
        XCTAssertTrue(try capture.objects().allSatisfy { $0["time"] is String && $0["level"] is String && $0["message"] is String })

        await worker.stop()
        await harness.stop()
        await fake.stop()
    }
}
