import Foundation
import Postgres

/// SQL of the transactional outbox (`crm_logs`): enqueue in the enrollment's transaction, claim
/// with `FOR UPDATE SKIP LOCKED` and a lease, record each attempt.
struct CRMDeliveryRepository: Sendable {
    let pool: PostgresPool

    /// One `pending` row per active integration mapped (actively) to the course, on the caller's
    /// connection, inside the caller's transaction. The insert trigger NOTIFYs `crm_outbox` at commit.
    @discardableResult
    static func enqueue(enrollmentID: UUID, courseID: UUID, on connection: PostgresConnection) throws -> Int {
        try connection.query("""
            INSERT INTO crm_logs (enrollment_id, crm_integration_id, status)
            SELECT $1, i.integration_id, 'pending' FROM get_crm_integrations_for_formation($2) i
            """, [enrollmentID, courseID]).affectedRows
    }

    struct Claimed: Sendable {
        var id: UUID
        var enrollmentID: UUID?
        var integrationID: UUID?
        var retryCount: Int
        var previousResponse: JSONValue?
    }

    /// Due rows (new, or failed with a retry that is due), not leased by a live worker.
    func claim(limit: Int, lease: Duration, worker: String) async throws -> [Claimed] {
        guard limit > 0 else { return [] }
        return try await pool.query(prepared: """
            WITH due AS (
              SELECT id FROM crm_logs
              WHERE (status = 'pending' OR (status = 'failed' AND next_retry_at IS NOT NULL))
                AND COALESCE(next_retry_at, created_at) <= NOW()
                AND (locked_until IS NULL OR locked_until < NOW())
                AND NOT is_test
              ORDER BY COALESCE(next_retry_at, created_at)
              LIMIT $1
              FOR UPDATE SKIP LOCKED
            )
            UPDATE crm_logs l SET locked_until = NOW() + make_interval(secs => $2::float8), locked_by = $3
            FROM due WHERE l.id = due.id
            RETURNING l.id, l.enrollment_id, l.crm_integration_id, COALESCE(l.retry_count, 0) AS retry_count, l.response_data::text AS previous
            """, [limit, lease.seconds, worker]).rows.map { row in
            Claimed(
                id: try row.decode("id"), enrollmentID: try row.decodeIfPresent("enrollment_id"),
                integrationID: try row.decodeIfPresent("crm_integration_id"), retryCount: try row.decode("retry_count"),
                previousResponse: (try row.decodeIfPresent("previous", as: String.self)).flatMap { JSONValue.parse(Array($0.utf8)) })
        }
    }

    /// Everything one delivery needs, read on one connection with prepared statements (the worker
    /// does this for every row, so it is kept to one checkout): the integration, the enrollment
    /// with its course, and whether and how the course maps the integration.
    struct Inputs: Sendable {
        var integration: CRMIntegration?
        var sources: CRMSources?
        var mapped = false
        var mapping: FieldMapping?
    }

    func inputs(for row: Claimed, integrations: CRMIntegrationRepository) async throws -> Inputs {
        try await pool.withConnection { connection in
            var inputs = Inputs()
            guard let integrationID = row.integrationID else { return inputs }
            inputs.integration = try integrations.find(integrationID, on: connection)
            guard let enrollmentID = row.enrollmentID else { return inputs }
            inputs.sources = try CRMSources.load(enrollmentID: enrollmentID, on: connection)
            if let mappingRow = try connection.query(prepared: """
                SELECT m.field_mappings::text AS mapping FROM enrollments e
                JOIN formation_crm_mappings m ON m.formation_id = e.formation_id AND m.crm_integration_id = $2 AND m.is_active
                WHERE e.id = $1
                """, [enrollmentID, integrationID]).first {
                inputs.mapped = true
                let text: String? = try mappingRow.decodeIfPresent("mapping")
                let mapping = text.flatMap { try? JSONDecoder().decode(FieldMapping.self, from: Data($0.utf8)) }
                inputs.mapping = mapping?.isEmpty == false ? mapping : nil
            }
            return inputs
        }
    }

    enum Next: Sendable {
        case done
        case retry(after: Duration, retryCount: Int)
        case giveUp
    }

    /// Stores an attempt, only if this worker still holds the lease (a worker whose lease ran out
    /// must not overwrite what the next one recorded).
    @discardableResult
    func record(_ id: UUID, worker: String, attempt: DeliveryAttempt, next: Next) async throws -> Bool {
        let status: String
        var retryCount: Int?
        var delay: Double?
        switch next {
        case .done: status = "success"
        case .retry(let after, let count):
            status = "failed"
            retryCount = count
            delay = after.seconds
        case .giveUp: status = "failed"
        }
        let error: String? = attempt.outcome.isSuccess ? nil : String(attempt.outcome.message.prefix(2_000))
        return try await pool.query(prepared: """
            UPDATE crm_logs SET status = $2, request_data = $3::jsonb, response_data = $4::jsonb, error_message = $5,
                   retry_count = COALESCE($6::int, retry_count),
                   next_retry_at = CASE WHEN $7::float8 IS NULL THEN NULL ELSE NOW() + make_interval(secs => $7::float8) END,
                   attempted_at = NOW(), response_status = $8, locked_until = NULL, locked_by = NULL
            WHERE id = $1 AND locked_by = $9
            """, [
                id, status, attempt.request.encodedString(), (attempt.response ?? .null).encodedString(), error, retryCount, delay,
                attempt.responseStatus, worker,
            ]).affectedRows == 1
    }

    /// Gives back the rows a stopping worker still holds (deliveries it abandoned mid-way), so the
    /// next worker need not wait for the lease to run out.
    func release(worker: String) async throws {
        try await pool.query("UPDATE crm_logs SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1", [worker])
    }

    /// A test-connection attempt, kept in the log (never retried).
    func recordTest(integrationID: UUID, attempt: DeliveryAttempt) async throws {
        try await pool.query("""
            INSERT INTO crm_logs (crm_integration_id, status, request_data, response_data, error_message, attempted_at, response_status, is_test)
            VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, NOW(), $6, true)
            """, [
                integrationID, attempt.outcome.isSuccess ? "success" : "failed", attempt.request.encodedString(),
                (attempt.response ?? .null).encodedString(), attempt.outcome.isSuccess ? nil : attempt.outcome.message, attempt.responseStatus,
            ])
    }

    /// Puts failed rows back in the queue for one more attempt now (manual retry).
    func retryNow(_ ids: [UUID]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let list = "{" + ids.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
        let count = try await pool.query("""
            UPDATE crm_logs SET status = 'pending', next_retry_at = NULL, locked_until = NULL, locked_by = NULL
            WHERE id = ANY($1::uuid[]) AND status = 'failed' AND NOT is_test
              AND (locked_until IS NULL OR locked_until < NOW())
            """, [list]).affectedRows
        try await pool.query("SELECT pg_notify('crm_outbox', '')")
        return count
    }

    /// Deletes log rows older than `days` (the `bcos purge-crm-logs` command).
    func purge(olderThanDays days: Int) async throws -> Int {
        try await pool.query("""
            DELETE FROM crm_logs WHERE created_at < NOW() - make_interval(days => $1) AND status <> 'pending'
              AND NOT (status = 'failed' AND next_retry_at IS NOT NULL)
            """, [days]).affectedRows
    }
}
