@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// #14: dated sessions with seats, through the admin's forms and the public pages, with a real
/// PostgreSQL: listing in both languages, the past cut-off, JSON-LD, the catalog's month filter,
/// the session choice, the waitlist, and no overbooking under concurrent enrollments.
final class SessionTests: XCTestCase {
    /// The demo course without sessions of its own (its form asks for a preferred date).
    static let courseID = "00000000-0000-4000-8000-0000000000f1"
    static let slug = "management-d-equipe-et-leadership"

    static func addSession(_ client: AdminClient, _ fields: [String: String]) async throws -> HTTPTestResponse {
        let defaults = ["starts_at": "2027-01-11T09:00", "ends_on": "2027-01-13", "city": "Casablanca", "address": "12 boulevard d’Anfa",
                        "online_url": "", "language": "fr", "seats": "5", "price_ht": "", "status": "open"]
        let merged = defaults.merging(fields) { _, new in new }
        return try await client.post("/admin/formations/\(Self.courseID)/sessions", merged.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    func sessionID(startingAt local: String, in harness: AppHarness) async throws -> String {
        let row = try await harness.app.pool.query(
            "SELECT id FROM formation_sessions WHERE formation_id = $1 AND starts_at = ($2::timestamp AT TIME ZONE 'Africa/Casablanca')",
            [Self.courseID, local]).first
        return try XCTUnwrap(row).decode("id", as: UUID.self).lowercasedString
    }

    /// A label's `for` must find its one radio: the demo sessions' ids share their first
    /// characters, so an id cut from them repeated on every course page with several sessions.
    func testEveryElementIdOfTheDemoCoursePagesIsUnique() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let slugs: [String] = try await harness.app.pool.query("SELECT slug FROM formations WHERE is_published ORDER BY slug").rows.map { try $0.decode("slug") }
        var checked = 0
        for slug in slugs {
            for language in ["fr", "ar"] {
                let page = try await harness.get("/\(language)/formations/\(slug)")
                let ids = page.text.matches(of: /\sid="([^"]+)"/).map { String($0.output.1) }
                let repeated = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
                XCTAssertEqual(repeated, [], "/\(language)/formations/\(slug)")
                if page.text.contains("name=\"session_id\"") { checked += 1 }
            }
        }
        XCTAssertGreaterThan(checked, 4, "pages with a session choice were among them")
    }

    func testAdminSessionsAreListedInBothLanguagesWithSeatsJSONLDAndTheMonthFilter() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let client = try await AdminClient.signedIn(harness, email: "sessions@bcos.ma")
        // Before: the form asks for a preferred date, no session choice.
        let before = try await harness.get("/fr/formations/\(Self.slug)")
        XCTAssertFalse(before.text.contains("name=\"session_id\""))

        expect(303, try await Self.addSession(client, [:]))
        expect(303, try await Self.addSession(client, ["starts_at": "2027-03-02T14:30", "ends_on": "2027-03-02", "city": "", "address": "",
                                                      "online_url": "https://meet.example.com/x", "language": "ar", "seats": "1", "price_ht": "2000"]))
        expect(303, try await Self.addSession(client, ["starts_at": "2026-11-02T09:00", "ends_on": "2026-11-03", "city": "Rabat"]),
                       "a past session can be recorded (the admin keeps history)")
        // Invalid input comes back with French errors and nothing stored.
        let invalid = try await Self.addSession(client, ["starts_at": "2027-02-30T09:00", "seats": "-3", "city": "", "online_url": "javascript:alert(1)"])
        XCTAssertEqual(invalid.status, 422)
        XCTAssertTrue(invalid.text.contains("Date et heure de début invalides"))
        XCTAssertTrue(invalid.text.contains("Nombre de places invalide"))
        XCTAssertTrue(invalid.text.contains("Le lien doit commencer par https://"))
        let stored: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM formation_sessions WHERE formation_id = $1", [Self.courseID])
            .first!.decode("n")
        XCTAssertEqual(stored, 3)

        // One enrollment takes a seat of the online session: it is full ("complet", waitlist).
        let online = try await sessionID(startingAt: "2027-03-02 14:30", in: harness)
        let taken = try await EnrollmentFixtures.enroll(harness, slug: Self.slug, overrides: ["session_id": online])
        XCTAssertEqual(taken.response.status, 303)
        // The choice is offered to CRM mappings as source fields.
        let enrollmentID = try await harness.app.pool.query("SELECT id FROM enrollments WHERE session_id = $1", [online]).first!.decode("id", as: UUID.self)
        let sources = try await harness.app.database.run { try $0.enrollments.crmSources(enrollmentID: enrollmentID) }
        // Morocco leaves UTC+1 for UTC+0 during Ramadan (February–March 2027): the offset follows tzdata.
        XCTAssertEqual(sources?.values["session_start"]?.text, "2027-03-02T14:30:00+00:00")
        XCTAssertEqual(sources?.values["session_end"]?.text, "2027-03-02")
        XCTAssertEqual(sources?.values["session_mode"]?.text, "online")
        XCTAssertNil(sources?.values["session_city"] ?? nil)

        let french = try await harness.get("/fr/formations/\(Self.slug)")
        XCTAssertTrue(french.text.contains("lundi 11 janvier 2027"), "dates written out in French")
        XCTAssertTrue(french.text.contains("jusqu’au mercredi 13 janvier 2027"))
        XCTAssertTrue(french.text.contains("5 places restantes"))
        XCTAssertTrue(french.text.contains("Complet — liste d’attente"))
        XCTAssertTrue(french.text.contains("Casablanca — 12 boulevard d’Anfa"))
        XCTAssertFalse(french.text.contains("meet.example.com"), "the online link is sent by e-mail, not published")
        XCTAssertFalse(french.text.contains("2 novembre 2026"), "past sessions are gone from the public page")
        XCTAssertFalse(french.text.contains("name=\"preferred_date\""), "the session choice replaces the preferred date")
        XCTAssertEqual(EnrollmentFixtures.sessionChoices(in: french.text).count, 2)
        let arabic = try await harness.get("/ar/formations/\(Self.slug)")
        XCTAssertTrue(arabic.text.contains("الاثنين 11 يناير 2027"), "dates written out in Arabic")
        XCTAssertTrue(arabic.text.contains("الثلاثاء 2 مارس 2027"))
        XCTAssertTrue(arabic.text.contains("مكتمل"))
        XCTAssertTrue(arabic.text.contains("عن بُعد"))

        // JSON-LD: one CourseInstance per upcoming session, with its offer's availability.
        let json = try jsonLD(french.text)
        let instances = try XCTUnwrap(json["hasCourseInstance"] as? [[String: Any]])
        XCTAssertEqual(instances.count, 2)
        XCTAssertEqual(instances[0]["startDate"] as? String, "2027-01-11T09:00:00+01:00")
        XCTAssertEqual(instances[0]["endDate"] as? String, "2027-01-13")
        XCTAssertEqual(instances[0]["courseMode"] as? String, "onsite")
        XCTAssertEqual((instances[0]["location"] as? [String: Any])?["@type"] as? String, "Place")
        XCTAssertEqual((instances[0]["offers"] as? [String: Any])?["availability"] as? String, "https://schema.org/InStock")
        XCTAssertEqual(instances[1]["courseMode"] as? String, "online")
        XCTAssertEqual(instances[1]["inLanguage"] as? String, "ar")
        XCTAssertEqual((instances[1]["location"] as? [String: Any])?["@type"] as? String, "VirtualLocation")
        XCTAssertEqual((instances[1]["offers"] as? [String: Any])?["availability"] as? String, "https://schema.org/SoldOut")
        XCTAssertEqual((instances[1]["offers"] as? [String: Any])?["price"] as? String, "2400", "the session's own price, TTC")

        // The catalog: by month, and each course's next date.
        let january = try await harness.get("/fr/formations?mois=2027-01")
        XCTAssertTrue(january.text.contains("/fr/formations/\(Self.slug)\""))
        XCTAssertTrue(january.text.contains("Prochaine session : lundi 11 janvier 2027"))
        let june = try await harness.get("/fr/formations?mois=2027-06")
        XCTAssertFalse(june.text.contains("/fr/formations/\(Self.slug)\""))
        let junk = try await harness.get("/fr/formations?mois=13-2027")
        XCTAssertEqual(junk.status, 200, "an unreadable month is ignored")

        // The admin keeps the past session, and shows the seats taken.
        let list = try await client.get("/admin/formations/\(Self.courseID)/sessions")
        XCTAssertTrue(list.text.contains("02/11/2026 09:00"), "past sessions stay in the admin")
        XCTAssertTrue(list.text.contains("1 place prise sur 1"))
        // Closing a session takes it off the public page.
        let januaryID = try await sessionID(startingAt: "2027-01-11 09:00", in: harness)
        expect(303, try await client.post("/admin/formations/\(Self.courseID)/sessions/\(januaryID)/close", []))
        let afterClose = try await harness.get("/fr/formations/\(Self.slug)")
        XCTAssertFalse(afterClose.text.contains("lundi 11 janvier 2027"))
    }


    func jsonLD(_ html: String) throws -> [String: Any] {
        let start = try XCTUnwrap(html.range(of: "<script type=\"application/ld+json\">"))
        let end = try XCTUnwrap(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = Data(html[start.upperBound..<end.lowerBound].utf8)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The seat check and the insert run under the session's row lock: 20 visitors at once on a
    /// 5-seat session give exactly 5 seats taken and 15 on the waitlist, and each is told which.
    func testTwentySimultaneousEnrollmentsOnFiveSeatsNeverOverbook() async throws {
        let harness = try await AppHarness.start { $0.trustProxy = true }
        defer { Task { await harness.stop() } }
        let client = try await AdminClient.signedIn(harness, email: "seats@bcos.ma")
        expect(303, try await Self.addSession(client, ["seats": "5"]))
        let session = try await sessionID(startingAt: "2027-01-11 09:00", in: harness)
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: Self.slug) }) else { return XCTFail() }
        let fields = DefaultForm.effectiveFields(for: course, withSessions: true)
        let tokens = harness.app.submissionTokens
        let port = harness.port
        let responses = try await withThrowingTaskGroup(of: HTTPTestResponse.self) { group in
            for index in 0..<20 {
                var answers = EnrollmentFixtures.validAnswers(
                    fields, token: tokens.make(courseID: course.id), overrides: ["full_name": "Visiteur \(index)", "email": "v\(index)@example.ma"])
                answers.append(("session_id", session))
                let submitted = answers
                group.addTask {
                    try await blocking {
                        try TestHTTP.postForm(port: port, "/fr/formations/\(Self.slug)/inscription", submitted,
                                              headers: [("X-Forwarded-For", "198.51.100.\(index + 1)")])
                    }
                }
            }
            return try await group.reduce(into: [HTTPTestResponse]()) { $0.append($1) }
        }
        XCTAssertEqual(responses.map(\.status), Array(repeating: 303, count: 20))
        let counts = try await harness.app.pool.query(
            "SELECT status, count(*) AS n FROM enrollments WHERE session_id = $1 GROUP BY status", [session]).rows
        var byStatus: [String: Int] = [:]
        for row in counts { byStatus[try row.decode("status")] = try row.decode("n") }
        XCTAssertEqual(byStatus, ["new": 5, "waitlist": 15])
        // The visitor is told, in their language, on the thank-you page.
        var waitlisted = 0
        for response in responses {
            let thanks = try await harness.get(try XCTUnwrap(response.header("location")))
            if thanks.text.contains("Vous êtes sur la liste d’attente") { waitlisted += 1 }
        }
        XCTAssertEqual(waitlisted, 15)
        let page = try await harness.get("/fr/formations/\(Self.slug)")
        XCTAssertTrue(page.text.contains("Complet — liste d’attente"))

        // A cancellation frees a seat; the admin sees the waitlist in order and moves the first in.
        let first = try await harness.app.pool.query(
            "SELECT id FROM enrollments WHERE session_id = $1 AND status = 'new' ORDER BY created_at LIMIT 1", [session]).first!.decode("id", as: UUID.self)
        let sessionPage = "/admin/formations/\(Self.courseID)/sessions/\(session)"
        let full = try await client.post(sessionPage + "/admit", [])
        XCTAssertEqual(full.status, 409, "no seat free: nobody is moved")
        expect(303, try await client.post("/admin/inscriptions/\(first.lowercasedString)", [("status", "cancelled"), ("notes", "")]))
        let waitlist = try await client.get(sessionPage)
        let queue = try await harness.app.pool.query(
            "SELECT id, full_name FROM enrollments WHERE session_id = $1 AND status = 'waitlist' ORDER BY created_at, reference_number", [session]).rows
        let head = try queue[0].decode("full_name", as: String.self)
        XCTAssertTrue(waitlist.text.contains(head), "the waitlist is listed")
        expect(303, try await client.post(sessionPage + "/admit", []))
        let admitted = try await harness.app.pool.query("SELECT status FROM enrollments WHERE id = $1", [try queue[0].decode("id", as: UUID.self)])
            .first!.decode("status", as: String.self)
        XCTAssertEqual(admitted, "to_confirm", "the first in line takes the freed seat")
        // Putting the cancelled one back would overbook: refused, with a clear message.
        let back = try await client.post("/admin/inscriptions/\(first.lowercasedString)", [("status", "confirmed"), ("notes", "")])
        XCTAssertEqual(back.status, 409)
        XCTAssertTrue(back.text.contains("La session est complète"))
        let holding: Int = try await harness.app.pool.query(
            "SELECT count(*) AS n FROM enrollments WHERE session_id = $1 AND status IN ('new', 'to_confirm', 'confirmed')", [session]).first!.decode("n")
        XCTAssertEqual(holding, 5)
    }

    /// A course with sessions requires one; a made-up or closed session is refused in the
    /// visitor's language with the input kept.
    func testTheSessionChoiceIsRequiredAndCheckedInTheVisitorsLanguage() async throws {
        let harness = try await AppHarness.start()
        defer { Task { await harness.stop() } }
        let client = try await AdminClient.signedIn(harness, email: "choice@bcos.ma")
        expect(303, try await Self.addSession(client, [:]))
        let page = try await harness.get("/ar/formations/\(Self.slug)")
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: Self.slug) }) else { return XCTFail() }
        let answers = EnrollmentFixtures.validAnswers(
            DefaultForm.effectiveFields(for: course, withSessions: true), token: try EnrollmentFixtures.token(from: page.text),
            overrides: ["full_name": "سلمى"])
        let port = harness.port
        for (choice, message) in [(nil, "اختر موعدًا."), ("00000000-0000-4000-8000-000000000999", "هذا الموعد لم يعد متاحًا")] as [(String?, String)] {
            let submitted = answers + (choice.map { [("session_id", $0)] } ?? [])
            let response = try await blocking { try TestHTTP.postForm(port: port, "/ar/formations/\(Self.slug)/inscription", submitted) }
            XCTAssertEqual(response.status, 422)
            XCTAssertTrue(response.text.contains(message), message)
            XCTAssertTrue(response.text.contains("value=\"سلمى\""), "the input is kept")
            XCTAssertTrue(response.text.hasPrefix("<!DOCTYPE html>") || response.text.contains("<title>خطأ"), "an error page title")
        }
        let stored: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM enrollments WHERE formation_id = $1", [Self.courseID])
            .first!.decode("n")
        XCTAssertEqual(stored, 0)
    }
}
