@testable import BCOS
import Foundation
import Postgres

/// Shared set-up for the CRM tests: fast retries, an integration mapped to the demo course, the
/// delivery rows as the admin pages read them.
enum CRMTestSupport {
    static let course = UUID(uuidString: "00000000-0000-4000-8000-0000000000f1")!

    /// The app with backoff, polling and leases shortened by configuration (not by sleeping).
    static func harness(maxRetries: Int = 3, leaseSeconds: Double = 3, configure: (inout AppConfiguration) -> Void = { _ in }) async throws -> AppHarness {
        try await AppHarness.start { configuration in
            configuration.crmRetryBaseSeconds = 0.2
            configuration.crmPollSeconds = 0.2
            configuration.crmLeaseSeconds = leaseSeconds
            configuration.crmMaxRetries = maxRetries
            configure(&configuration)
        }
    }

    @discardableResult
    static func integrate(
        _ app: Application, name: String = "Intégration de test", kind: CRMKind, config: CRMConfig, mapping: String = "{}", course: UUID = course
    ) async throws -> UUID {
        let id = try await app.database.run { try $0.crmIntegrations.save(id: nil, name: name, kind: kind, config: config, isActive: true) }
        try await app.pool.query(
            "INSERT INTO formation_crm_mappings (formation_id, crm_integration_id, field_mappings) VALUES ($1, $2, $3::jsonb)",
            [course, id, mapping])
        return id
    }

    struct LogRow: Sendable {
        let id: UUID
        let status: String
        let retryCount: Int
        let error: String?
        let hasNextTry: Bool
        let request: String
        let response: String
    }

    static func logs(_ app: Application) async throws -> [LogRow] {
        try await app.pool.query("""
            SELECT id, status, COALESCE(retry_count, 0) AS retry_count, error_message, next_retry_at IS NOT NULL AS has_next,
                   COALESCE(request_data::text, '') AS request, COALESCE(response_data::text, '') AS response
            FROM crm_logs WHERE NOT is_test ORDER BY created_at
            """).rows.map {
            LogRow(id: try $0.decode("id"), status: try $0.decode("status"), retryCount: try $0.decode("retry_count"),
                   error: try $0.decodeIfPresent("error_message"), hasNextTry: try $0.decode("has_next"),
                   request: try $0.decode("request"), response: try $0.decode("response"))
        }
    }
}
