import Foundation
import Postgres

/// Validated values for the `formations` columns the editor writes.
struct CourseValues: Sendable {
    var titleFr: String
    var titleAr: String
    var slug: String
    var categoryID: UUID?
    var reference: String?
    var tags: [String]
    var isPublished: Bool
    var isOnline: Bool
    var isPopular: Bool
    var isActive: Bool
    var descriptionFr: String?
    var descriptionAr: String?
    var contentFr: String?
    var contentAr: String?
    var programFr: String?
    var programAr: String?
    var prerequisitesFr: String?
    var prerequisitesAr: String?
    var targetAudienceFr: String?
    var targetAudienceAr: String?
    var objectivesFr: [String]
    var objectivesAr: [String]
    var priceHT: Decimal?
    var vatRate: Decimal
    var priceTTC: Decimal?
    var currency: String
    var duration: String?
    var level: String?
    var maxParticipants: Int?
    var coverImageURL: String?
    var formFields: [FormField]

    /// Parameters $1…$31 in the column order of `FormationStore.columns`.
    var parameters: [any PostgresEncodable] {
        [
            titleFr, titleAr, slug, categoryID, reference, tags, isPublished, isOnline, isPopular, isActive,
            descriptionFr, descriptionAr, contentFr, contentAr, programFr, programAr, prerequisitesFr, prerequisitesAr,
            targetAudienceFr, targetAudienceAr, objectivesFr, objectivesAr, priceHT, vatRate, priceTTC, currency,
            duration, level, maxParticipants, coverImageURL, JSONText.encode(formFields),
        ]
    }
}

/// SQL for the course editor. Keeps the legacy single-language columns (`title`, `description`,
/// `content`, `price`) in step with the French ones, as the seed's older pages still read them.
struct CourseEditorSQL: Sendable {
    let pool: PostgresPool

    static let columns = [
        "title_fr", "title_ar", "slug", "category_id", "reference", "tags", "is_published", "is_online", "is_popular",
        "is_active", "description_fr", "description_ar", "content_fr", "content_ar", "program_fr", "program_ar",
        "prerequisites_fr", "prerequisites_ar", "target_audience_fr", "target_audience_ar", "objectives_fr", "objectives_ar",
        "price_ht", "vat_rate", "price_ttc", "currency", "duration", "level", "max_participants", "cover_image_url",
        "inscription_form_fields",
    ]

    static func placeholder(_ column: String, _ index: Int) -> String {
        column == "inscription_form_fields" ? "$\(index)::jsonb" : "$\(index)"
    }

    func course(id: UUID) async throws -> Course? {
        try await pool.query("SELECT \(CourseRepository.courseColumns) FROM formations f WHERE f.id = $1", [id]).first.map(Course.init(row:))
    }

    func insert(_ values: CourseValues) async throws -> UUID {
        let columns = CourseEditorSQL.columns
        let placeholders = columns.enumerated().map { CourseEditorSQL.placeholder($1, $0 + 1) }.joined(separator: ", ")
        let row = try await pool.query("""
            INSERT INTO formations (\(columns.joined(separator: ", ")), title, description, content, price)
            VALUES (\(placeholders), $1, $11, $13, $25)
            RETURNING id
            """, values.parameters).first
        guard let id: UUID = try row?.decode("id") else { throw PostgresError.decoding(column: "id", reason: "no id returned") }
        return id
    }

    /// Updates a course; a changed slug leaves a redirect behind so old links keep working.
    func update(id: UUID, _ values: CourseValues) async throws {
        let assignments = CourseEditorSQL.columns.enumerated().map { "\($1) = \(CourseEditorSQL.placeholder($1, $0 + 1))" }.joined(separator: ", ")
        try await pool.withTransaction { connection in
            let old: String? = try connection.query("SELECT slug FROM formations WHERE id = $1 FOR UPDATE", [id]).first?.decode("slug")
            try connection.query("""
                UPDATE formations SET \(assignments), title = $1, description = $11, content = $13, price = $25 WHERE id = $32
                """, values.parameters + [id])
            if let old, old != values.slug {
                try connection.query("""
                    INSERT INTO formation_slug_redirects (old_slug, formation_id) VALUES ($1, $2)
                    ON CONFLICT (old_slug) DO UPDATE SET formation_id = EXCLUDED.formation_id, created_at = NOW()
                    """, [old, id])
            }
            // The new slug is live again: it must not redirect anywhere.
            try connection.query("DELETE FROM formation_slug_redirects WHERE old_slug = $1", [values.slug])
        }
    }

    /// Deletes the course, then its cover image unless another course (a duplicate) still uses it.
    func delete(id: UUID) async throws {
        let cover: String? = try await pool.query("DELETE FROM formations WHERE id = $1 RETURNING cover_image_url", [id])
            .first?.decodeIfPresent("cover_image_url")
        if let cover { try await MediaRepository(pool: pool).deleteIfUnused(path: cover) }
    }

    /// A draft copy with a free slug (`…-copie`, `…-copie-2`, …).
    func duplicate(id: UUID) async throws -> UUID {
        try await pool.withTransaction { connection in
            guard let slug: String = try connection.query("SELECT slug FROM formations WHERE id = $1", [id]).first?.decode("slug") else {
                throw PostgresError.decoding(column: "id", reason: "no such course")
            }
            var candidate = "\(slug)-copie"
            var n = 1
            while try connection.query("SELECT 1 FROM formations WHERE slug = $1 UNION ALL SELECT 1 FROM formation_slug_redirects WHERE old_slug = $1", [candidate]).first != nil {
                n += 1
                candidate = "\(slug)-copie-\(n)"
            }
            let copied = CourseEditorSQL.columns.filter { !["slug", "is_published", "title_fr"].contains($0) }
            let row = try connection.query("""
                INSERT INTO formations (slug, is_published, title_fr, title, description, content, price, \(copied.joined(separator: ", ")))
                SELECT $2, false, COALESCE(title_fr, title, '') || ' (copie)', COALESCE(title_fr, title, '') || ' (copie)', description, content, price,
                       \(copied.joined(separator: ", "))
                FROM formations WHERE id = $1
                RETURNING id
                """, [id, candidate]).first
            guard let newID: UUID = try row?.decode("id") else { throw PostgresError.decoding(column: "id", reason: "copy failed") }
            return newID
        }
    }

    struct SearchResult: Sendable {
        let rows: [CourseAdminRoutes.ListModel.Row]
        let total: Int
    }

    func search(text: String, category: UUID?, published: Bool?, page: Int, pageSize: Int) async throws -> SearchResult {
        let filters = """
            ($1 = '' OR f.title_fr ILIKE $2 OR f.title_ar ILIKE $2 OR f.reference ILIKE $2 OR f.slug ILIKE $2)
            AND ($3::uuid IS NULL OR f.category_id = $3) AND ($4::boolean IS NULL OR f.is_published = $4)
            """
        let parameters: [any PostgresEncodable] = [text, CatalogQuery.likePattern(text), category, published]
        return try await pool.withConnection { c in
            let total: Int = try c.query("SELECT count(*) AS n FROM formations f WHERE \(filters)", parameters).first?.decode("n") ?? 0
            let rows = try c.query("""
                SELECT f.id, COALESCE(f.title_fr, f.title, f.slug) AS title, COALESCE(f.title_ar, '') AS title_ar, f.slug,
                       COALESCE(c.name_fr, c.name, '—') AS category, COALESCE(f.reference, '') AS reference, f.is_published,
                       f.price_ttc, f.price_ht, f.currency, f.updated_at
                FROM formations f LEFT JOIN categories c ON c.id = f.category_id
                WHERE \(filters) ORDER BY f.updated_at DESC LIMIT $5 OFFSET $6
                """, parameters + [pageSize, (page - 1) * pageSize]).rows
            return SearchResult(rows: try rows.map { row in
                let price = try row.decodeIfPresent("price_ttc", as: Decimal.self) ?? row.decodeIfPresent("price_ht", as: Decimal.self)
                return CourseAdminRoutes.ListModel.Row(
                    id: try row.decode("id", as: UUID.self).uuidString.lowercased(), title: try row.decode("title"),
                    title_ar: try row.decode("title_ar"), slug: try row.decode("slug"), category: try row.decode("category"),
                    reference: try row.decode("reference"), published: try row.decode("is_published"),
                    price: price.map { PriceFormatter.format($0, currency: (try? row.decode("currency", as: String.self)) ?? "", in: .fr) } ?? "—",
                    updated: AdminLabels.dateTime(try row.decode("updated_at")))
            }, total: total)
        }
    }
}
