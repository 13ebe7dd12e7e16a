import Crypto
import Foundation
import Logging
import Postgres

/// Applies `migrations/NNN_name.sql` in name order, each file in its own transaction, and records
/// name and SHA-256 in `schema_migrations`. A file that was applied and then edited stops
/// start-up with a clear message (migrations are history, never rewritten). Instances starting
/// together serialise on a PostgreSQL advisory lock, so each file runs exactly once.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public let name: String
        public let sql: String
        public var checksum: String { Hex.lowercase(SHA256.hash(data: Data(sql.utf8))) }
    }

    public enum Failure: Error, CustomStringConvertible {
        case edited(name: String)
        case failed(name: String, error: any Error)

        public var description: String {
            switch self {
            case .edited(let name):
                "migration \(name) was changed after it was applied. Applied migrations must never be edited: "
                    + "restore the original file and put the change in a new migration."
            case .failed(let name, let error):
                "migration \(name) failed and was rolled back: \(error)"
            }
        }
    }

    /// Arbitrary but fixed: every instance of the app takes the same lock.
    static let lockKey = 7_200_451_001

    let directory: URL
    let logger: Logger

    public init(directory: URL, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    public func migrations() throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") && $0.first?.isNumber == true }
            .sorted()
        return try names.map { Migration(name: $0, sql: try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// Applies pending migrations; returns the names applied now.
    @discardableResult
    public func migrate(_ pool: PostgresPool) async throws -> [String] {
        let migrations = try self.migrations()
        let logger = self.logger
        return try await pool.withConnection { connection in
            try connection.query("SELECT pg_advisory_lock($1)", [Migrator.lockKey])
            defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [Migrator.lockKey]) }
            try connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                  name TEXT PRIMARY KEY,
                  checksum TEXT NOT NULL,
                  applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
                )
                """)
            var applied: [String: String] = [:]
            for row in try connection.query("SELECT name, checksum FROM schema_migrations").rows {
                applied[try row.decode("name")] = try row.decode("checksum", as: String.self)
            }
            var appliedNow: [String] = []
            for migration in migrations {
                if let checksum = applied[migration.name] {
                    guard checksum == migration.checksum else { throw Failure.edited(name: migration.name) }
                    continue
                }
                do {
                    try connection.query("BEGIN")
                    try connection.execute(script: migration.sql)
                    try connection.query("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [migration.name, migration.checksum])
                    try connection.query("COMMIT")
                } catch {
                    _ = try? connection.query("ROLLBACK")
                    throw Failure.failed(name: migration.name, error: error)
                }
                logger.info("applied migration \(migration.name)")
                appliedNow.append(migration.name)
            }
            return appliedNow
        }
    }
}
