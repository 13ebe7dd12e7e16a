import Foundation
import Postgres

/// The course editor's SQL. Keeps the legacy single-language columns (`title`, `description`,
/// `content`, `price`) in step with the French ones, as the seed's older pages still read them.
extension CourseRepository {
    /// The columns the editor writes, in the order of `CourseValues.parameters`.
    static let editorColumns = [
        "title_fr", "title_ar", "slug", "category_id", "reference", "tags", "is_published", "is_online", "is_popular",
        "is_active", "description_fr", "description_ar", "content_fr", "content_ar", "program_fr", "program_ar",
        "prerequisites_fr", "prerequisites_ar", "target_audience_fr", "target_audience_ar", "objectives_fr", "objectives_ar",
        "price_ht", "vat_rate", "price_ttc", "currency", "duration", "level", "max_participants", "cover_image_url",
        "inscription_form_fields",
    ]

    /// `$n` for each editor column (JSONB cast where needed), numbered from 1, plus the legacy
    /// columns as copies of their French twins, found by name rather than by position.
    private static func assignments() -> (columns: [String], placeholders: [String]) {
        var columns = editorColumns
        var placeholders = editorColumns.enumerated().map { index, column in
            column == "inscription_form_fields" ? "$\(index + 1)::jsonb" : "$\(index + 1)"
        }
        for (legacy, twin) in [("title", "title_fr"), ("description", "description_fr"), ("content", "content_fr"), ("price", "price_ht")] {
            guard let index = editorColumns.firstIndex(of: twin) else { continue }
            columns.append(legacy)
            placeholders.append("$\(index + 1)")
        }
        return (columns, placeholders)
    }

    func isSlugTaken(_ slug: String, except id: UUID?) throws -> Bool {
        try connection.query("SELECT 1 FROM formations WHERE slug = $1 AND id IS DISTINCT FROM $2", [slug, id]).first != nil
    }

    func insert(_ values: CourseValues) throws -> UUID {
        let (columns, placeholders) = CourseRepository.assignments()
        let row = try connection.query("""
            INSERT INTO formations (\(columns.joined(separator: ", "))) VALUES (\(placeholders.joined(separator: ", "))) RETURNING id
            """, values.parameters).first
        guard let id: UUID = try row?.decode("id") else { throw PostgresError.decoding(column: "id", reason: "no id returned") }
        return id
    }

    /// Updates a course; a changed slug leaves a redirect behind so old links keep working. Run it
    /// in a transaction (`AppDatabase.transaction`): the row is locked while the redirect is written.
    func update(id: UUID, _ values: CourseValues) throws {
        let (columns, placeholders) = CourseRepository.assignments()
        let assignments = zip(columns, placeholders).map { "\($0) = \($1)" }.joined(separator: ", ")
        let idPlaceholder = "$\(values.parameters.count + 1)"
        let old: String? = try connection.query("SELECT slug FROM formations WHERE id = $1 FOR UPDATE", [id]).first?.decode("slug")
        try connection.query("UPDATE formations SET \(assignments) WHERE id = \(idPlaceholder)", values.parameters + [id])
        if let old, old != values.slug {
            try connection.query("""
                INSERT INTO formation_slug_redirects (old_slug, formation_id) VALUES ($1, $2)
                ON CONFLICT (old_slug) DO UPDATE SET formation_id = EXCLUDED.formation_id, created_at = NOW()
                """, [old, id])
        }
        // The new slug is live again: it must not redirect anywhere.
        try connection.query("DELETE FROM formation_slug_redirects WHERE old_slug = $1", [values.slug])
    }

    /// Deletes the course; returns its cover image path, for `MediaRepository.deleteIfUnused`.
    func delete(id: UUID) throws -> String? {
        try connection.query("DELETE FROM formations WHERE id = $1 RETURNING cover_image_url", [id]).first?.decodeIfPresent("cover_image_url")
    }

    /// A draft copy with a free slug (`…-copie`, `…-copie-2`, …); nil when there is no such course.
    /// Run it in a transaction.
    func duplicate(id: UUID) throws -> UUID? {
        guard let slug: String = try connection.query("SELECT slug FROM formations WHERE id = $1", [id]).first?.decode("slug") else { return nil }
        var candidate = "\(slug)-copie"
        var n = 1
        while try connection.query(
            "SELECT 1 FROM formations WHERE slug = $1 UNION ALL SELECT 1 FROM formation_slug_redirects WHERE old_slug = $1", [candidate]
        ).first != nil {
            n += 1
            candidate = "\(slug)-copie-\(n)"
        }
        let copied = CourseRepository.editorColumns.filter { !["slug", "is_published", "title_fr"].contains($0) }
        let row = try connection.query("""
            INSERT INTO formations (slug, is_published, title_fr, title, description, content, price, \(copied.joined(separator: ", ")))
            SELECT $2, false, COALESCE(title_fr, title, '') || ' (copie)', COALESCE(title_fr, title, '') || ' (copie)', description, content, price,
                   \(copied.joined(separator: ", "))
            FROM formations WHERE id = $1
            RETURNING id
            """, [id, candidate]).first
        return try row?.decode("id", as: UUID.self)
    }

    /// Sets (or clears) the cover image; returns the previous one.
    func setCoverImage(id: UUID, path: String?) throws -> String? {
        let old: String? = try connection.query("SELECT cover_image_url FROM formations WHERE id = $1", [id]).first?.decodeIfPresent("cover_image_url")
        try connection.query("UPDATE formations SET cover_image_url = $1 WHERE id = $2", [path, id])
        return old
    }

    /// A course in the admin's list.
    struct Listing: Sendable {
        var id: UUID
        var title: String
        var titleAr: String
        var slug: String
        var categoryName: String?
        var reference: String?
        var isPublished: Bool
        var price: Decimal?
        var currency: String
        var updatedAt: Date
    }

    /// The admin's course list: text in titles, reference or slug; category; published or not.
    func adminSearch(text: String, category: UUID?, published: Bool?, page: Int, pageSize: Int) throws -> (listings: [Listing], total: Int) {
        let filters = """
            ($1 = '' OR f.title_fr ILIKE $2 OR f.title_ar ILIKE $2 OR f.reference ILIKE $2 OR f.slug ILIKE $2)
            AND ($3::uuid IS NULL OR f.category_id = $3) AND ($4::boolean IS NULL OR f.is_published = $4)
            """
        let parameters: [any PostgresEncodable] = [text, SQLPattern.contains(text), category, published]
        let total: Int = try connection.query("SELECT count(*) AS n FROM formations f WHERE \(filters)", parameters).first?.decode("n") ?? 0
        let pagination = Pagination(page: page, pageSize: pageSize, total: total)
        let rows = try connection.query("""
            SELECT f.id, COALESCE(f.title_fr, f.title, f.slug) AS title, COALESCE(f.title_ar, '') AS title_ar, f.slug,
                   COALESCE(c.name_fr, c.name) AS category, f.reference, f.is_published,
                   COALESCE(f.price_ttc, f.price_ht) AS price, f.currency, f.updated_at
            FROM formations f LEFT JOIN categories c ON c.id = f.category_id
            WHERE \(filters) ORDER BY f.updated_at DESC LIMIT $5 OFFSET $6
            """, parameters + [pagination.pageSize, pagination.offset]).rows
        let listings = try rows.map { row in
            Listing(
                id: try row.decode("id"), title: try row.decode("title"), titleAr: try row.decode("title_ar"), slug: try row.decode("slug"),
                categoryName: try row.decodeIfPresent("category"), reference: try row.decodeIfPresent("reference"),
                isPublished: try row.decode("is_published"), price: try row.decodeIfPresent("price"),
                currency: try row.decodeIfPresent("currency") ?? "", updatedAt: try row.decode("updated_at"))
        }
        return (listings, total)
    }
}
