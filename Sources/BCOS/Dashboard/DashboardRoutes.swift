import Foundation
import HTTPServer
import Postgres

/// `GET /admin`: the numbers an admin checks every morning.
struct DashboardRoutes: Sendable {
    let pool: PostgresPool
    let admin: AdminRenderer

    struct Count: Encodable {
        let label: String
        let value: Int
        let key: String
    }

    struct Latest: Encodable {
        let href: String
        let full_name: String
        let email: String
        let course: String
        let status: String
        let date: String
    }

    struct Model: Encodable {
        let published: Int
        let drafts: Int
        let by_status: [Count]
        let this_week: Int
        let last_week: Int
        let trend: String
        let deliveries: [Count]
        let failed_deliveries: Int
        let latest: [Latest]
        let has_latest: Bool
    }

    func handle(_ request: Request) async throws -> Response {
        let model = try await pool.withConnection { c -> Model in
            let courses = try c.query("""
                SELECT count(*) FILTER (WHERE is_published) AS published, count(*) FILTER (WHERE NOT is_published) AS drafts FROM formations
                """).first
            var statusCounts: [String: Int] = [:]
            for row in try c.query("SELECT status, count(*) AS n FROM enrollments GROUP BY status").rows {
                statusCounts[try row.decode("status")] = try row.decode("n")
            }
            let weeks = try c.query("""
                SELECT count(*) FILTER (WHERE created_at >= date_trunc('week', NOW())) AS this_week,
                       count(*) FILTER (WHERE created_at >= date_trunc('week', NOW()) - interval '7 days'
                                          AND created_at < date_trunc('week', NOW())) AS last_week
                FROM enrollments
                """).first
            var deliveryCounts: [String: Int] = [:]
            for row in try c.query("SELECT status, count(*) AS n FROM crm_logs WHERE created_at > NOW() - interval '24 hours' AND NOT is_test GROUP BY status").rows {
                deliveryCounts[try row.decode("status")] = try row.decode("n")
            }
            let failed: Int = try c.query("SELECT count(*) AS n FROM crm_logs WHERE status = 'failed' AND next_retry_at IS NULL AND NOT is_test").first?.decode("n") ?? 0
            let latest = try c.query("""
                SELECT e.id, e.full_name, e.email, e.status, e.created_at, COALESCE(f.title_fr, f.title, '—') AS course
                FROM enrollments e LEFT JOIN formations f ON f.id = e.formation_id
                ORDER BY e.created_at DESC LIMIT 10
                """).rows.map { row in
                    Latest(
                        href: "/admin/inscriptions/\(try row.decode("id", as: UUID.self).uuidString.lowercased())",
                        full_name: try row.decode("full_name"), email: try row.decode("email"), course: try row.decode("course"),
                        status: AdminLabels.status(try row.decode("status")), date: AdminLabels.dateTime(try row.decode("created_at")))
                }
            let thisWeek: Int = try weeks?.decode("this_week") ?? 0
            let lastWeek: Int = try weeks?.decode("last_week") ?? 0
            return Model(
                published: try courses?.decode("published") ?? 0, drafts: try courses?.decode("drafts") ?? 0,
                by_status: AdminLabels.statuses.map { Count(label: $0.1, value: statusCounts[$0.0] ?? 0, key: $0.0) },
                this_week: thisWeek, last_week: lastWeek,
                trend: thisWeek > lastWeek ? "en hausse" : thisWeek < lastWeek ? "en baisse" : "stable",
                deliveries: [("success", "Réussies"), ("pending", "En attente"), ("failed", "En échec")].map {
                    Count(label: $0.1, value: deliveryCounts[$0.0] ?? 0, key: $0.0)
                },
                failed_deliveries: failed, latest: latest, has_latest: !latest.isEmpty)
        }
        return try admin.page("admin/dashboard", model, title: "Tableau de bord", request: request)
    }
}

/// French labels and formats for the back office.
enum AdminLabels {
    static let statuses = [("new", "Nouvelle"), ("to_confirm", "À confirmer"), ("confirmed", "Confirmée"), ("cancelled", "Annulée")]

    static func status(_ code: String) -> String { statuses.first { $0.0 == code }?.1 ?? code }

    static func dateTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = TimeZone(identifier: "Africa/Casablanca") ?? .current
        formatter.dateFormat = "dd/MM/yyyy HH:mm"
        return formatter.string(from: date)
    }
}
