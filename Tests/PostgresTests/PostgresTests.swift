import Foundation
import Logging
import Postgres
import TestSupport
import XCTest

final class PostgresPoolTests: XCTestCase {
    var pool: PostgresPool!
    var url = ""

    override func setUp() async throws {
        url = try TestDatabase.create(prefix: "pg")
        pool = PostgresPool(configuration: PostgresConfiguration(connectionString: url, maxConnections: 3, acquireTimeout: .seconds(2)), logger: Logger(label: "test"))
    }

    override func tearDown() async throws {
        await pool.shutdown()
    }

    /// A listener stopped (at shutdown, before the database goes) says so once; it reports no
    /// lost connection, and hears nothing more.
    func testAStoppedListenerSaysStoppedNotLost() async throws {
        let events = EventLog()
        let listener = PostgresListener(configuration: PostgresConfiguration(connectionString: url), channel: "stop_test", logger: Logger(label: "test")) {
            events.append($0)
        }
        listener.start()
        let listening = try await eventually { events.all.contains(.listening) }
        XCTAssertTrue(listening)
        _ = try await pool.query("SELECT pg_notify('stop_test', 'before')")
        let heard = try await eventually { events.all.contains(.notification(payload: "before")) }
        XCTAssertTrue(heard)
        listener.stop()
        let stopped = try await eventually { events.all.contains(.stopped) }
        XCTAssertTrue(stopped)
        _ = try await pool.query("SELECT pg_notify('stop_test', 'after')")
        try await Task.sleep(for: .milliseconds(700))
        XCTAssertEqual(events.all, [.listening, .notification(payload: "before"), .stopped])
    }

    func testRefusedValuesAreBadInputAndNotAnOutage() async throws {
        for (sql, value) in [("SELECT $1::text AS v", "a\u{0}b"), ("SELECT $1::date AS v", "2024-+1-01"), ("SELECT ($1::jsonb->>0) AS v", "[\"\\u0000\"]")] {
            do {
                _ = try await pool.query(sql, [value])
                XCTFail("\(sql) accepted \(value)")
            } catch let error as PostgresError {
                XCTAssertTrue(error.isBadInput, "\(sql): \(error)")
                XCTAssertFalse(error.isUnavailable)
            }
        }
        XCTAssertFalse(PostgresError.queryFailed(sqlState: "23505", message: "duplicate", detail: nil).isBadInput, "a constraint is the app's business")
    }

    func testTypedDecodingOfEveryColumnKind() async throws {
        let row = try await pool.query("""
            SELECT 'héllo عربي'::text AS t, 42::int AS i, 1234.50::numeric(10,2) AS n, true AS b,
                   '6f1c2a9e-0000-4000-8000-0000000000aa'::uuid AS u, '2026-11-25 10:20:30.123456+02'::timestamptz AS ts,
                   ARRAY['a', 'b "c"', 'd,e', NULL]::text[] AS arr, '{"k": [1, 2]}'::jsonb AS j, NULL::text AS missing
            """).first
        let r = try XCTUnwrap(row)
        XCTAssertEqual(try r.decode("t", as: String.self), "héllo عربي")
        XCTAssertEqual(try r.decode("i", as: Int.self), 42)
        XCTAssertEqual(try r.decode("n", as: Decimal.self), Decimal(string: "1234.50"))
        XCTAssertEqual(try r.decode("b", as: Bool.self), true)
        XCTAssertEqual(try r.decode("u", as: UUID.self), UUID(uuidString: "6f1c2a9e-0000-4000-8000-0000000000aa"))
        let date = try r.decode("ts", as: Date.self)
        XCTAssertEqual(date.timeIntervalSince1970, 1_795_594_830.123456, accuracy: 0.000001)
        XCTAssertEqual(try r.decode("arr", as: [String].self), ["a", "b \"c\"", "d,e"])
        struct Payload: Codable, Sendable, Equatable { let k: [Int] }
        XCTAssertEqual(try r.decode("j", as: PostgresJSON<Payload>.self).value, Payload(k: [1, 2]))
        XCTAssertNil(try r.decodeIfPresent("missing", as: String.self))
        XCTAssertThrowsError(try r.decode("missing", as: String.self))
        XCTAssertThrowsError(try r.decode("no_such_column", as: String.self))
    }

    func testParametersRoundTripIncludingHostileStrings() async throws {
        try await pool.query("CREATE TABLE notes (id serial PRIMARY KEY, body text, tags text[], at timestamptz, amount numeric)")
        let hostile = [
            "'; DROP TABLE notes; --", "Robert'); DELETE FROM notes WHERE ('1'='1", "\\x00\\", "$1 $2", "<script>alert(1)</script>",
            "\u{202E}gnp.exe", String(repeating: "ب", count: 100_000), "{{mustache}}", "a\r\nb",
        ]
        let when = Date(timeIntervalSince1970: 1_700_000_000.5)
        for text in hostile {
            try await pool.query("INSERT INTO notes (body, tags, at, amount) VALUES ($1, $2, $3, $4)", [text, [text, "x,y", "\"q\""], when, Decimal(string: "19.99")])
        }
        let rows = try await pool.query("SELECT body, tags, at, amount FROM notes ORDER BY id").rows
        XCTAssertEqual(rows.count, hostile.count, "no statement was injected")
        for (row, text) in zip(rows, hostile) {
            XCTAssertEqual(try row.decode("body", as: String.self), text)
            XCTAssertEqual(try row.decode("tags", as: [String].self), [text, "x,y", "\"q\""])
            XCTAssertEqual(try row.decode("at", as: Date.self).timeIntervalSince1970, when.timeIntervalSince1970, accuracy: 0.001)
            XCTAssertEqual(try row.decode("amount", as: Decimal.self), Decimal(string: "19.99"))
        }
    }

    func testNULByteIsRefusedNotTruncated() async throws {
        do {
            try await pool.query("SELECT $1::text AS v", ["a\u{0}b"])
            XCTFail("PostgreSQL text cannot hold NUL; the call must fail instead of storing a truncated value")
        } catch {}
    }

    func testTransactionRollsBackOnThrownError() async throws {
        try await pool.query("CREATE TABLE t (v int UNIQUE)")
        struct Abort: Error {}
        do {
            try await pool.withTransaction { connection in
                try connection.query("INSERT INTO t VALUES (1)")
                throw Abort()
            }
            XCTFail("expected the error")
        } catch is Abort {}
        let count: Int = try await pool.query("SELECT count(*) AS n FROM t").first?.decode("n") ?? -1
        XCTAssertEqual(count, 0)
        do {
            try await pool.withTransaction { connection in
                try connection.query("INSERT INTO t VALUES (2)")
                try connection.query("INSERT INTO t VALUES (2)")
            }
        } catch let error as PostgresError {
            XCTAssertTrue(error.isUniqueViolation)
        }
        let after: Int = try await pool.query("SELECT count(*) AS n FROM t").first?.decode("n") ?? -1
        XCTAssertEqual(after, 0, "a failed statement rolls the whole transaction back")
        // The connection went back to the pool in a clean state.
        try await pool.query("INSERT INTO t VALUES (3)")
    }

    func testPoolBoundsConcurrencyAndTimesOut() async throws {
        // Three connections, six concurrent sleepers: all finish, never more than three at once.
        let pool: PostgresPool = self.pool
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { try await pool.query("SELECT pg_sleep(0.3)") } }
            try await group.waitForAll()
        }
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - started, .milliseconds(550))
        let count: Int = try await pool.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'bcos' AND datname = current_database()").first?.decode("n") ?? 0
        XCTAssertLessThanOrEqual(count, 3)

        // All three busy for longer than the 2 s acquire timeout: the fourth caller gets poolTimeout.
        let holders = (0..<3).map { _ in Task { try await pool.query("SELECT pg_sleep(3)") } }
        try await Task.sleep(for: .milliseconds(300))
        do {
            try await pool.query("SELECT 1")
            XCTFail("expected a pool timeout")
        } catch PostgresError.poolTimeout {}
        for holder in holders { _ = try await holder.value }
    }

    func testUnreachableServerIsAConnectionFailure() async throws {
        let dead = PostgresPool(configuration: PostgresConfiguration(connectionString: "host=127.0.0.1 port=1 dbname=x user=x", connectTimeoutSeconds: 2), logger: Logger(label: "test"))
        do {
            try await dead.query("SELECT 1")
            XCTFail("expected a failure")
        } catch let error as PostgresError {
            XCTAssertTrue(error.isUnavailable, "\(error)")
        }
        await dead.shutdown()
    }

    func testConfigurationRedactsPasswords() {
        XCTAssertEqual(PostgresConfiguration(connectionString: "postgres://bcos:s3cret@db:5432/bcos").redacted, "postgres://bcos:***@db:5432/bcos")
        XCTAssertEqual(PostgresConfiguration(connectionString: "host=db password=s3cret dbname=x").redacted, "host=db password=*** dbname=x")
    }
}

/// Events as a listener's thread reports them.
private final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [PostgresListener.Event] = []
    func append(_ event: PostgresListener.Event) { lock.withLock { events.append(event) } }
    var all: [PostgresListener.Event] { lock.withLock { events } }
}
