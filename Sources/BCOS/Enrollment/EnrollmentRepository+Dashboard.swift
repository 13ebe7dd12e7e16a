import Foundation
import Postgres

/// The dashboard's enrollment series. Counts only: no visitor data leaves the table.
extension EnrollmentRepository {
    /// Enrollments per week, oldest first, for the last `weeks` weeks including this one
    /// (weeks without enrollments count 0).
    func weeklyCounts(weeks: Int) throws -> [(weekStart: Date, count: Int)] {
        try connection.query("""
            SELECT w.week AS week, count(e.id) AS n
              FROM generate_series(date_trunc('week', NOW()) - make_interval(weeks => $1 - 1), date_trunc('week', NOW()), interval '1 week') AS w(week)
              LEFT JOIN enrollments e ON e.created_at >= w.week AND e.created_at < w.week + interval '1 week'
             GROUP BY w.week ORDER BY w.week
            """, [weeks]).rows.map { (try $0.decode("week", as: Date.self), try $0.decode("n", as: Int.self)) }
    }

    /// The courses with the most enrollments over the last `days` days, most first.
    func countsByCourse(days: Int, limit: Int) throws -> [(title: String, count: Int)] {
        try connection.query("""
            SELECT COALESCE(NULLIF(f.title_fr, ''), NULLIF(f.title, ''), NULLIF(f.title_ar, ''), '(formation supprimée)') AS title, count(*) AS n
              FROM enrollments e LEFT JOIN formations f ON f.id = e.formation_id
             WHERE e.created_at > NOW() - make_interval(days => $1)
             GROUP BY 1 ORDER BY n DESC, title LIMIT $2
            """, [days, limit]).rows.map { (try $0.decode("title", as: String.self), try $0.decode("n", as: Int.self)) }
    }

    /// Enrollments by `utm_source` over the last `days` days ("" when the visit carried none).
    func countsBySource(days: Int, limit: Int) throws -> [(source: String, count: Int)] {
        try connection.query("""
            SELECT COALESCE(substring(source FROM 'utm_source=([^;]+)'), '') AS utm, count(*) AS n
              FROM enrollments
             WHERE created_at > NOW() - make_interval(days => $1)
             GROUP BY 1 ORDER BY n DESC, utm LIMIT $2
            """, [days, limit]).rows.map { (try $0.decode("utm", as: String.self).trimmingCharacters(in: .whitespaces), try $0.decode("n", as: Int.self)) }
    }
}
