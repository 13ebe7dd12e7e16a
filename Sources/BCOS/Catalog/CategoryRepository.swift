import Foundation
import Postgres

/// SQL for `categories`.
struct CategoryRepository {
    let connection: PostgresConnection

    /// The category columns under a `c_` prefix, for joins with `formations f`.
    static let prefixedColumns = """
        c.id AS c_id, c.slug AS c_slug, c.name AS c_name, c.name_fr AS c_name_fr, c.name_ar AS c_name_ar,
        c.description_fr AS c_description_fr, c.description_ar AS c_description_ar,
        c.icon AS c_icon, c.color AS c_color, c.display_order AS c_display_order
        """

    /// Categories in display order, each with how many courses use it (visible ones only, or all).
    func allWithCourseCounts(visibleOnly: Bool) throws -> [(category: Category, courseCount: Int)] {
        try connection.query("""
            SELECT \(CategoryRepository.prefixedColumns),
                   (SELECT count(*) FROM formations f WHERE f.category_id = c.id AND (NOT $1 OR (f.is_published AND f.is_active))) AS course_count
            FROM categories c ORDER BY c.display_order NULLS LAST, c.name_fr
            """, [visibleOnly]).rows.map { (try Category(row: $0, prefix: "c_"), try $0.decode("course_count", as: Int.self)) }
    }

    func find(id: UUID) throws -> Category? {
        try connection.query("SELECT \(CategoryRepository.prefixedColumns) FROM categories c WHERE c.id = $1", [id]).first
            .map { try Category(row: $0, prefix: "c_") }
    }

    func isSlugTaken(_ slug: String, except id: UUID?) throws -> Bool {
        try connection.query("SELECT 1 FROM categories WHERE slug = $1 AND id IS DISTINCT FROM $2", [slug, id]).first != nil
    }

    /// Creates the category (id nil) or updates it. The legacy `name`/`description` columns follow the French ones.
    func save(_ category: Category, id: UUID?) throws {
        let values: [any PostgresEncodable] = [
            category.nameFr ?? "", category.nameAr ?? "", category.descriptionFr, category.descriptionAr, category.slug,
            category.icon, category.color, category.displayOrder,
        ]
        if let id {
            try connection.query("""
                UPDATE categories SET name = $1, name_fr = $1, name_ar = $2, description = $3, description_fr = $3, description_ar = $4,
                       slug = $5, icon = $6, color = $7, display_order = $8 WHERE id = $9
                """, values + [id])
        } else {
            try connection.query("""
                INSERT INTO categories (name, name_fr, name_ar, description, description_fr, description_ar, slug, icon, color, display_order)
                VALUES ($1, $1, $2, $3, $3, $4, $5, $6, $7, $8)
                """, values)
        }
    }

    func delete(id: UUID) throws {
        try connection.query("DELETE FROM categories WHERE id = $1", [id])
    }

    /// Titles of the courses filed under the category (a category in use cannot be deleted).
    func courseTitles(inCategory id: UUID) throws -> [String] {
        try connection.query("SELECT COALESCE(title_fr, title, slug) AS title FROM formations WHERE category_id = $1 ORDER BY 1", [id]).rows
            .map { try $0.decode("title", as: String.self) }
    }
}

extension Category {
    init(row: Row, prefix: String = "") throws {
        id = try row.decode(prefix + "id")
        slug = try row.decode(prefix + "slug")
        name = try row.decodeIfPresent(prefix + "name")
        nameFr = try row.decodeIfPresent(prefix + "name_fr")
        nameAr = try row.decodeIfPresent(prefix + "name_ar")
        descriptionFr = try row.decodeIfPresent(prefix + "description_fr")
        descriptionAr = try row.decodeIfPresent(prefix + "description_ar")
        icon = try row.decodeIfPresent(prefix + "icon")
        color = try row.decodeIfPresent(prefix + "color")
        displayOrder = try row.decodeIfPresent(prefix + "display_order") ?? 0
    }
}
