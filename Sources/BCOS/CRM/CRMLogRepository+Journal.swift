import Foundation
import Postgres

/// One row of the CRM journal, with the names it links to.
struct CRMLogEntry: Sendable {
    var id: UUID
    var createdAt: Date
    var state: DeliveryState
    var errorMessage: String?
    /// What the answer meant, successes included (`crm_logs.outcome_message`).
    var outcomeMessage: String?
    var retryCount: Int
    var nextRetryAt: Date?
    var isTest: Bool
    var enrollmentID: UUID?
    /// nil when the integration was deleted.
    var integrationName: String?
    var courseTitle: String
    var personName: String
    /// Only read for the detail page.
    var request: String?
    var response: String?
    var attemptedAt: Date?
    var responseStatus: Int?
}

/// The back office's reads of `crm_logs`: the filtered journal, one entry, the retry queue,
/// the dashboard's counts.
extension CRMLogRepository {
    /// The journal's filters; each nil filter matches everything.
    struct Filter: Sendable {
        var state: DeliveryState?
        var integrationID: UUID?
        var courseID: UUID?
        /// `YYYY-MM-DD`, already checked.
        var from: String?
        var to: String?
    }

    private static let entryColumns = """
        l.id, l.created_at, l.status, l.error_message, l.outcome_message, COALESCE(l.retry_count, 0) AS retry_count, l.next_retry_at, l.is_test,
        l.enrollment_id, i.name AS integration, COALESCE(f.title_fr, f.title, '') AS course, COALESCE(e.full_name, '') AS person
        """
    private static let entryJoins = """
        FROM crm_logs l LEFT JOIN crm_integrations i ON i.id = l.crm_integration_id
        LEFT JOIN enrollments e ON e.id = l.enrollment_id LEFT JOIN formations f ON f.id = e.formation_id
        """
    private static let filterClause = """
        ($1::text IS NULL OR ($1 = 'success' AND l.status = 'success') OR ($1 = 'pending' AND l.status = 'pending')
           OR ($1 = 'waiting' AND l.status = 'failed' AND l.next_retry_at IS NOT NULL)
           OR ($1 = 'failed' AND l.status = 'failed' AND l.next_retry_at IS NULL))
        AND ($2::uuid IS NULL OR l.crm_integration_id = $2) AND ($3::uuid IS NULL OR e.formation_id = $3)
        AND ($4::date IS NULL OR l.created_at >= $4::date) AND ($5::date IS NULL OR l.created_at < $5::date + 1)
        AND NOT l.is_test
        """

    private static func parameters(_ filter: Filter) -> [any PostgresEncodable] {
        [filter.state?.rawValue, filter.integrationID, filter.courseID, filter.from, filter.to]
    }

    private static func entry(_ row: Row, detailed: Bool = false) throws -> CRMLogEntry {
        let next: Date? = try row.decodeIfPresent("next_retry_at")
        return CRMLogEntry(
            id: try row.decode("id"), createdAt: try row.decode("created_at"),
            state: DeliveryState(status: try row.decode("status"), nextRetry: next != nil),
            errorMessage: try row.decodeIfPresent("error_message"), outcomeMessage: try row.decodeIfPresent("outcome_message"),
            retryCount: try row.decode("retry_count"), nextRetryAt: next,
            isTest: try row.decode("is_test"), enrollmentID: try row.decodeIfPresent("enrollment_id"),
            integrationName: try row.decodeIfPresent("integration"), courseTitle: try row.decode("course"), personName: try row.decode("person"),
            request: detailed ? try row.decodeIfPresent("request") : nil, response: detailed ? try row.decodeIfPresent("response") : nil,
            attemptedAt: detailed ? try row.decodeIfPresent("attempted_at") : nil,
            responseStatus: detailed ? try row.decodeIfPresent("response_status") : nil)
    }

    func journalCount(_ filter: Filter) throws -> Int {
        try connection.query("SELECT count(*) AS n \(CRMLogRepository.entryJoins) WHERE \(CRMLogRepository.filterClause)",
                             CRMLogRepository.parameters(filter)).first?.decode("n") ?? 0
    }

    func journal(_ filter: Filter, limit: Int, offset: Int) throws -> [CRMLogEntry] {
        try connection.query("""
            SELECT \(CRMLogRepository.entryColumns) \(CRMLogRepository.entryJoins)
            WHERE \(CRMLogRepository.filterClause) ORDER BY l.created_at DESC LIMIT $6 OFFSET $7
            """, CRMLogRepository.parameters(filter) + [limit, offset]).rows.map { try CRMLogRepository.entry($0) }
    }

    func entry(id: UUID) throws -> CRMLogEntry? {
        try connection.query("""
            SELECT \(CRMLogRepository.entryColumns), l.request_data::text AS request, l.response_data::text AS response,
                   l.attempted_at, l.response_status
            \(CRMLogRepository.entryJoins) WHERE l.id = $1
            """, [id]).first.map { try CRMLogRepository.entry($0, detailed: true) }
    }

    /// The latest connection tests of an integration (its page lists them, apart from deliveries).
    func tests(integrationID: UUID, limit: Int = 10) throws -> [CRMLogEntry] {
        try connection.query("""
            SELECT \(CRMLogRepository.entryColumns), l.request_data::text AS request, l.response_data::text AS response,
                   l.attempted_at, l.response_status
            \(CRMLogRepository.entryJoins) WHERE l.crm_integration_id = $1 AND l.is_test ORDER BY l.created_at DESC LIMIT $2
            """, [integrationID, limit]).rows.map { try CRMLogRepository.entry($0, detailed: true) }
    }

    /// Every delivery of one enrollment, newest first (its admin page).
    func entries(enrollmentID: UUID) throws -> [CRMLogEntry] {
        try connection.query("""
            SELECT \(CRMLogRepository.entryColumns) \(CRMLogRepository.entryJoins) WHERE l.enrollment_id = $1 ORDER BY l.created_at DESC
            """, [enrollmentID]).rows.map { try CRMLogRepository.entry($0) }
    }

    /// The retry queue: deliveries that gave up (newest first) and those waiting for a retry (soonest first).
    func retryQueue(limit: Int = 200) throws -> (gaveUp: [CRMLogEntry], waiting: [CRMLogEntry]) {
        let gaveUp = try connection.query("""
            SELECT \(CRMLogRepository.entryColumns) \(CRMLogRepository.entryJoins)
            WHERE l.status = 'failed' AND l.next_retry_at IS NULL AND NOT l.is_test ORDER BY l.created_at DESC LIMIT $1
            """, [limit]).rows.map { try CRMLogRepository.entry($0) }
        let waiting = try connection.query("""
            SELECT \(CRMLogRepository.entryColumns) \(CRMLogRepository.entryJoins)
            WHERE l.status = 'failed' AND l.next_retry_at IS NOT NULL AND NOT l.is_test ORDER BY l.next_retry_at LIMIT $1
            """, [limit]).rows.map { try CRMLogRepository.entry($0) }
        return (gaveUp, waiting)
    }

    /// Deliveries of the last 24 hours by status (connection tests left out), for the dashboard.
    func countsLastDay() throws -> [DeliveryStatus: Int] {
        var counts: [DeliveryStatus: Int] = [:]
        for row in try connection.query(
            "SELECT status, count(*) AS n FROM crm_logs WHERE created_at > NOW() - interval '24 hours' AND NOT is_test GROUP BY status").rows {
            if let status = DeliveryStatus(rawValue: try row.decode("status")) { counts[status] = try row.decode("n") }
        }
        return counts
    }

    /// Deliveries that used up their retries and wait in the retry queue.
    func gaveUpCount() throws -> Int {
        try connection.query("SELECT count(*) AS n FROM crm_logs WHERE status = 'failed' AND next_retry_at IS NULL AND NOT is_test")
            .first?.decode("n") ?? 0
    }
}
