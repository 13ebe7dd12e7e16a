import Foundation
import Postgres

extension CRMLogRepository {
    /// Real (non-test) deliveries of the last `days` days per integration and outcome.
    func outcomesByIntegration(days: Int) throws -> [(integration: String, status: String, count: Int)] {
        try connection.query("""
            SELECT COALESCE(i.name, '(intégration supprimée)') AS name, l.status AS status, count(*) AS n
              FROM crm_logs l LEFT JOIN crm_integrations i ON i.id = l.crm_integration_id
             WHERE l.created_at > NOW() - make_interval(days => $1) AND NOT l.is_test
             GROUP BY 1, 2 ORDER BY 1, 2
            """, [days]).rows.map { (try $0.decode("name"), try $0.decode("status"), try $0.decode("n")) }
    }
}
