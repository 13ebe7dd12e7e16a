import Postgres

/// Reads `schema_migrations` (written only by `Migrator`), for the readiness check.
struct SchemaMigrationRepository {
    let connection: PostgresConnection

    /// Applied migration names with their checksums.
    func applied() throws -> [String: String] {
        var applied: [String: String] = [:]
        for row in try connection.query("SELECT name, checksum FROM schema_migrations").rows {
            applied[try row.decode("name")] = try row.decode("checksum", as: String.self)
        }
        return applied
    }
}
