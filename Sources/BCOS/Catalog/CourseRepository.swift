import Foundation
import Postgres

/// SQL for courses and categories. Parameterized queries only.
public struct CourseRepository: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    static let courseColumns = """
        f.id, f.slug, f.title, f.description, f.content, f.title_fr, f.title_ar, f.description_fr, f.description_ar,
        f.content_fr, f.content_ar, f.objectives_fr, f.objectives_ar, f.prerequisites_fr, f.prerequisites_ar,
        f.program_fr, f.program_ar, f.target_audience_fr, f.target_audience_ar, f.price, f.price_ht, f.price_ttc,
        f.vat_rate, f.currency, f.category_id, f.duration, f.level, f.max_participants, f.reference, f.tags,
        f.cover_image_url, f.is_published, f.is_online, f.is_popular, f.is_active, f.inscription_form_fields,
        f.created_at, f.updated_at
        """

    /// The course's version for `CourseCache`: its row's and its category's transaction ids.
    func version(slug: String) async throws -> String? {
        try await pool.query(prepared: """
            SELECT f.xmin::text || '/' || COALESCE(c.xmin::text, '-') || '/' || COALESCE(c.id::text, '-') AS v
            FROM formations f LEFT JOIN categories c ON c.id = f.category_id WHERE f.slug = $1
            """, [slug]).first?.decode("v")
    }

    /// A course by slug with its category, visible or not (the caller decides).
    public func course(slug: String) async throws -> (Course, Category?)? {
        try await pool.withConnection { connection in
            let result = try connection.query("""
                SELECT \(CourseRepository.courseColumns),
                       c.id AS c_id, c.slug AS c_slug, c.name AS c_name, c.name_fr AS c_name_fr, c.name_ar AS c_name_ar,
                       c.description_fr AS c_description_fr, c.description_ar AS c_description_ar,
                       c.icon AS c_icon, c.color AS c_color, c.display_order AS c_display_order
                FROM formations f LEFT JOIN categories c ON c.id = f.category_id
                WHERE f.slug = $1
                """, [slug])
            guard let row = result.first else { return nil }
            let category: Category? = try row.decodeIfPresent("c_id", as: UUID.self) == nil ? nil : try Category(row: row, prefix: "c_")
            return (try Course(row: row), category)
        }
    }
}

extension Course {
    init(row: Row) throws {
        id = try row.decode("id")
        slug = try row.decode("slug")
        title = try row.decodeIfPresent("title")
        description = try row.decodeIfPresent("description")
        content = try row.decodeIfPresent("content")
        titleFr = try row.decodeIfPresent("title_fr")
        titleAr = try row.decodeIfPresent("title_ar")
        descriptionFr = try row.decodeIfPresent("description_fr")
        descriptionAr = try row.decodeIfPresent("description_ar")
        contentFr = try row.decodeIfPresent("content_fr")
        contentAr = try row.decodeIfPresent("content_ar")
        objectivesFr = try row.decodeIfPresent("objectives_fr") ?? []
        objectivesAr = try row.decodeIfPresent("objectives_ar") ?? []
        prerequisitesFr = try row.decodeIfPresent("prerequisites_fr")
        prerequisitesAr = try row.decodeIfPresent("prerequisites_ar")
        programFr = try row.decodeIfPresent("program_fr")
        programAr = try row.decodeIfPresent("program_ar")
        targetAudienceFr = try row.decodeIfPresent("target_audience_fr")
        targetAudienceAr = try row.decodeIfPresent("target_audience_ar")
        price = try row.decodeIfPresent("price")
        priceHT = try row.decodeIfPresent("price_ht")
        priceTTC = try row.decodeIfPresent("price_ttc")
        vatRate = try row.decodeIfPresent("vat_rate") ?? 20
        currency = try row.decodeIfPresent("currency") ?? "EUR"
        categoryID = try row.decodeIfPresent("category_id")
        duration = try row.decodeIfPresent("duration")
        level = try row.decodeIfPresent("level")
        maxParticipants = try row.decodeIfPresent("max_participants")
        reference = try row.decodeIfPresent("reference")
        tags = try row.decodeIfPresent("tags") ?? []
        coverImageURL = try row.decodeIfPresent("cover_image_url")
        isPublished = try row.decodeIfPresent("is_published") ?? false
        isOnline = try row.decodeIfPresent("is_online") ?? false
        isPopular = try row.decodeIfPresent("is_popular") ?? false
        isActive = try row.decodeIfPresent("is_active") ?? false
        formFields = try row.decodeIfPresent("inscription_form_fields", as: PostgresJSON<[FormField]>.self)?.value ?? []
        createdAt = try row.decode("created_at")
        updatedAt = try row.decode("updated_at")
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
