import Foundation
import Postgres

/// Catalog reads for visitors: only published, active courses.
struct CatalogRepository: Sendable {
    let pool: PostgresPool

    struct Page: Sendable {
        let formations: [(Course, Category?)]
        let total: Int
    }

    static let categoryColumns = """
        c.id AS c_id, c.slug AS c_slug, c.name AS c_name, c.name_fr AS c_name_fr, c.name_ar AS c_name_ar,
        c.description_fr AS c_description_fr, c.description_ar AS c_description_ar,
        c.icon AS c_icon, c.color AS c_color, c.display_order AS c_display_order
        """

    /// Categories in display order, with how many visible courses each has.
    func categories() async throws -> [(Category, Int)] {
        try await pool.withConnection { connection in
            try connection.query("""
                SELECT \(CatalogRepository.categoryColumns),
                       (SELECT count(*) FROM formations f WHERE f.category_id = c.id AND f.is_published AND f.is_active) AS course_count
                FROM categories c ORDER BY c.display_order NULLS LAST, c.name_fr
                """).rows.map { (try Category(row: $0, prefix: "c_"), try $0.decode("course_count", as: Int.self)) }
        }
    }

    func popular(limit: Int = 6) async throws -> [(Course, Category?)] {
        try await pool.withConnection { connection in
            try connection.query("""
                SELECT \(CourseRepository.courseColumns), \(CatalogRepository.categoryColumns)
                FROM formations f LEFT JOIN categories c ON c.id = f.category_id
                WHERE f.is_published AND f.is_active
                ORDER BY f.is_popular DESC, f.updated_at DESC LIMIT $1
                """, [limit]).rows.map(CatalogRepository.courseWithCategory)
        }
    }

    /// One page of the catalog. The text search looks at titles and descriptions in the page's
    /// language (and the legacy columns), case-insensitively.
    func search(_ query: CatalogQuery, language: Language) async throws -> Page {
        let title = language == .fr ? "f.title_fr" : "f.title_ar"
        let description = language == .fr ? "f.description_fr" : "f.description_ar"
        let filters = """
            f.is_published AND f.is_active
            AND ($1 = '' OR \(title) ILIKE $2 OR \(description) ILIKE $2 OR f.title ILIKE $2 OR f.reference ILIKE $2)
            AND ($3::text IS NULL OR c.slug = $3)
            AND ($4::text IS NULL OR f.level = $4)
            AND ($5::boolean IS NULL OR f.is_online = $5)
            """
        let parameters: [any PostgresEncodable] = [
            query.text, CatalogQuery.likePattern(query.text), query.categorySlug, query.level, query.online,
        ]
        return try await pool.withConnection { connection in
            let total: Int = try connection.query("""
                SELECT count(*) AS n FROM formations f LEFT JOIN categories c ON c.id = f.category_id WHERE \(filters)
                """, parameters).first?.decode("n") ?? 0
            let rows = try connection.query("""
                SELECT \(CourseRepository.courseColumns), \(CatalogRepository.categoryColumns)
                FROM formations f LEFT JOIN categories c ON c.id = f.category_id
                WHERE \(filters)
                ORDER BY f.is_popular DESC, COALESCE(\(title), f.title_fr, f.title) ASC
                LIMIT $6 OFFSET $7
                """, parameters + [CatalogQuery.pageSize, (query.page - 1) * CatalogQuery.pageSize]).rows
            return Page(formations: try rows.map(CatalogRepository.courseWithCategory), total: total)
        }
    }

    /// Every visible course's slug and last change, for the sitemap.
    func sitemapEntries() async throws -> [(slug: String, updatedAt: Date)] {
        try await pool.withConnection { connection in
            try connection.query("SELECT slug, updated_at FROM formations WHERE is_published AND is_active ORDER BY slug").rows.map {
                (try $0.decode("slug", as: String.self), try $0.decode("updated_at", as: Date.self))
            }
        }
    }

    /// The current slug of a course that used to be at `oldSlug`.
    func redirectedSlug(from oldSlug: String) async throws -> String? {
        try await pool.query("""
            SELECT f.slug FROM formation_slug_redirects r JOIN formations f ON f.id = r.formation_id
            WHERE r.old_slug = $1 AND f.is_published AND f.is_active
            """, [oldSlug]).first?.decode("slug")
    }

    static func courseWithCategory(_ row: Row) throws -> (Course, Category?) {
        let category = try row.decodeIfPresent("c_id", as: UUID.self) == nil ? nil : try Category(row: row, prefix: "c_")
        return (try Course(row: row), category)
    }
}
