import Foundation

/// A course's landing page in one language (the seed's `landing_pages`): a focused page for
/// campaigns, at `/{lang}/formations/{slug}/presentation`, with the course's enrollment form.
struct LandingPage: Sendable, Equatable {
    struct Feature: Codable, Sendable, Equatable {
        var title: String
        var description: String
    }

    /// A participant's quote. Only `validated` ones reach visitors: Gemini writes plausible
    /// examples, and an example published as a real opinion misleads buyers, so an admin confirms
    /// each one. Rows stored before the flag existed (or hand-edited JSON without it) read as
    /// not validated, which hides them rather than vouching for them.
    struct Testimonial: Codable, Sendable, Equatable {
        var name: String
        var role: String
        var quote: String
        var validated: Bool = false

        init(name: String, role: String, quote: String, validated: Bool = false) {
            self.name = name
            self.role = role
            self.quote = quote
            self.validated = validated
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
            role = try container.decodeIfPresent(String.self, forKey: .role) ?? ""
            quote = try container.decodeIfPresent(String.self, forKey: .quote) ?? ""
            validated = (try? container.decodeIfPresent(Bool.self, forKey: .validated)) ?? false
        }
    }

    /// What the public page shows.
    var publishedTestimonials: [Testimonial] { testimonials.filter(\.validated) }

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
