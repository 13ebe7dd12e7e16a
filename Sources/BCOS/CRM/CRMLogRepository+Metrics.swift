import Foundation
import Postgres

extension CRMLogRepository {
    /// The outbox's backlog for `/metrics`: real deliveries waiting for their first attempt (or put
    /// back by a manual retry), and the age in seconds of the oldest of them, 0 when there is none.
    /// Rows failed with a retry planned are not counted: they wait on purpose, and
    /// `crm_deliveries_total{outcome="retry"}` tells of them.
    func pendingBacklog() throws -> (count: Int, oldestSeconds: Double) {
        let row = try connection.query(prepared: """
            SELECT count(*) AS n, COALESCE(EXTRACT(EPOCH FROM NOW() - min(created_at)), 0)::float8 AS oldest
              FROM crm_logs WHERE status = $1 AND NOT is_test
            """, [DeliveryStatus.pending.rawValue]).first
        return (try row?.decode("n") ?? 0, max(0, try row?.decode("oldest") ?? 0))
    }
}
