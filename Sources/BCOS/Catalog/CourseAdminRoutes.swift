import Foundation
import HTTPServer
import NIOHTTP1
import Postgres

/// `/admin/formations`: the course list and the editor (General, Content, Form, Pricing, Media).
struct CourseAdminRoutes: Sendable {
    let pool: PostgresPool
    let admin: AdminRenderer
    let formations: CourseRepository
    let store: CourseEditorSQL
    let gemini: GeminiClient?

    func register(_ router: inout Router) {
        router.get("/admin/formations") { try await list($0) }
        router.get("/admin/formations/new") { request in
            var input = CourseInput()
            input.form_fields = DefaultForm.fields.enumerated().map { BuilderField($1, index: $0) }
            return try await editor(request, input: input, id: nil, errors: [:])
        }
        router.post("/admin/formations/new") { try await save($0, id: nil) }
        router.get("/admin/formations/{id}/edit") { request in
            let id = try AdminIDs.uuid(request.parameters["id"])
            guard let course = try await store.course(id: id) else { throw HTTPError(.notFound) }
            return try await editor(request, input: CourseInput(course), id: id, errors: [:])
        }
        router.post("/admin/formations/{id}/edit") { try await save($0, id: try AdminIDs.uuid($0.parameters["id"])) }
        router.get("/admin/formations/{id}/delete") { try await confirmDelete($0, id: try AdminIDs.uuid($0.parameters["id"])) }
        router.post("/admin/formations/{id}/delete") { request in
            try await store.delete(id: try AdminIDs.uuid(request.parameters["id"]))
            return .redirect(to: "/admin/formations?ok=deleted", status: .seeOther)
        }
        router.post("/admin/formations/{id}/cover") { try await uploadCover($0, id: try AdminIDs.uuid($0.parameters["id"])) }
        router.post("/admin/formations/{id}/cover/delete") { request in
            let id = try AdminIDs.uuid(request.parameters["id"])
            let old: String? = try await pool.query("SELECT cover_image_url FROM formations WHERE id = $1", [id]).first?.decodeIfPresent("cover_image_url")
            try await pool.query("UPDATE formations SET cover_image_url = NULL WHERE id = $1", [id])
            if let old { try await MediaRepository(pool: pool).deleteIfUnused(path: old) }
            return .redirect(to: "/admin/formations/\(id.uuidString.lowercased())/edit?ok=saved#media", status: .seeOther)
        }
        router.post("/admin/formations/{id}/duplicate") { request in
            let copy = try await store.duplicate(id: try AdminIDs.uuid(request.parameters["id"]))
            return .redirect(to: "/admin/formations/\(copy.uuidString.lowercased())/edit?ok=duplicated", status: .seeOther)
        }
    }

    // MARK: - List

    struct ListModel: Encodable {
        struct Row: Encodable {
            let id: String
            let title: String
            let title_ar: String
            let slug: String
            let category: String
            let reference: String
            let published: Bool
            let price: String
            let updated: String
        }

        struct Option: Encodable {
            let value: String
            let label: String
            let selected: Bool
        }

        let rows: [Row]
        let has_rows: Bool
        let q: String
        let categories: [Option]
        let published: [Option]
        let total: Int
        let page: Int
        let page_count: Int
        let prev_href: String?
        let next_href: String?
    }

    func list(_ request: Request) async throws -> Response {
        let query = request.lenientQuery
        let q = String((query["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let category = query["category_id"].flatMap(UUID.init(uuidString:))
        let published: Bool? = query["published"] == "1" ? true : query["published"] == "0" ? false : nil
        let page = max(1, Int(query["page"] ?? "") ?? 1)
        let pageSize = 20
        let result = try await store.search(text: q, category: category, published: published, page: page, pageSize: pageSize)
        let categories = try await pool.query("SELECT id, COALESCE(name_fr, name, slug) AS name FROM categories ORDER BY display_order, name_fr").rows
        let pageCount = max(1, (result.total + pageSize - 1) / pageSize)
        func href(_ page: Int) -> String {
            var parts = ["page=\(page)"]
            if !q.isEmpty { parts.append("q=\(PercentDecoding.encode(q))") }
            if let category { parts.append("category_id=\(category.uuidString.lowercased())") }
            if let published { parts.append("published=\(published ? 1 : 0)") }
            return "/admin/formations?" + parts.joined(separator: "&")
        }
        let model = ListModel(
            rows: result.rows, has_rows: !result.rows.isEmpty, q: q,
            categories: try categories.map {
                let id = try $0.decode("id", as: UUID.self)
                return .init(value: id.uuidString.lowercased(), label: try $0.decode("name"), selected: id == category)
            },
            published: [.init(value: "1", label: "Publiées", selected: published == true), .init(value: "0", label: "Brouillons", selected: published == false)],
            total: result.total, page: page, page_count: pageCount,
            prev_href: page > 1 ? href(page - 1) : nil, next_href: page < pageCount ? href(page + 1) : nil)
        return try admin.page("admin/formations", model, title: "Formations", request: request)
    }

    // MARK: - Editor

    struct EditorModel: Encodable {
        struct Option: Encodable {
            let value: String
            let label: String
            let selected: Bool
        }

        let input: CourseInput
        let fields: [BuilderField]
        let field_count: Int
        let errors: [String: String]
        let has_errors: Bool
        let action: String
        let heading: String
        let is_new: Bool
        let id: String?
        let public_href: String?
        let categories: [Option]
        let levels: [Option]
        let currencies: [Option]
        let field_types: [Option]
        let preview_fr: TemplatePreview
        let preview_ar: TemplatePreview
        let ai_enabled: Bool
        let ai_error: String?
    }

    /// The public form, rendered by the public form's own view model and partial.
    struct TemplatePreview: Encodable {
        let form: EnrollmentFormView
        let t: [String: String]
        let lang: String
        let dir: String
    }

    func editor(
        _ request: Request, input: CourseInput, id: UUID?, errors: [String: String], status: HTTPResponseStatus = .ok,
        flash: String? = nil, aiError: String? = nil
    ) async throws -> Response {
        let categories = try await pool.query("SELECT id, COALESCE(name_fr, name, slug) AS name FROM categories ORDER BY display_order, name_fr").rows
        let rows = BuilderField.decorate(input.form_fields, errors: errors)
        let previewFields = rows.enumerated().map { $1.formField(order: $0 + 1) }.filter { !$0.name.isEmpty }
        func preview(_ language: Language) -> TemplatePreview {
            TemplatePreview(
                form: EnrollmentFormView(fields: previewFields.isEmpty ? DefaultForm.fields : previewFields, language: language, action: "", token: "", preview: true),
                t: language == .fr ? Messages.french : Messages.arabic, lang: language.rawValue, dir: language.direction)
        }
        let heading = id == nil ? "Nouvelle formation" : "Modifier : \(input.title_fr.isEmpty ? input.slug : input.title_fr)"
        let model = EditorModel(
            input: input, fields: rows, field_count: rows.count, errors: errors, has_errors: !errors.isEmpty,
            action: id.map { "/admin/formations/\($0.uuidString.lowercased())/edit" } ?? "/admin/formations/new",
            heading: heading, is_new: id == nil, id: id?.uuidString.lowercased(),
            public_href: id == nil || input.slug.isEmpty ? nil : "/fr/formations/\(input.slug)",
            categories: try categories.map {
                let value = try $0.decode("id", as: UUID.self).uuidString.lowercased()
                return .init(value: value, label: try $0.decode("name"), selected: value == input.category_id)
            },
            levels: CatalogQuery.levels.map { .init(value: $0, label: Messages.text("level_\($0)", in: .fr), selected: $0 == input.level) },
            currencies: CourseInput.currencies.map { .init(value: $0, label: $0, selected: $0 == input.currency) },
            field_types: BuilderField.typeLabels.map { .init(value: $0.0.rawValue, label: $0.1, selected: false) },
            preview_fr: preview(.fr), preview_ar: preview(.ar), ai_enabled: gemini != nil, ai_error: aiError)
        return try admin.page("admin/formation-form", model, title: heading, request: request, status: status, flash: flash)
    }

    func save(_ request: Request, id: UUID?) async throws -> Response {
        let form = try request.formData()
        var input = CourseInput(form)
        let action = FormBuilderAction(form["action"])
        if case .generate(let language) = action {
            return try await generate(request, input: input, id: id, language: language)
        }
        if action != .save {
            input.form_fields = action.apply(to: input.form_fields)
            return try await editor(request, input: input, id: id, errors: [:])
        }
        if input.slug.isEmpty { input.slug = Slug.make(from: input.title_fr) }
        let validation = try await CourseValidator(pool: pool).validate(input, id: id)
        guard validation.errors.isEmpty, let values = validation.values else {
            return try await editor(request, input: input, id: id, errors: validation.errors, status: .unprocessableEntity)
        }
        if let id {
            try await store.update(id: id, values)
            return .redirect(to: "/admin/formations/\(id.uuidString.lowercased())/edit?ok=saved", status: .seeOther)
        }
        let newID = try await store.insert(values)
        return .redirect(to: "/admin/formations/\(newID.uuidString.lowercased())/edit?ok=created", status: .seeOther)
    }

    /// Fills the content of one language from Gemini (sanitized), without saving: the admin reads
    /// it, edits it and saves.
    func generate(_ request: Request, input: CourseInput, id: UUID?, language: Language) async throws -> Response {
        var input = input
        guard let gemini else {
            return try await editor(request, input: input, id: id, errors: [:], aiError: "La génération par IA n’est pas configurée (GEMINI_API_KEY).")
        }
        let title = language == .fr || input.title_ar.isEmpty ? input.title_fr : input.title_ar
        guard !title.isEmpty else {
            return try await editor(request, input: input, id: id, errors: [:], aiError: "Saisissez d’abord le titre de la formation.")
        }
        let description = language == .fr ? input.description_fr : input.description_ar
        do {
            let text = try await gemini.generate(CourseContentPrompt.make(title: title, description: description, language: language))
            let html = HTMLSanitizer.sanitize(CourseContentPrompt.stripCodeFence(text))
            if language == .fr { input.content_fr = html } else { input.content_ar = html }
            return try await editor(request, input: input, id: id, errors: [:],
                                    flash: "Contenu généré par l’IA : relisez-le, corrigez-le si besoin, puis enregistrez.")
        } catch let failure as GeminiClient.Failure {
            return try await editor(request, input: input, id: id, errors: [:], status: .badGateway, aiError: failure.description)
        }
    }

    /// Replaces the cover image with an uploaded JPEG, PNG or WebP (checked by content).
    func uploadCover(_ request: Request, id: UUID) async throws -> Response {
        guard let course = try await store.course(id: id) else { throw HTTPError(.notFound) }
        let file = try request.formData().file("cover")
        let media = MediaRepository(pool: pool)
        do {
            let path = try await media.store(file?.data ?? [])
            try await pool.query("UPDATE formations SET cover_image_url = $1 WHERE id = $2", [path, id])
            if let old = course.coverImageURL { try await media.deleteIfUnused(path: old) }
            return .redirect(to: "/admin/formations/\(id.uuidString.lowercased())/edit?ok=saved#media", status: .seeOther)
        } catch let refusal as MediaRepository.Refusal {
            return try await editor(request, input: CourseInput(course), id: id, errors: ["cover": refusal.message], status: .unprocessableEntity)
        }
    }

    struct ConfirmModel: Encodable {
        let heading: String
        let message: String
        let action: String
        let cancel_href: String
        let button: String
    }

    func confirmDelete(_ request: Request, id: UUID) async throws -> Response {
        guard let course = try await store.course(id: id) else { throw HTTPError(.notFound) }
        let count: Int = try await pool.query("SELECT count(*) AS n FROM enrollments WHERE formation_id = $1", [id]).first?.decode("n") ?? 0
        let title = course.titleFr ?? course.slug
        let model = ConfirmModel(
            heading: "Supprimer « \(title) » ?",
            message: "La formation et sa page publique seront supprimées définitivement."
                + (count > 0 ? " Ses \(count) inscription(s) sont conservées, sans lien vers la formation." : ""),
            action: "/admin/formations/\(id.uuidString.lowercased())/delete", cancel_href: "/admin/formations", button: "Supprimer définitivement")
        return try admin.page("admin/confirm", model, title: "Confirmer la suppression", request: request)
    }
}
