import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/formations/{id}/presentation/{lang}`: write or generate (Gemini) a course's landing
/// page in one language, then activate it. Generation fills the editor only; nothing is stored
/// until the admin saves.
struct LandingPageAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    let gemini: GeminiClient?

    func register(_ router: inout AdminRoutes) {
        router.get("/admin/formations/{id}/presentation/{lang}", .editors) { request in
            let (course, language) = try await target(request)
            let page = try await database.run { try $0.landingPages.page(courseID: course.id, language: language) }
            return try editor(request, course, language, input: LandingPageInput(page ?? LandingPage()), exists: page != nil, errors: [:])
        }
        router.post("/admin/formations/{id}/presentation/{lang}", .editors) { request in
            let (course, language) = try await target(request)
            let form = try request.formData()
            var input = LandingPageInput(form: form)
            let exists = try await database.run { try $0.landingPages.page(courseID: course.id, language: language) } != nil
            if form["action"] == "generate" { return try await generate(request, course, language, input: input, exists: exists) }
            let errors = input.validate()
            guard errors.isEmpty else {
                return try editor(request, course, language, input: input, exists: exists, errors: errors, status: .unprocessableEntity)
            }
            let (page, generated) = (input.page, input.generated)
            let actor = request.admin
            try await database.transaction { db in
                try db.landingPages.save(page, courseID: course.id, language: language, generated: generated)
                try db.audit.record(AuditEvent(.landingPage, "updated", record: course.id,
                                               "Page de présentation (\(AdminFormat.language(language.rawValue))) enregistrée."), by: actor)
            }
            return .redirect(to: "/admin/formations/\(course.id.lowercasedString)/presentation/\(language.rawValue)?ok=saved", status: .seeOther)
        }
    }

    private func target(_ request: Request) async throws -> (Course, Language) {
        let id = try request.uuidParameter()
        let language = try request.languageParameter()
        guard let course = try await database.run({ try $0.courses.course(id: id) }) else { throw HTTPError(.notFound) }
        return (course, language)
    }

    struct EditorModel: Encodable {
        struct FeatureRow: Encodable {
            let index: Int
            let number: Int
            let title: String
            let description: String
            let error: String?
        }

        struct TestimonialRow: Encodable {
            let index: Int
            let number: Int
            let name: String
            let role: String
            let quote: String
            let validated: Bool
            let error: String?
        }

        let heading: String
        let course_title: String
        let lang: String
        let dir: String
        let language_name: String
        let action: String
        let edit_href: String
        let other_href: String
        let other_name: String
        let public_href: String?
        let title: String
        let meta_description: String
        let hero_content: String
        let cta_text: String
        let seo_keywords: String
        let is_active: Bool
        let generated: Bool
        let features: [FeatureRow]
        let testimonials: [TestimonialRow]
        let fields: AdminFields
        let errors: [String: String]
        let has_errors: Bool
        let ai_enabled: Bool
        let ai_error: String?
    }

    func editor(
        _ request: Request, _ course: Course, _ language: Language, input: LandingPageInput, exists: Bool,
        errors: [String: String], status: HTTPResponseStatus = .ok, flash: String? = nil, aiError: String? = nil
    ) throws -> Response {
        let id = course.id.lowercasedString
        let page = input.page
        let featureRows = min(LandingPageInput.maxFeatures, max(page.features.count + 2, 4))
        let testimonialRows = min(LandingPageInput.maxTestimonials, max(page.testimonials.count + 1, 3))
        let name = language == .fr ? "français" : "arabe"
        let model = EditorModel(
            heading: "Page de présentation (\(name))", course_title: course.titleFr ?? course.title ?? course.slug,
            lang: language.rawValue, dir: language.direction, language_name: name,
            action: "/admin/formations/\(id)/presentation/\(language.rawValue)", edit_href: "/admin/formations/\(id)/edit",
            other_href: "/admin/formations/\(id)/presentation/\(language.other.rawValue)", other_name: language == .fr ? "arabe" : "français",
            public_href: exists && page.isActive && course.isVisible ? "/\(language.rawValue)/formations/\(course.slug)/presentation" : nil,
            title: page.title, meta_description: page.metaDescription, hero_content: page.heroContent, cta_text: page.ctaText,
            seo_keywords: page.seoKeywords.joined(separator: ", "), is_active: page.isActive, generated: input.generated,
            features: (0..<featureRows).map { i in
                let feature = i < page.features.count ? page.features[i] : LandingPage.Feature(title: "", description: "")
                return .init(index: i, number: i + 1, title: feature.title, description: feature.description, error: errors["feature_\(i)"])
            },
            testimonials: (0..<testimonialRows).map { i in
                let item = i < page.testimonials.count ? page.testimonials[i] : LandingPage.Testimonial(name: "", role: "", quote: "")
                return .init(index: i, number: i + 1, name: item.name, role: item.role, quote: item.quote, validated: item.validated, error: errors["testimonial_\(i)"])
            },
            fields: LandingPageAdminRoutes.fields(page, language: language, errors: errors),
            errors: errors, has_errors: !errors.isEmpty, ai_enabled: gemini != nil, ai_error: aiError)
        return try admin.page("admin/landing-form", model, title: model.heading, request: request, status: status, flash: flash)
    }

    /// Asks Gemini for the whole page (JSON), fills the editor with it, saves nothing.
    func generate(_ request: Request, _ course: Course, _ language: Language, input: LandingPageInput, exists: Bool) async throws -> Response {
        guard let gemini else {
            return try editor(request, course, language, input: input, exists: exists, errors: [:],
                              aiError: "La rédaction par IA n’est pas activée sur ce site (réglage serveur GEMINI_API_KEY).")
        }
        let title = LocalizedText.pick(fr: course.titleFr, ar: course.titleAr, legacy: course.title, in: language)?.text ?? course.slug
        let description = LocalizedText.pick(fr: course.descriptionFr, ar: course.descriptionAr, legacy: course.description, in: language)?.text ?? ""
        let objectives = LocalizedList.pick(fr: course.objectivesFr, ar: course.objectivesAr, in: language)?.items ?? []
        do {
            let text = try await gemini.generate(
                LandingPagePrompt.make(title: title, description: description, objectives: objectives, language: language), json: true)
            guard var page = LandingPagePrompt.read(text) else {
                return try editor(request, course, language, input: input, exists: exists, errors: [:], status: .badGateway,
                                  aiError: "La réponse de Gemini n’est pas au format attendu. Réessayez.")
            }
            page.isActive = input.page.isActive
            return try editor(request, course, language, input: LandingPageInput(page, generated: true), exists: exists, errors: [:],
                              flash: "Page générée par l’IA : relisez-la et remplacez les témoignages d’exemple par de vrais avis avant de l’activer, puis enregistrez.")
        } catch let failure as GeminiClient.Failure {
            return try editor(request, course, language, input: input, exists: exists, errors: [:], status: .badGateway, aiError: failure.description)
        }
    }

    /// The page's own fields (`admin/field` partial); features and testimonials are rows of their own.
    static func fields(_ page: LandingPage, language: Language, errors: [String: String]) -> AdminFields {
        let rtl = language == .ar
        var fields = AdminFields(errors: errors)
        fields.add("title", "Titre", value: page.title, required: true, rtl: rtl, attributes: .init(maxLength: 120))
        fields.add("meta_description", "Description pour les moteurs de recherche", value: page.metaDescription, control: .textarea(rows: 2),
                   help: "Environ 155 caractères. Vide : le début de la présentation de la formation.", rtl: rtl, attributes: .init(maxLength: 320))
        fields.add("hero_content", "Texte d’accroche (HTML)", value: page.heroContent, control: .textarea(rows: 6), rtl: rtl,
                   attributes: .init(cssClass: "html-editor"))
        fields.add("cta_text", "Texte du bouton d’inscription", value: page.ctaText, rtl: rtl, attributes: .init(maxLength: 80))
        fields.add("seo_keywords", "Mots-clés (séparés par des virgules)", value: page.seoKeywords.joined(separator: ", "), rtl: rtl)
        fields.add("is_active", "Page active (visible des visiteurs quand la formation est publiée)", control: .checkbox(checked: page.isActive))
        return fields
    }
}
