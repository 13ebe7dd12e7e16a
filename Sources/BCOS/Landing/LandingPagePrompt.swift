import Foundation

/// The Gemini prompt for a landing page and the reading of its JSON answer. Testimonials written
/// by a model are invented: the editor says so, and the page stays inactive until an admin
/// activates it.
enum LandingPagePrompt {
    static func make(title: String, description: String, objectives: [String], language: Language) -> String {
        let target = language == .fr ? "en français" : "en arabe standard moderne (العربية الفصحى)"
        return """
            Tu es rédacteur marketing pour BCOS, un organisme de formation professionnelle au Maroc.
            Rédige \(target) une page d'atterrissage pour la formation « \(title) ».
            Présentation : \(description.isEmpty ? "(aucune)" : description)
            Objectifs : \(objectives.isEmpty ? "(non précisés)" : objectives.joined(separator: " ; "))

            Réponds uniquement avec un objet JSON, sans Markdown, de la forme :
            {"title": "titre accrocheur (70 caractères au plus)",
             "meta_description": "description pour les moteurs de recherche (155 caractères au plus)",
             "hero_content": "un ou deux paragraphes HTML <p> qui donnent envie de s'inscrire",
             "features": [{"title": "bénéfice court", "description": "une phrase"}],
             "testimonials": [{"name": "prénom et initiale", "role": "fonction", "quote": "deux phrases"}],
             "cta_text": "texte du bouton d'inscription (40 caractères au plus)",
             "seo_keywords": ["mot-clé", "…"]}
            Donne 4 à 6 features, 2 ou 3 testimonials, 5 à 8 seo_keywords.
            Le HTML de hero_content n'utilise que <p>, <strong>, <em> : ni script, ni style, ni image, ni lien.
            """
    }

    /// The answer, decoded. Fields the model left out stay empty; HTML is sanitized.
    static func read(_ text: String) -> LandingPage? {
        struct Answer: Decodable {
            var title: String?
            var meta_description: String?
            var hero_content: String?
            var features: [LandingPage.Feature]?
            var testimonials: [LandingPage.Testimonial]?
            var cta_text: String?
            var seo_keywords: [String]?
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(CourseContentPrompt.stripCodeFence(text).utf8)) else { return nil }
        return LandingPage(
            title: answer.title ?? "", metaDescription: answer.meta_description ?? "",
            heroContent: HTMLSanitizer.sanitize(answer.hero_content ?? ""),
            features: Array((answer.features ?? []).prefix(LandingPageInput.maxFeatures)),
            testimonials: Array((answer.testimonials ?? []).prefix(LandingPageInput.maxTestimonials)),
            ctaText: answer.cta_text ?? "", seoKeywords: Array((answer.seo_keywords ?? []).prefix(20)))
    }
}
