import Foundation

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
