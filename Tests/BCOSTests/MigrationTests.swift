@testable import BCOS
import Foundation
import Logging
import Postgres
import TestSupport
import XCTest

final class MigrationTests: XCTestCase {
    var pool: PostgresPool!
    let logger = Logger(label: "migration-test")

    override func setUp() async throws {
        pool = PostgresPool(configuration: PostgresConfiguration(connectionString: try TestDatabase.create(prefix: "mig")), logger: logger)
    }

    override func tearDown() async throws {
        await pool.shutdown()
    }

    var migrationsDirectory: URL { TestEnvironment.repositoryRoot.appendingPathComponent("migrations") }

    func testMigrationsApplyFromEmptyAndAreIdempotent() async throws {
        let migrator = Migrator(directory: migrationsDirectory, logger: logger)
        let applied = try await migrator.migrate(pool)
        XCTAssertEqual(applied, try migrator.migrations().map(\.name))
        XCTAssertTrue(applied.contains("002_crm_integration.sql"))
        let again = try await migrator.migrate(pool)
        XCTAssertEqual(again, [], "a second run applies nothing")
        let tables = try await pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").rows.map { try $0.decode("table_name", as: String.self) }
        for table in ["categories", "formations", "enrollments", "landing_pages", "crm_integrations", "formation_crm_mappings", "crm_logs", "schema_migrations", "admin_users"] {
            XCTAssertTrue(tables.contains(table), "missing table \(table)")
        }
    }

    func testTwoInstancesMigratingAtOnceApplyEachFileOnce() async throws {
        let migrator = Migrator(directory: migrationsDirectory, logger: logger)
        let pool: PostgresPool = self.pool
        let other = PostgresPool(configuration: pool.configuration, logger: logger)
        async let first = migrator.migrate(pool)
        async let second = migrator.migrate(other)
        let (a, b) = try await (first, second)
        XCTAssertEqual((a + b).sorted(), try migrator.migrations().map(\.name).sorted(), "every file applied exactly once across both")
        await other.shutdown()
    }

    func testEditedAppliedMigrationIsRefused() async throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: migrationsDirectory, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        try await Migrator(directory: copy, logger: logger).migrate(pool)
        let file = copy.appendingPathComponent("001_initial_schema.sql")
        try (try String(contentsOf: file, encoding: .utf8) + "\n-- edited\n").write(to: file, atomically: true, encoding: .utf8)
        do {
            try await Migrator(directory: copy, logger: logger).migrate(pool)
            XCTFail("an edited migration must stop start-up")
        } catch let failure as Migrator.Failure {
            XCTAssertTrue(failure.description.contains("001_initial_schema.sql was changed after it was applied"), failure.description)
        }
    }

    func testFailingMigrationRollsBackAndIsNotRecorded() async throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: migrationsDirectory, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        try "CREATE TABLE half_done (id int);\nSELECT no_such_function();\n".write(to: copy.appendingPathComponent("999_broken.sql"), atomically: true, encoding: .utf8)
        do {
            try await Migrator(directory: copy, logger: logger).migrate(pool)
            XCTFail("expected failure")
        } catch let failure as Migrator.Failure {
            XCTAssertTrue(failure.description.contains("999_broken.sql failed"))
        }
        let halfDone = try await pool.query("SELECT to_regclass('half_done') IS NOT NULL AS present").first?.decode("present", as: Bool.self)
        XCTAssertEqual(halfDone, false, "the failed file left nothing behind")
        let recorded = try await pool.query("SELECT count(*) AS n FROM schema_migrations WHERE name = '999_broken.sql'").first?.decode("n", as: Int.self)
        XCTAssertEqual(recorded, 0)
    }

    func testSeedFunctionsAndTriggers() async throws {
        try await Migrator(directory: migrationsDirectory, logger: logger).migrate(pool)
        let ids = try await pool.withTransaction { c -> (course: String, enrollment: String, hook: String, mail: String) in
            let course: String = try c.query("INSERT INTO formations (slug, title_fr) VALUES ('f1', 'F1') RETURNING id").first!.decode("id")
            let enrollment: String = try c.query("INSERT INTO enrollments (formation_id, full_name, email, phone) VALUES ($1, 'A B', 'a@b.ma', '+212600000000') RETURNING id", [course]).first!.decode("id")
            let hook: String = try c.query("INSERT INTO crm_integrations (name, type, config) VALUES ('hook', 'webhook', '{}') RETURNING id").first!.decode("id")
            let mail: String = try c.query("INSERT INTO crm_integrations (name, type, config, is_active) VALUES ('mail', 'email', '{}', false) RETURNING id").first!.decode("id")
            try c.query("INSERT INTO formation_crm_mappings (formation_id, crm_integration_id, field_mappings) VALUES ($1, $2, '{\"full_name\": \"contact.name\"}'), ($1, $3, '{}')", [course, hook, mail])
            return (course, enrollment, hook, mail)
        }
        // get_crm_integrations_for_formation: only active integrations with active mappings.
        let integrations = try await pool.query("SELECT * FROM get_crm_integrations_for_formation($1)", [ids.course]).rows
        XCTAssertEqual(integrations.count, 1)
        XCTAssertEqual(try integrations.first?.decode("integration_name", as: String.self), "hook")

        // log_crm_activity returns the new row's id.
        let logID: String? = try await pool.query("SELECT log_crm_activity($1, $2, 'failed', '{}'::jsonb, NULL, 'boom') AS id", [ids.enrollment, ids.hook]).first?.decode("id")
        XCTAssertNotNil(logID)

        // get_failed_crm_logs_for_retry: failed, under the limit, and due.
        try await pool.query("""
            INSERT INTO crm_logs (enrollment_id, crm_integration_id, status, retry_count, next_retry_at) VALUES
              ($1, $2, 'failed', 3, NULL),
              ($1, $2, 'failed', 1, NOW() + interval '1 hour'),
              ($1, $2, 'success', 0, NULL),
              ($1, $2, 'failed', 2, NOW() - interval '1 minute')
            """, [ids.enrollment, ids.hook])
        let due = try await pool.query("SELECT log_id, retry_count FROM get_failed_crm_logs_for_retry(3) ORDER BY retry_count").rows
        XCTAssertEqual(try due.map { try $0.decode("retry_count", as: Int.self) }, [0, 2], "the logged failure (0) and the due one (2); not exhausted, not future, not success")

        // updated_at moves on update.
        let before: Date = try await pool.query("SELECT updated_at FROM crm_integrations WHERE id = $1", [ids.hook]).first!.decode("updated_at")
        try await Task.sleep(for: .milliseconds(20))
        try await pool.query("UPDATE crm_integrations SET name = 'hook 2' WHERE id = $1", [ids.hook])
        let after: Date = try await pool.query("SELECT updated_at FROM crm_integrations WHERE id = $1", [ids.hook]).first!.decode("updated_at")
        XCTAssertGreaterThan(after, before)

        // ON DELETE rules: deleting the integration keeps its logs (SET NULL); deleting the enrollment removes them (CASCADE).
        try await pool.query("DELETE FROM crm_integrations WHERE id = $1", [ids.hook])
        let orphaned: Int = try await pool.query("SELECT count(*) AS n FROM crm_logs WHERE crm_integration_id IS NULL").first!.decode("n")
        XCTAssertEqual(orphaned, 5)
        try await pool.query("DELETE FROM enrollments WHERE id = $1", [ids.enrollment])
        let remaining: Int = try await pool.query("SELECT count(*) AS n FROM crm_logs").first!.decode("n")
        XCTAssertEqual(remaining, 0)
    }

    func testCheckConstraintsRefuseBadValues() async throws {
        try await Migrator(directory: migrationsDirectory, logger: logger).migrate(pool)
        do {
            try await pool.query("INSERT INTO crm_integrations (name, type, config) VALUES ('x', 'carrier-pigeon', '{}')")
            XCTFail("type is CHECKed")
        } catch let error as PostgresError {
            guard case .queryFailed(let state, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(state, "23514")
        }
    }
}
