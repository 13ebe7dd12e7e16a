import Foundation
import Postgres

/// SQL for `formations` (courses) and their old slugs (`formation_slug_redirects`): the public
/// reads here, the editor's writes in `CourseRepository+Editor.swift`.
struct CourseRepository {
    let connection: PostgresConnection

    static let columns = """
        f.id, f.slug, f.title, f.description, f.content, f.title_fr, f.title_ar, f.description_fr, f.description_ar,
        f.content_fr, f.content_ar, f.objectives_fr, f.objectives_ar, f.prerequisites_fr, f.prerequisites_ar,
        f.program_fr, f.program_ar, f.target_audience_fr, f.target_audience_ar, f.price, f.price_ht, f.price_ttc,
        f.vat_rate, f.currency, f.category_id, f.duration, f.level, f.max_participants, f.reference, f.tags,
        f.cover_image_url, f.is_published, f.is_online, f.is_popular, f.is_active, f.inscription_form_fields,
        f.created_at, f.updated_at
        """

    /// The course's version for `CourseCache` — its row's and its category's transaction ids —
    /// and its offered sessions with their seats counted, in one round trip: every course page
    /// needs both, and the sessions change with every enrollment.
    func versionAndOfferedSessions(slug: String) throws -> (version: String, sessions: [CourseSession])? {
        let rows = try connection.query(prepared: """
            SELECT f.xmin::text || '/' || COALESCE(c.xmin::text, '-') || '/' || COALESCE(c.id::text, '-') AS v, \(SessionRepository.columns)
            FROM formations f LEFT JOIN categories c ON c.id = f.category_id
            LEFT JOIN formation_sessions s ON s.formation_id = f.id AND \(SessionRepository.offeredCondition)
            WHERE f.slug = $1 ORDER BY s.starts_at
            """, [slug]).rows
        guard let first = rows.first else { return nil }
        // Without sessions the join gives one row whose session columns are NULL.
        let sessions = try rows.filter { try $0.decodeIfPresent("s_id", as: UUID.self) != nil }.map(CourseSession.init(row:))
        return (try first.decode("v"), sessions)
    }

    /// A course by slug with its category, visible or not (the caller decides).
    func course(slug: String) throws -> (Course, Category?)? {
        try connection.query("""
            SELECT \(CourseRepository.columns), \(CategoryRepository.prefixedColumns)
            FROM formations f LEFT JOIN categories c ON c.id = f.category_id
            WHERE f.slug = $1
            """, [slug]).first.map(CourseRepository.courseWithCategory)
    }

    func course(id: UUID) throws -> Course? {
        try connection.query("SELECT \(CourseRepository.columns) FROM formations f WHERE f.id = $1", [id]).first.map(Course.init(row:))
    }

    /// Published, active courses for the home page, popular ones first.
    func popular(limit: Int = 6) throws -> [(Course, Category?)] {
        try connection.query("""
            SELECT \(CourseRepository.columns), \(CategoryRepository.prefixedColumns)
            FROM formations f LEFT JOIN categories c ON c.id = f.category_id
            WHERE f.is_published AND f.is_active
            ORDER BY f.is_popular DESC, f.updated_at DESC LIMIT $1
            """, [limit]).rows.map(CourseRepository.courseWithCategory)
    }

    struct CatalogPage: Sendable {
        let courses: [(Course, Category?)]
        let total: Int
    }

    /// One page of the catalog. The text search looks at titles and descriptions in the page's
    /// language (and the legacy title, and the reference) through `bcos_search_text` (migration
    /// 009), which ignores case, French accents and Arabic letter forms on both sides; title
    /// matches come first.
    func search(_ query: CatalogQuery, language: Language) throws -> CatalogPage {
        let title = language == .fr ? "f.title_fr" : "f.title_ar"
        let description = language == .fr ? "f.description_fr" : "f.description_ar"
        let matchesTitle = "(bcos_search_text(\(title)) LIKE bcos_search_text($2) OR bcos_search_text(f.title) LIKE bcos_search_text($2))"
        let filters = """
            f.is_published AND f.is_active
            AND ($1 = '' OR \(matchesTitle) OR bcos_search_text(\(description)) LIKE bcos_search_text($2) OR f.reference ILIKE $2)
            AND ($3::text IS NULL OR c.slug = $3)
            AND ($4::text IS NULL OR f.level = $4)
            AND ($5::boolean IS NULL OR f.is_online = $5)
            AND ($6::text IS NULL OR EXISTS (
              SELECT 1 FROM formation_sessions s WHERE s.formation_id = f.id AND s.status = 'open' AND s.starts_at > NOW()
                AND to_char(s.starts_at AT TIME ZONE $7::text, 'YYYY-MM') = $6))
            """
        let parameters: [any PostgresEncodable] = [
            query.text, SQLPattern.contains(query.text), query.categorySlug, query.level?.rawValue, query.online,
            query.month, SiteTime.zoneIdentifier,
        ]
        let total: Int = try connection.query("""
            SELECT count(*) AS n FROM formations f LEFT JOIN categories c ON c.id = f.category_id WHERE \(filters)
            """, parameters).first?.decode("n") ?? 0
        let page = Pagination(page: query.page, pageSize: CatalogQuery.pageSize, total: total)
        let rows = try connection.query("""
            SELECT \(CourseRepository.columns), \(CategoryRepository.prefixedColumns)
            FROM formations f LEFT JOIN categories c ON c.id = f.category_id
            WHERE \(filters)
            ORDER BY CASE WHEN $1 <> '' AND \(matchesTitle) THEN 0 ELSE 1 END, f.is_popular DESC, COALESCE(\(title), f.title_fr, f.title) ASC
            LIMIT $8 OFFSET $9
            """, parameters + [page.pageSize, page.offset]).rows
        return CatalogPage(courses: try rows.map(CourseRepository.courseWithCategory), total: total)
    }

    /// Every visible course's slug and last change, for the sitemap.
    func sitemapEntries() throws -> [(slug: String, updatedAt: Date)] {
        try connection.query("SELECT slug, updated_at FROM formations WHERE is_published AND is_active ORDER BY slug").rows.map {
            (try $0.decode("slug", as: String.self), try $0.decode("updated_at", as: Date.self))
        }
    }

    /// The current slug of a visible course that used to be at `oldSlug`.
    func redirectedSlug(from oldSlug: String) throws -> String? {
        try connection.query("""
            SELECT f.slug FROM formation_slug_redirects r JOIN formations f ON f.id = r.formation_id
            WHERE r.old_slug = $1 AND f.is_published AND f.is_active
            """, [oldSlug]).first?.decode("slug")
    }

    /// Every course's id and French title, for the admin's filter menus.
    func titles() throws -> [(id: UUID, title: String)] {
        try connection.query("SELECT id, COALESCE(title_fr, title, slug) AS title FROM formations ORDER BY 2").rows.map {
            (try $0.decode("id", as: UUID.self), try $0.decode("title", as: String.self))
        }
    }

    /// Published and draft counts, for the dashboard.
    func publicationCounts() throws -> (published: Int, drafts: Int) {
        let row = try connection.query("""
            SELECT count(*) FILTER (WHERE is_published) AS published, count(*) FILTER (WHERE NOT is_published) AS drafts FROM formations
            """).first
        return (try row?.decode("published") ?? 0, try row?.decode("drafts") ?? 0)
    }

    static func courseWithCategory(_ row: Row) throws -> (Course, Category?) {
        let category = try row.decodeIfPresent("c_id", as: UUID.self) == nil ? nil : try Category(row: row, prefix: "c_")
        return (try Course(row: row), category)
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
        level = try row.decodeIfPresent("level", as: String.self).flatMap(CourseLevel.init(rawValue:))
        maxParticipants = try row.decodeIfPresent("max_participants")
        reference = try row.decodeIfPresent("reference")
        tags = try row.decodeIfPresent("tags") ?? []
        coverImageURL = try row.decodeIfPresent("cover_image_url")
        isPublished = try row.decodeIfPresent("is_published") ?? false
        isOnline = try row.decodeIfPresent("is_online") ?? false
        isPopular = try row.decodeIfPresent("is_popular") ?? false
        isActive = try row.decodeIfPresent("is_active") ?? false
        let stored = StoredFormFields.read(try row.decodeIfPresent("inscription_form_fields", as: String.self))
        formFields = stored.fields
        formFieldWarnings = stored.warnings
        createdAt = try row.decode("created_at")
        updatedAt = try row.decode("updated_at")
    }
}
