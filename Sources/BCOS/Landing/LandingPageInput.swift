import Foundation
import HTTPServer

/// The landing-page editor's form: the `landing_pages` column names, features and testimonials as
/// numbered rows (`feature_title_0`, `testimonial_quote_1`, …) so the editor works without script.
/// Empty rows are dropped.
struct LandingPageInput: Sendable {
    static let maxFeatures = 8
    static let maxTestimonials = 6

    var page = LandingPage()
    /// The content came from the AI and has not been saved yet (sets `generated_at` on save).
    var generated = false

    init(_ page: LandingPage = LandingPage(), generated: Bool = false) {
        self.page = page
        self.generated = generated
    }

    init(form: FormData) {
        func text(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        page.title = text("title")
        page.metaDescription = text("meta_description")
        page.heroContent = text("hero_content")
        page.ctaText = text("cta_text")
        page.seoKeywords = text("seo_keywords").split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        page.isActive = form["is_active"] == "on" || form["is_active"] == "true"
        page.features = (0..<LandingPageInput.maxFeatures).compactMap { i in
            let feature = LandingPage.Feature(title: text("feature_title_\(i)"), description: text("feature_description_\(i)"))
            return feature.title.isEmpty && feature.description.isEmpty ? nil : feature
        }
        page.testimonials = (0..<LandingPageInput.maxTestimonials).compactMap { i in
            let item = LandingPage.Testimonial(name: text("testimonial_name_\(i)"), role: text("testimonial_role_\(i)"), quote: text("testimonial_quote_\(i)"),
                                                 validated: form["testimonial_validated_\(i)"] == "on")
            return item.name.isEmpty && item.role.isEmpty && item.quote.isEmpty ? nil : item
        }
        generated = form["generated"] == "1"
    }

    /// Field errors in French (the back office's language), keyed by input name. The hero HTML is
    /// sanitized here, so what is stored is what visitors may see.
    mutating func validate() -> [String: String] {
        var errors: [String: String] = [:]
        if page.title.isEmpty { errors["title"] = "Le titre est obligatoire." }
        if page.title.count > 120 { errors["title"] = "Le titre est trop long (120 caractères au plus)." }
        if page.metaDescription.count > 320 { errors["meta_description"] = "La description est trop longue (320 caractères au plus ; 155 conseillés)." }
        if page.ctaText.count > 80 { errors["cta_text"] = "Le texte du bouton est trop long (80 caractères au plus)." }
        if page.heroContent.count > 20_000 { errors["hero_content"] = "Le texte d’accroche est trop long (20 000 caractères au plus)." }
        if page.seoKeywords.count > 20 || page.seoKeywords.contains(where: { $0.count > 60 }) {
            errors["seo_keywords"] = "20 mots-clés au plus, de 60 caractères chacun au plus."
        }
        for (index, feature) in page.features.enumerated() where feature.title.isEmpty || feature.title.count > 120 || feature.description.count > 600 {
            errors["feature_\(index)"] = "Chaque point fort a un titre (120 caractères au plus) et une description de 600 caractères au plus."
        }
        for (index, item) in page.testimonials.enumerated() where item.name.isEmpty || item.quote.isEmpty || item.quote.count > 1_000 || item.name.count > 120 || item.role.count > 120 {
            errors["testimonial_\(index)"] = "Chaque témoignage a un nom et une citation (1 000 caractères au plus)."
        }
        let singleLine = [("title", page.title), ("meta_description", page.metaDescription), ("cta_text", page.ctaText)]
            + page.seoKeywords.map { ("seo_keywords", $0) }
        for (key, value) in singleLine where FormValidator.hasForbiddenCharacters(value, multiline: false) {
            errors[key] = "Ce champ contient des caractères non autorisés."
        }
        let multiline = [("hero_content", page.heroContent)]
            + page.features.enumerated().flatMap { [("feature_\($0.offset)", $0.element.title), ("feature_\($0.offset)", $0.element.description)] }
            + page.testimonials.enumerated().flatMap { [("testimonial_\($0.offset)", $0.element.name + $0.element.role + $0.element.quote)] }
        for (key, value) in multiline where FormValidator.hasForbiddenCharacters(value, multiline: true) {
            errors[key] = "Ce champ contient des caractères non autorisés."
        }
        page.heroContent = HTMLSanitizer.sanitize(page.heroContent)
        return errors
    }
}
