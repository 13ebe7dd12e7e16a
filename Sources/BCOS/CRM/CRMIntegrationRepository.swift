import Foundation
import Postgres

/// SQL for `crm_integrations`. Secrets are sealed with `SecretBox` on the way in and opened on
/// the way out; nothing else in the app sees the stored form.
struct CRMIntegrationRepository: Sendable {
    let pool: PostgresPool
    let box: SecretBox

    static let columns = "id, name, type, provider, config, is_active, last_tested_at, test_status, test_message, disabled_reason"

    func integration(from row: Row) throws -> CRMIntegration? {
        guard let kind = CRMKind(type: try row.decode("type"), provider: try row.decodeIfPresent("provider")) else { return nil }
        let stored = try row.decode("config", as: PostgresJSON<CRMConfig>.self).value
        // A secret sealed under another SECRET_KEY opens as empty: the admin re-enters it.
        return CRMIntegration(
            id: try row.decode("id"), name: try row.decode("name"), kind: kind,
            config: stored.mappingSecrets { box.open($0) ?? "" },
            isActive: try row.decodeIfPresent("is_active") ?? false, lastTestedAt: try row.decodeIfPresent("last_tested_at"),
            testStatus: try row.decodeIfPresent("test_status"), testMessage: try row.decodeIfPresent("test_message"),
            disabledReason: try row.decodeIfPresent("disabled_reason"))
    }

    func find(_ id: UUID) async throws -> CRMIntegration? {
        try await pool.withConnection { try find(id, on: $0) }
    }

    /// The same on the caller's connection (the worker reads all of a delivery's inputs on one).
    func find(_ id: UUID, on connection: PostgresConnection) throws -> CRMIntegration? {
        try connection.query(prepared: "SELECT \(CRMIntegrationRepository.columns) FROM crm_integrations WHERE id = $1", [id])
            .first.flatMap(integration(from:))
    }

    func all() async throws -> [CRMIntegration] {
        try await pool.query("SELECT \(CRMIntegrationRepository.columns) FROM crm_integrations ORDER BY name").rows.compactMap(integration(from:))
    }

    /// Inserts or updates; returns the id.
    @discardableResult
    func save(id: UUID?, name: String, kind: CRMKind, config: CRMConfig, isActive: Bool) async throws -> UUID {
        let sealed = PostgresJSON(config.mappingSecrets { box.seal($0) })
        if let id {
            // Re-activating clears the reason the worker switched it off.
            try await pool.query("""
                UPDATE crm_integrations SET name = $1, type = $2, provider = $3, config = $4::jsonb, is_active = $5,
                       disabled_reason = CASE WHEN $5 THEN NULL ELSE disabled_reason END
                WHERE id = $6
                """, [name, kind.type, kind.provider, sealed, isActive, id])
            return id
        }
        let row = try await pool.query("""
            INSERT INTO crm_integrations (name, type, provider, config, is_active) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id
            """, [name, kind.type, kind.provider, sealed, isActive]).first
        guard let id = try row?.decode("id", as: UUID.self) else { throw PostgresError.decoding(column: "id", reason: "no id returned") }
        return id
    }

    func delete(_ id: UUID) async throws {
        try await pool.query("DELETE FROM crm_integrations WHERE id = $1", [id])
    }

    func recordTest(_ id: UUID, success: Bool, message: String) async throws {
        try await pool.query("""
            UPDATE crm_integrations SET last_tested_at = NOW(), test_status = $2, test_message = $3 WHERE id = $1
            """, [id, success ? "success" : "failed", String(message.prefix(1_000))])
    }

    /// Switched off by the worker (webhook 410 Gone); the reason shows on the CRM page.
    func deactivate(_ id: UUID, reason: String) async throws {
        try await pool.query("UPDATE crm_integrations SET is_active = false, disabled_reason = $2 WHERE id = $1", [id, reason])
    }
}
