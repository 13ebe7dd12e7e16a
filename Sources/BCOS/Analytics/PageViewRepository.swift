import Foundation
import Postgres

/// One row of the conversion report: a course's page in one language over the chosen days.
struct ConversionRow: Sendable {
    var courseID: UUID
    var title: String
    var page: PageViewCounter.Page
    var language: Language
    var views: Int
    var enrollments: Int
}

/// `course_page_views`, and enrollments counted against them.
struct PageViewRepository {
    let connection: PostgresConnection

    func add(_ counts: [PageViewCounter.Key: Int]) throws {
        for (key, views) in counts {
            try connection.query("""
                INSERT INTO course_page_views (formation_id, page, language, day, views)
                SELECT $1, $2, $3, $4::date, $5 WHERE EXISTS (SELECT 1 FROM formations WHERE id = $1)
                ON CONFLICT (formation_id, page, language, day) DO UPDATE SET views = course_page_views.views + EXCLUDED.views
                """, [key.courseID, key.page.rawValue, key.language.rawValue, key.day, views])
        }
    }

    /// Views and enrollments per course, page and language over the last `days` days (today
    /// included), rows with neither left out. An enrollment counts for the landing page when its
    /// source says `page=presentation`, for the course page otherwise.
    func report(days: Int) throws -> [ConversionRow] {
        try connection.query("""
            WITH views AS (
              SELECT formation_id, page, language, sum(views)::bigint AS views FROM course_page_views
               WHERE day > (NOW() AT TIME ZONE $2)::date - $1::int
               GROUP BY 1, 2, 3),
            enrolled AS (
              SELECT formation_id, CASE WHEN source LIKE '%page=presentation%' THEN 'landing' ELSE 'course' END AS page,
                     CASE WHEN language_preference = 'ar' THEN 'ar' ELSE 'fr' END AS language, count(*) AS n
                FROM enrollments
               WHERE formation_id IS NOT NULL AND (created_at AT TIME ZONE $2)::date > (NOW() AT TIME ZONE $2)::date - $1::int
               GROUP BY 1, 2, 3)
            SELECT f.id, COALESCE(NULLIF(f.title_fr, ''), NULLIF(f.title, ''), NULLIF(f.title_ar, ''), f.slug) AS title,
                   COALESCE(v.page, e.page) AS page, COALESCE(v.language, e.language) AS language,
                   COALESCE(v.views, 0) AS views, COALESCE(e.n, 0) AS enrollments
              FROM views v FULL JOIN enrolled e ON e.formation_id = v.formation_id AND e.page = v.page AND e.language = v.language
              JOIN formations f ON f.id = COALESCE(v.formation_id, e.formation_id)
             ORDER BY views DESC, enrollments DESC, title, page, language
            """, [days, SiteTime.zoneIdentifier]).rows.compactMap { row in
            guard let page = PageViewCounter.Page(rawValue: try row.decode("page")),
                  let language = Language(rawValue: try row.decode("language")) else { return nil }
            return ConversionRow(
                courseID: try row.decode("id"), title: try row.decode("title"), page: page, language: language,
                views: try row.decode("views"), enrollments: try row.decode("enrollments"))
        }
    }
}
