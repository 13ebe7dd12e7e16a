@testable import BCOS
import Foundation
import NIOConcurrencyHelpers
import TestSupport
import XCTest

/// PostgreSQL stops while the site runs: visitors get a 503 page, and the first request after it
/// is back succeeds (broken connections are replaced, not reused). An enrollment whose COMMIT was
/// cut off is looked up, and the visitor is told the truth (#12).
final class OutageTests: XCTestCase {
    func testDatabaseRestartGives503ThenRecovers() async throws {
        let harness = try await AppHarness.start()
        let slug: String = try await harness.app.pool.query("SELECT slug FROM formations WHERE is_published AND is_active LIMIT 1").first!.decode("slug")
        let path = "/fr/formations/\(slug)"
        // Warm the pool so it holds connections that the restart will break.
        for _ in 0..<3 { _ = try await harness.get(path) }

        try TestEnvironment.pgctl(["-m", "fast", "stop"])
        let during = try await harness.get(path)
        XCTAssertEqual(during.status, 503)
        XCTAssertEqual(during.header("retry-after"), "5")
        XCTAssertTrue(during.text.contains(Messages.text("error_503_title", in: .fr)))
        XCTAssertFalse(during.text.contains("PostgresError"), "no internals on the page")
        let readiness = try await harness.get("/readyz")
        XCTAssertEqual(readiness.status, 503)

        try TestEnvironment.pgctl(["start"])
        let after = try await harness.get(path)
        XCTAssertEqual(after.status, 200, "the first request after the restart succeeds")
        await harness.stop()
    }

    /// Both sides of a COMMIT cut off by a fast shutdown, made certain rather than left to timing:
    /// - committed, no answer: a phantom synchronous standby holds the commit *after* it is
    ///   durable locally; the shutdown then closes its connection without a reply. It must answer
    ///   303, stored once, with its outbox row.
    /// - not committed: a commit queued behind that one (the outbox's NOTIFY takes a lock at
    ///   commit), and one whose deferred trigger sleeps inside COMMIT (before the commit record).
    ///   The shutdown rolls both back. They must answer 503, with nothing stored.
    func testACommitCutOffByAShutdownIsAnsweredWithTheTruth() async throws {
        let harness = try await AppHarness.start { $0.trustProxy = true }
        try await CRMTestSupport.integrate(harness, kind: .webhook, config: CRMConfig(endpoint: "http://127.0.0.1:9/hook"))
        try await OutageTests.slowCommits(harness)
        let (course, fields) = try await OutageTests.demoCourse(harness)
        let tokens = harness.app.submissionTokens
        let port = harness.port
        func submit(_ company: String, from address: String) -> (token: String, task: Task<HTTPTestResponse, any Error>) {
            let token = tokens.make(courseID: course.id)
            let answers = EnrollmentFixtures.validAnswers(fields, token: token, overrides: ["company": company])
            return (token, Task {
                try await blocking {
                    try TestHTTP.postForm(port: port, "/fr/formations/\(Demo.publishedSlug)/inscription", answers, headers: [("X-Forwarded-For", address)])
                }
            })
        }
        func waiting(_ event: String, _ expected: Int) async throws {
            try await eventually("\(expected) backend(s) waiting on \(event)", timeout: .seconds(10)) {
                let count: Int = try await harness.app.pool.query(
                    "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event = $1 AND query = 'COMMIT'", [event]).first!.decode("n")
                return count == expected
            }
        }

        defer { OutageTests.cluster("ALTER SYSTEM RESET synchronous_standby_names", "SELECT pg_reload_conf()") }
        try await harness.app.pool.query("ALTER SYSTEM SET synchronous_standby_names = 'bcos_test_phantom_standby'")
        try await harness.app.pool.query("SELECT pg_reload_conf()")
        try await Task.sleep(for: .milliseconds(500)) // the checkpointer applies it
        let committed = submit("engagée", from: "192.0.2.1")
        try await waiting("SyncRep", 1)
        let queued = submit("engagée", from: "192.0.2.2")
        let sleeper = submit("sommeil", from: "192.0.2.3")
        try await waiting("object", 1)
        try await waiting("PgSleep", 1)
        // Written for the next start only: a reload now would release the waiting commit.
        try await harness.app.pool.query("ALTER SYSTEM RESET synchronous_standby_names")
        try TestEnvironment.pgctl(["-m", "fast", "stop"])
        try await Task.sleep(for: .milliseconds(300))
        try TestEnvironment.pgctl(["start"])

        let answer = try await committed.task.value
        XCTAssertEqual(answer.status, 303, "committed before the shutdown: the visitor is told so")
        let stored: Int = try await harness.app.pool.query(
            "SELECT count(*) AS n FROM enrollments e JOIN crm_logs l ON l.enrollment_id = e.id WHERE e.submission_token = $1",
            [committed.token]).first!.decode("n")
        XCTAssertEqual(stored, 1, "stored once, with its pending delivery")
        for (name, (token, task)) in [("queued", queued), ("sleeper", sleeper)] as [(String, (token: String, task: Task<HTTPTestResponse, any Error>))] {
            let lost = try await task.value
            XCTAssertEqual(lost.status, 503, "\(name): rolled back by the shutdown, the visitor is asked to send again")
            XCTAssertEqual(lost.header("retry-after"), "5", name)
            XCTAssertTrue(lost.text.contains(Messages.text("error_503_title", in: .fr)), name)
            let rows: Int = try await harness.app.pool.query("SELECT count(*) AS n FROM enrollments WHERE submission_token = $1", [token]).first!.decode("n")
            XCTAssertEqual(rows, 0, name)
        }
        await harness.stop()
    }

    /// A stream of enrollments from several visitors, every COMMIT slowed by 50 ms, and a restart
    /// in the middle: the number of 303 answers is the number of enrollments stored, each 303's
    /// enrollment is there, and each stored enrollment has its outbox row.
    func testARestartDuringSlowCommitsAnswers303ForExactlyTheStoredEnrollments() async throws {
        let harness = try await AppHarness.start { $0.enrollmentRateLimit = 100_000; $0.trustProxy = true }
        try await CRMTestSupport.integrate(harness, kind: .webhook, config: CRMConfig(endpoint: "http://127.0.0.1:9/hook"))
        try await OutageTests.slowCommits(harness)
        let (course, fields) = try await OutageTests.demoCourse(harness)
        let tokens = harness.app.submissionTokens
        let port = harness.port
        let stop = NIOLockedValueBox(false)
        let answered = NIOLockedValueBox<[(status: Int, token: String)]>([])
        // Threads of their own (`blocking`): the HTTP client blocks.
        let visitors = (1...4).map { visitor in
            Task {
                try await blocking {
                  while !stop.withLockedValue({ $0 }) {
                    let token = tokens.make(courseID: course.id)
                    let answers = EnrollmentFixtures.validAnswers(fields, token: token, overrides: ["company": "flux"])
                    let status = (try? TestHTTP.postForm(
                        port: port, "/fr/formations/\(Demo.publishedSlug)/inscription", answers, headers: [("X-Forwarded-For", "198.51.100.\(visitor)")]).status) ?? -1
                    answered.withLockedValue { $0.append((status, token)) }
                  }
                }
            }
        }
        try await Task.sleep(for: .seconds(1.5))
        try TestEnvironment.pgctl(["-m", "fast", "stop"])
        try await Task.sleep(for: .milliseconds(500))
        try TestEnvironment.pgctl(["start"])
        try await Task.sleep(for: .seconds(1.5))
        stop.withLockedValue { $0 = true }
        for visitor in visitors { try await visitor.value }

        let seen = answered.withLockedValue { $0 }
        let accepted = seen.filter { $0.status == 303 }
        XCTAssertTrue(seen.contains { $0.status == 503 }, "visitors got 503 during the outage")
        XCTAssertTrue(seen.allSatisfy { $0.status == 303 || $0.status == 503 }, "only 303 and 503: \(Set(seen.map(\.status)))")
        XCTAssertEqual(seen.last?.status, 303, "full recovery after the restart")
        let rows = try await harness.app.pool.query(
            "SELECT e.submission_token, count(l.id) AS deliveries FROM enrollments e LEFT JOIN crm_logs l ON l.enrollment_id = e.id WHERE e.company = 'flux' GROUP BY e.id"
        ).rows
        let storedTokens = Set(try rows.map { try $0.decode("submission_token", as: String.self) })
        XCTAssertEqual(rows.count, accepted.count, "every enrollment answered 303 is in the database, and only those")
        XCTAssertEqual(storedTokens, Set(accepted.map(\.token)))
        XCTAssertTrue(try rows.allSatisfy { try $0.decode("deliveries", as: Int.self) == 1 }, "each with its outbox row")
        await harness.stop()
    }

    // MARK: - Helpers

    static func demoCourse(_ harness: AppHarness) async throws -> (Course, [FormField]) {
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: Demo.publishedSlug) }) else {
            throw TestEnvironment.Missing(variable: "demo course \(Demo.publishedSlug)")
        }
        return (course, DefaultForm.effectiveFields(for: course))
    }

    /// Slows COMMIT itself, in this test's database only: a deferred constraint trigger runs
    /// inside COMMIT, before the commit record. `flux` enrollments wait 50 ms, `sommeil` a minute.
    static func slowCommits(_ harness: AppHarness) async throws {
        try await harness.app.pool.query("""
            CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.company = 'flux' THEN PERFORM pg_sleep(0.05); END IF;
              IF NEW.company = 'sommeil' THEN PERFORM pg_sleep(60); END IF;
              RETURN NULL;
            END $$
            """)
        try await harness.app.pool.query("""
            CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT ON enrollments
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_slow_commit()
            """)
    }

    /// Statements on the test cluster through psql, synchronously: cluster-wide settings are
    /// undone in a `defer`, whatever happened to the test.
    static func cluster(_ statements: String...) {
        guard let url = try? TestEnvironment.databaseURL() else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", url] + statements.flatMap { ["-c", $0] }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
    }
}
