import Foundation
import Postgres

/// SQL for `crm_logs`, the transactional outbox and journal of CRM deliveries: enqueue in the
/// enrollment's transaction, claim with `FOR UPDATE SKIP LOCKED` and a lease, record each
/// attempt. The back office's reads are in `CRMLogRepository+Journal.swift`.
struct CRMLogRepository {
    let connection: PostgresConnection

    /// One `pending` row per active integration mapped (actively) to the course, inside the
    /// caller's transaction. The insert trigger NOTIFYs `crm_outbox` at commit. `requestID`: the
    /// id of the request that enrolled, for the delivery worker's log lines.
    @discardableResult
    func enqueue(enrollmentID: UUID, courseID: UUID, requestID: String? = nil) throws -> Int {
        try connection.query("""
            INSERT INTO crm_logs (enrollment_id, crm_integration_id, status, request_id)
            SELECT $1, i.integration_id, $3, $4 FROM get_crm_integrations_for_formation($2) i
            """, [enrollmentID, courseID, DeliveryStatus.pending.rawValue, requestID]).affectedRows
    }

    /// Status changes reach the integrations that can update what they created: webhooks, HubSpot
    /// and Salesforce, among those the course sends to. Inside the status update's transaction.
    @discardableResult
    func enqueueStatusChange(enrollmentID: UUID, courseID: UUID, status: EnrollmentStatus, previous: String?) throws -> Int {
        try connection.query("""
            INSERT INTO crm_logs (enrollment_id, crm_integration_id, status, event, event_data)
            SELECT $1, i.integration_id, $3, $4, $5::jsonb FROM get_crm_integrations_for_formation($2) i
            WHERE i.integration_type = 'webhook' OR i.provider IN ('hubspot', 'salesforce')
            """, [enrollmentID, courseID, DeliveryStatus.pending.rawValue, DeliveryEvent.statusChangedName,
                  DeliveryEvent.statusData(status, previous: previous).encodedString()]).affectedRows
    }

    struct Claimed: Sendable {
        var id: UUID
        var enrollmentID: UUID?
        var integrationID: UUID?
        var retryCount: Int
        var previousResponse: JSONValue?
        var event = DeliveryEvent.createdName
        var eventData: JSONValue?
        /// The id of the request that queued the row (`X-Request-Id`), when known.
        var requestID: String?
    }

    /// Due rows (new, or failed with a retry that is due), not leased by a live worker.
    func claim(limit: Int, lease: Duration, worker: String) throws -> [Claimed] {
        guard limit > 0 else { return [] }
        return try connection.query(prepared: """
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
            RETURNING l.id, l.enrollment_id, l.crm_integration_id, COALESCE(l.retry_count, 0) AS retry_count, l.response_data::text AS previous,
                      l.event, l.event_data::text AS event_data, l.request_id
            """, [limit, lease.seconds, worker]).rows.map { row in
            Claimed(
                id: try row.decode("id"), enrollmentID: try row.decodeIfPresent("enrollment_id"),
                integrationID: try row.decodeIfPresent("crm_integration_id"), retryCount: try row.decode("retry_count"),
                previousResponse: (try row.decodeIfPresent("previous", as: String.self)).flatMap { JSONValue.parse(Array($0.utf8)) },
                event: try row.decodeIfPresent("event") ?? DeliveryEvent.createdName,
                eventData: (try row.decodeIfPresent("event_data", as: String.self)).flatMap { JSONValue.parse(Array($0.utf8)) },
                requestID: try row.decodeIfPresent("request_id"))
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
    func record(_ id: UUID, worker: String, attempt: DeliveryAttempt, next: Next) throws -> Bool {
        let status: DeliveryStatus
        var retryCount: Int?
        var delay: Double?
        switch next {
        case .done: status = .success
        case .retry(let after, let count):
            status = .failed
            retryCount = count
            delay = after.seconds
        case .giveUp: status = .failed
        }
        let error: String? = attempt.outcome.isSuccess ? nil : String(attempt.outcome.message.prefix(2_000))
        return try connection.query(prepared: """
            UPDATE crm_logs SET status = $2, request_data = $3::jsonb, response_data = $4::jsonb, error_message = $5,
                   retry_count = COALESCE($6::int, retry_count),
                   next_retry_at = CASE WHEN $7::float8 IS NULL THEN NULL ELSE NOW() + make_interval(secs => $7::float8) END,
                   attempted_at = NOW(), response_status = $8, locked_until = NULL, locked_by = NULL, outcome_message = $10
            WHERE id = $1 AND locked_by = $9
            """, [
                id, status.rawValue, attempt.request.encodedString(), (attempt.response ?? .null).encodedString(), error, retryCount, delay,
                attempt.responseStatus, worker, String(attempt.outcome.message.prefix(2_000)),
            ]).affectedRows == 1
    }

    /// Gives back the rows a stopping worker still holds (deliveries it abandoned mid-way), so the
    /// next worker need not wait for the lease to run out.
    func release(worker: String) throws {
        try connection.query("UPDATE crm_logs SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1", [worker])
    }

    /// A test-connection attempt, kept in the log (never retried).
    func recordTest(integrationID: UUID, attempt: DeliveryAttempt) throws {
        try connection.query("""
            INSERT INTO crm_logs (crm_integration_id, status, request_data, response_data, error_message, attempted_at, response_status, is_test)
            VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, NOW(), $6, true)
            """, [
                integrationID, (attempt.outcome.isSuccess ? DeliveryStatus.success : .failed).rawValue, attempt.request.encodedString(),
                (attempt.response ?? .null).encodedString(), attempt.outcome.isSuccess ? nil : attempt.outcome.message, attempt.responseStatus,
            ])
    }

    /// Puts failed rows back in the queue for one more attempt now (manual retry) and wakes the workers.
    func retryNow(_ ids: [UUID]) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let list = "{" + ids.map(\.lowercasedString).joined(separator: ",") + "}"
        let count = try connection.query("""
            UPDATE crm_logs SET status = 'pending', next_retry_at = NULL, locked_until = NULL, locked_by = NULL
            WHERE id = ANY($1::uuid[]) AND status = 'failed' AND NOT is_test
              AND (locked_until IS NULL OR locked_until < NOW())
            """, [list]).affectedRows
        try connection.query("SELECT pg_notify('crm_outbox', '')")
        return count
    }

    /// Deletes finished rows older than `days` (the `bcos purge-crm-logs` command).
    func purge(olderThanDays days: Int) throws -> Int {
        try connection.query("""
            DELETE FROM crm_logs WHERE created_at < NOW() - make_interval(days => $1) AND status <> 'pending'
              AND NOT (status = 'failed' AND next_retry_at IS NOT NULL)
            """, [days]).affectedRows
    }
}
