import Foundation
import Postgres

/// A course's landing page in one language (the seed's `landing_pages`): a focused page for
/// campaigns, at `/{lang}/formations/{slug}/presentation`, with the course's enrollment form.
struct LandingPage: Sendable, Equatable {
    struct Feature: Codable, Sendable, Equatable {
        var title: String
        var description: String
    }

    struct Testimonial: Codable, Sendable, Equatable {
        var name: String
        var role: String
        var quote: String
    }

    var title = ""
    var metaDescription = ""
    /// HTML that has passed `HTMLSanitizer`.
    var heroContent = ""
    var features: [Feature] = []
    var testimonials: [Testimonial] = []
    var ctaText = ""
    var seoKeywords: [String] = []
    var isActive = false
    var generatedAt: Date?
}

/// SQL for `landing_pages`. One row per course and language (unique index of 004).
struct LandingPageRepository: Sendable {
    let pool: PostgresPool

    func page(courseID: UUID, language: Language) async throws -> LandingPage? {
        guard let row = try await pool.query("""
            SELECT title, meta_description, hero_content, features, testimonials, cta_text, seo_keywords, is_active, generated_at
            FROM landing_pages WHERE formation_id = $1 AND language = $2
            """, [courseID, language.rawValue]).first else { return nil }
        return LandingPage(
            title: try row.decodeIfPresent("title") ?? "",
            metaDescription: try row.decodeIfPresent("meta_description") ?? "",
            heroContent: try row.decodeIfPresent("hero_content") ?? "",
            // A hand-edited row with another JSON shape shows as empty lists rather than failing the page.
            features: (try? row.decodeIfPresent("features", as: PostgresJSON<[LandingPage.Feature]>.self))??.value ?? [],
            testimonials: (try? row.decodeIfPresent("testimonials", as: PostgresJSON<[LandingPage.Testimonial]>.self))??.value ?? [],
            ctaText: try row.decodeIfPresent("cta_text") ?? "",
            seoKeywords: try row.decodeIfPresent("seo_keywords") ?? [],
            isActive: try row.decodeIfPresent("is_active") ?? false,
            generatedAt: try row.decodeIfPresent("generated_at"))
    }

    /// The languages in which the course has an active landing page.
    func activeLanguages(courseID: UUID) async throws -> Set<Language> {
        let rows = try await pool.query(
            "SELECT language FROM landing_pages WHERE formation_id = $1 AND is_active", [courseID]).rows
        return Set(try rows.compactMap { Language(rawValue: try $0.decode("language")) })
    }

    /// Creates or replaces the page. `generated` marks content that came from the AI (generated_at).
    func save(_ page: LandingPage, courseID: UUID, language: Language, generated: Bool) async throws {
        try await pool.query("""
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
    func activePaths() async throws -> [(language: Language, slug: String, updatedAt: Date?)] {
        try await pool.query("""
            SELECT l.language, f.slug, l.updated_at FROM landing_pages l JOIN formations f ON f.id = l.formation_id
            WHERE l.is_active AND f.is_published AND f.is_active ORDER BY f.slug, l.language
            """).rows.compactMap { row in
            guard let language = Language(rawValue: try row.decode("language")) else { return nil }
            return (language, try row.decode("slug"), try row.decodeIfPresent("updated_at"))
        }
    }
}
