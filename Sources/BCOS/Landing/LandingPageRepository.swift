import Foundation
import Postgres

/// SQL for `landing_pages`. One row per course and language (unique index of 004).
struct LandingPageRepository {
    let connection: PostgresConnection

    func page(courseID: UUID, language: Language) throws -> LandingPage? {
        guard let row = try connection.query("""
            SELECT title, meta_description, hero_content, features, testimonials, cta_text, seo_keywords, is_active, generated_at
            FROM landing_pages WHERE formation_id = $1 AND language = $2
            """, [courseID, language.rawValue]).first else { return nil }
        return LandingPage(
            title: try row.decodeIfPresent("title") ?? "",
            metaDescription: try row.decodeIfPresent("meta_description") ?? "",
            heroContent: try row.decodeIfPresent("hero_content") ?? "",
            // Stored JSON is outside input: a hand-edited list of another shape keeps what it can read.
            features: LandingPageRepository.list(try row.decodeIfPresent("features")),
            testimonials: LandingPageRepository.list(try row.decodeIfPresent("testimonials")),
            ctaText: try row.decodeIfPresent("cta_text") ?? "",
            seoKeywords: try row.decodeIfPresent("seo_keywords") ?? [],
            isActive: try row.decodeIfPresent("is_active") ?? false,
            generatedAt: try row.decodeIfPresent("generated_at"))
    }

    /// The languages in which the course has an active landing page.
    func activeLanguages(courseID: UUID) throws -> Set<Language> {
        let rows = try connection.query(
            "SELECT language FROM landing_pages WHERE formation_id = $1 AND is_active", [courseID]).rows
        return Set(try rows.compactMap { Language(rawValue: try $0.decode("language")) })
    }

    /// Creates or replaces the page. `generated` marks content that came from the AI (generated_at).
    func save(_ page: LandingPage, courseID: UUID, language: Language, generated: Bool) throws {
        try connection.query("""
            INSERT INTO landing_pages (formation_id, language, title, meta_description, hero_content, features, testimonials,
                                       cta_text, seo_keywords, is_active, generated_at)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::text[], $10, CASE WHEN $11 THEN NOW() END)
            ON CONFLICT (formation_id, language) DO UPDATE SET
              title = EXCLUDED.title, meta_description = EXCLUDED.meta_description, hero_content = EXCLUDED.hero_content,
              features = EXCLUDED.features, testimonials = EXCLUDED.testimonials, cta_text = EXCLUDED.cta_text,
              seo_keywords = EXCLUDED.seo_keywords, is_active = EXCLUDED.is_active,
              generated_at = CASE WHEN $11 THEN NOW() ELSE landing_pages.generated_at END
            """, [
                courseID, language.rawValue, page.title, page.metaDescription.nilIfEmpty, page.heroContent.nilIfEmpty,
                PostgresJSON(page.features), PostgresJSON(page.testimonials), page.ctaText.nilIfEmpty, page.seoKeywords,
                page.isActive, generated,
            ])
    }

    /// Active landing pages of visible courses, for the sitemap.
    func activePaths() throws -> [(language: Language, slug: String, updatedAt: Date?)] {
        try connection.query("""
            SELECT l.language, f.slug, l.updated_at FROM landing_pages l JOIN formations f ON f.id = l.formation_id
            WHERE l.is_active AND f.is_published AND f.is_active ORDER BY f.slug, l.language
            """).rows.compactMap { row in
            guard let language = Language(rawValue: try row.decode("language")) else { return nil }
            return (language, try row.decode("slug"), try row.decodeIfPresent("updated_at"))
        }
    }

    /// The elements of a stored JSON list that decode as `Element`; the others are left out.
    static func list<Element: Decodable>(_ json: String?) -> [Element] {
        guard let json, case .array(let items)? = JSONValue.parse(Array(json.utf8)) else { return [] }
        return items.compactMap { item in try? JSONDecoder().decode(Element.self, from: Data(item.encoded())) }
    }
}
