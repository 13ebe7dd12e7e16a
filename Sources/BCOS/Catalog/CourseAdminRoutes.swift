import Foundation
import HTTPServer
import NIOHTTP1
import Templating

/// `/admin/formations`: the course list and the editor (General, Content, Form, Pricing, Media).
struct CourseAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    let gemini: GeminiClient?

    func register(_ router: inout AdminRoutes) {
        router.get("/admin/formations", .editors) { try await list($0) }
        router.get("/admin/formations/new", .editors) { request in
            var input = CourseInput()
            input.form_fields = DefaultForm.fields.enumerated().map { BuilderField($1, index: $0) }
            return try await editor(request, input: input, id: nil, errors: [:])
        }
        router.post("/admin/formations/new", .editors) { try await save($0, id: nil) }
        router.get("/admin/formations/{id}/edit", .editors) { request in
            let id = try request.uuidParameter()
            guard let course = try await database.run({ try $0.courses.course(id: id) }) else { throw HTTPError(.notFound) }
            return try await editor(request, input: CourseInput(course), id: id, errors: [:], warnings: course.formFieldWarnings)
        }
        router.post("/admin/formations/{id}/edit", .editors) { try await save($0, id: try $0.uuidParameter()) }
        router.post("/admin/formations/form-preview", .editors) { try livePreview($0) }
        router.get("/admin/formations/{id}/delete", .editors) { try await confirmDelete($0, id: try $0.uuidParameter()) }
        router.post("/admin/formations/{id}/delete", .editors) { request in
            let id = try request.uuidParameter()
            // The cover goes with the course unless another course (a duplicate) still uses it.
            let actor = request.admin
            try await database.transaction { db in
                if let cover = try db.courses.delete(id: id) { try db.media.deleteIfUnused(path: cover) }
                try db.audit.record(AuditEvent(.course, "deleted", record: id, "Formation supprimée."), by: actor)
            }
            return .redirect(to: "/admin/formations?ok=deleted", status: .seeOther)
        }
        // The only route that takes a file: the image limit plus room for the multipart framing.
        router.post("/admin/formations/{id}/cover", .editors, maxBodyBytes: UploadedImage.maxBytes + 64 * 1024) { try await uploadCover($0, id: try $0.uuidParameter()) }
        router.post("/admin/formations/{id}/cover/delete", .editors) { request in
            let id = try request.uuidParameter()
            let actor = request.admin
            try await database.transaction { db in
                if let old = try db.courses.setCoverImage(id: id, path: nil) { try db.media.deleteIfUnused(path: old) }
                try db.audit.record(AuditEvent(.course, "updated", record: id, "Image de couverture retirée."), by: actor)
            }
            return .redirect(to: "/admin/formations/\(id.lowercasedString)/edit?ok=saved#media", status: .seeOther)
        }
        router.post("/admin/formations/{id}/duplicate", .editors) { request in
            let id = try request.uuidParameter()
            // The copy forwards to the same CRMs as its original.
            let actor = request.admin
            let duplicated = try await database.transaction { db -> UUID? in
                guard let copy = try db.courses.duplicate(id: id) else { return nil }
                try db.crmMappings.copy(fromCourse: id, toCourse: copy)
                try db.audit.record(AuditEvent(.course, "duplicated", record: copy, "Copie de la formation \(id.lowercasedString)."), by: actor)
                return copy
            }
            guard let copy = duplicated else { throw HTTPError(.notFound) }
            return .redirect(to: "/admin/formations/\(copy.lowercasedString)/edit?ok=duplicated", status: .seeOther)
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

        let rows: [Row]
        let has_rows: Bool
        let q: String
        let categories: [SelectOption]
        let published: [SelectOption]
        let total: Int
        let page: Int
        let page_count: Int
        let prev_href: String?
        let next_href: String?
    }

    static let pageSize = 20

    func list(_ request: Request) async throws -> Response {
        let query = request.lenientQuery
        let q = SearchText.read(query["q"])
        let category = query["category_id"].flatMap(UUID.init(uuidString:))
        let published: Bool? = query["published"] == "1" ? true : query["published"] == "0" ? false : nil
        let page = Pagination.pageNumber(query["page"])
        let (result, categories) = try await database.run { db in
            (try db.courses.adminSearch(text: q, category: category, published: published, page: page, pageSize: CourseAdminRoutes.pageSize),
             try db.categories.allWithCourseCounts(visibleOnly: false).map(\.category))
        }
        let pagination = Pagination(page: page, pageSize: CourseAdminRoutes.pageSize, total: result.total)
        let filters = QueryString().adding("q", q).adding("category_id", category?.lowercasedString)
            .adding("published", published.map { $0 ? "1" : "0" })
        func href(_ page: Int) -> String { "/admin/formations" + filters.addingPage(page).text }
        let rows = result.listings.map { listing in
            ListModel.Row(
                id: listing.id.lowercasedString, title: listing.title, title_ar: listing.titleAr, slug: listing.slug,
                category: AdminFormat.orDash(listing.categoryName), reference: listing.reference ?? "", published: listing.isPublished,
                price: listing.price.map { PriceFormatter.format($0, currency: listing.currency, in: .fr) } ?? "—",
                updated: AdminFormat.dateTime(listing.updatedAt))
        }
        let model = ListModel(
            rows: rows, has_rows: !rows.isEmpty, q: q,
            categories: categories.map { SelectOption(value: $0.id.lowercasedString, label: $0.nameFr ?? $0.name ?? $0.slug, selected: $0.id == category) },
            published: [.init(value: "1", label: "Publiées", selected: published == true), .init(value: "0", label: "Brouillons", selected: published == false)],
            total: result.total, page: pagination.page, page_count: pagination.pageCount,
            prev_href: pagination.hasPrevious ? href(pagination.page - 1) : nil, next_href: pagination.hasNext ? href(pagination.page + 1) : nil)
        return try admin.page("admin/formations", model, title: "Formations", request: request)
    }

    // MARK: - Editor

    struct EditorModel: Encodable {
        let input: CourseInput
        let form: AdminFields
        let fields: [BuilderField]
        let field_count: Int
        let errors: [String: String]
        let has_errors: Bool
        let action: String
        let heading: String
        let is_new: Bool
        let id: String?
        let public_href: String?
        let categories: [SelectOption]
        let levels: [SelectOption]
        let currencies: [SelectOption]
        let field_types: [SelectOption]
        let preview_fr: TemplatePreview
        let preview_ar: TemplatePreview
        let ai_enabled: Bool
        let ai_error: String?
        /// Repairs made while reading a hand-edited or imported stored form.
        let form_warnings: [String]
        let has_form_warnings: Bool
        /// Set when the admin asked to publish a course without its Arabic texts: the editor comes
        /// back with a warning and a "publish anyway" button instead of saving silently.
        let missing_arabic: String?
        let error_summary: ErrorSummary
        /// "3 600,00 MAD", or a dash while HT or VAT is not a number.
        let price_ttc_text: String
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
        flash: String? = nil, aiError: String? = nil, warnings: [String] = [], missingArabic: [String] = []
    ) async throws -> Response {
        let categories = try await database.run { try $0.categories.allWithCourseCounts(visibleOnly: false).map(\.category) }
        let rows = BuilderField.decorate(input.form_fields, errors: errors)
        let heading = id == nil ? "Nouvelle formation" : "Modifier : \(input.title_fr.isEmpty ? input.slug : input.title_fr)"
        let categoryOptions = categories.map {
            SelectOption(value: $0.id.lowercasedString, label: $0.nameFr ?? $0.name ?? $0.slug, selected: $0.id.lowercasedString == input.category_id)
        }
        let levelOptions = CourseLevel.allCases.map {
            SelectOption(value: $0.rawValue, label: Messages.text($0.messageKey, in: .fr), selected: $0.rawValue == input.level)
        }
        let currencyOptions = CourseInput.currencies.map { SelectOption(value: $0, label: $0, selected: $0 == input.currency) }
        let model = EditorModel(
            input: input,
            form: CourseEditorFields.make(input, errors: errors, categories: categoryOptions, levels: levelOptions, currencies: currencyOptions),
            fields: rows, field_count: rows.count, errors: errors, has_errors: !errors.isEmpty,
            action: id.map { "/admin/formations/\($0.lowercasedString)/edit" } ?? "/admin/formations/new",
            heading: heading, is_new: id == nil, id: id?.lowercasedString,
            public_href: id == nil || input.slug.isEmpty ? nil : "/fr/formations/\(input.slug)",
            categories: categoryOptions, levels: levelOptions, currencies: currencyOptions,
            field_types: BuilderField.typeLabels.map { .init(value: $0.0.rawValue, label: $0.1, selected: false) },
            preview_fr: CourseAdminRoutes.preview(rows, in: .fr), preview_ar: CourseAdminRoutes.preview(rows, in: .ar), ai_enabled: gemini != nil, ai_error: aiError,
            form_warnings: warnings, has_form_warnings: !warnings.isEmpty,
            missing_arabic: missingArabic.isEmpty ? nil : missingArabic.joined(separator: " ni "),
            error_summary: ErrorSummary(errors: errors, order: CourseAdminRoutes.fieldOrder, builderPosition: CourseAdminRoutes.fieldOrder.firstIndex(of: "price_ht") ?? 0),
            price_ttc_text: CourseInput.ttc(ht: input.price_ht, rate: input.vat_rate).map { PriceFormatter.format($0, currency: input.currency, in: .fr) } ?? "—")
        return try admin.page("admin/formation-form", model, title: heading, request: request, status: status, flash: flash)
    }

    /// The public form the builder's rows make, in one language (the rows without a technical
    /// name are left out; no row at all shows the default form, as the public page would).
    static func preview(_ rows: [BuilderField], in language: Language) -> TemplatePreview {
        let fields = rows.enumerated().map { $1.formField(order: $0 + 1) }.filter { !$0.name.isEmpty }
        return TemplatePreview(
            form: EnrollmentFormView(fields: fields.isEmpty ? DefaultForm.fields : fields, language: language, action: "", token: "", preview: true),
            t: language == .fr ? Messages.french : Messages.arabic, lang: language.rawValue, dir: language.direction)
    }

    /// What the editor's page wraps in each `<div class="preview">`: the public form's partial in
    /// the preview's context, exactly as `admin/formation-form` renders it.
    static let previewSource = "{{#form}}{{>partials/enrollment-form}}{{/form}}"

    /// `POST /admin/formations/form-preview` (from `admin.js`, as the rows change): the preview of
    /// the builder's rows as posted, `{"fr": html, "ar": html}`. Nothing is read or saved, so one
    /// route serves the new and the existing courses. It is open to the roles that edit courses,
    /// and the CSRF token is checked like on every admin POST (AdminAuthMiddleware).
    func livePreview(_ request: Request) throws -> Response {
        let rows = BuilderField.parse(try request.formData())
        let template = try Template(CourseAdminRoutes.previewSource, name: "builder-preview")
        var html: [String: JSONValue] = [:]
        for language in [Language.fr, .ar] {
            let context = try TemplateEncoder().encode(CourseAdminRoutes.preview(rows, in: language))
            html[language.rawValue] = .string(try template.render(context, partials: admin.renderer.templates))
        }
        var response = Response.text(JSONValue.object(html).encodedString(), contentType: "application/json; charset=utf-8")
        response.headers.replaceOrAdd(name: "cache-control", value: "no-store")
        return response
    }

    /// The editor's inputs in page order (General, Content, then the form builder, Pricing, Media),
    /// for the error summary.
    static let fieldOrder = [
        "title_fr", "title_ar", "slug", "category_id", "reference", "tags",
        "description_fr", "description_ar", "objectives_fr", "objectives_ar", "target_audience_fr", "target_audience_ar",
        "prerequisites_fr", "prerequisites_ar", "program_fr", "program_ar", "content_fr", "content_ar",
        "price_ht", "vat_rate", "currency", "duration", "level", "max_participants", "cover_image_url",
    ]

    /// Whether the stored course is already public, so the Arabic warning is asked once, when
    /// the course goes live, not on every later save.
    private func isPublished(_ id: UUID?) async throws -> Bool {
        guard let id else { return false }
        return try await database.run { try $0.courses.course(id: id)?.isPublished } ?? false
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
        let validation = try await CourseValidator(database: database).validate(input, id: id)
        guard validation.errors.isEmpty, let values = validation.values else {
            return try await editor(request, input: input, id: id, errors: validation.errors, status: .unprocessableEntity)
        }
        if input.is_published, !input.missingArabicTexts.isEmpty, form["publish_without_arabic"] != "1",
           try await !isPublished(id) {
            return try await editor(request, input: input, id: id, errors: [:], missingArabic: input.missingArabicTexts)
        }
        let actor = request.admin
        if let id {
            try await database.transaction { db in
                try db.courses.update(id: id, values)
                try db.audit.record(AuditEvent(.course, "updated", record: id, "Formation « \(values.titleFr) » modifiée."), by: actor)
            }
            return .redirect(to: "/admin/formations/\(id.lowercasedString)/edit?ok=saved", status: .seeOther)
        }
        let newID = try await database.transaction { db in
            let id = try db.courses.insert(values)
            try db.audit.record(AuditEvent(.course, "created", record: id, "Formation « \(values.titleFr) » créée."), by: actor)
            return id
        }
        return .redirect(to: "/admin/formations/\(newID.lowercasedString)/edit?ok=created", status: .seeOther)
    }

    /// Fills the content of one language from Gemini (sanitized), without saving: the admin reads
    /// it, edits it and saves.
    func generate(_ request: Request, input: CourseInput, id: UUID?, language: Language) async throws -> Response {
        var input = input
        guard let gemini else {
            return try await editor(request, input: input, id: id, errors: [:], aiError: "La rédaction par IA n’est pas activée sur ce site (réglage serveur GEMINI_API_KEY).")
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
        guard let course = try await database.run({ try $0.courses.course(id: id) }) else { throw HTTPError(.notFound) }
        let bytes = try request.formData().file("cover")?.data ?? []
        do {
            let image = try UploadedImage(bytes)
            let actor = request.admin
            try await database.transaction { db in
                let path = try db.media.store(image)
                if let old = try db.courses.setCoverImage(id: id, path: path) { try db.media.deleteIfUnused(path: old) }
                try db.audit.record(AuditEvent(.course, "updated", record: id, "Image de couverture changée."), by: actor)
            }
            return .redirect(to: "/admin/formations/\(id.lowercasedString)/edit?ok=saved#media", status: .seeOther)
        } catch let refusal as UploadedImage.Refusal {
            return try await editor(request, input: CourseInput(course), id: id, errors: ["cover": refusal.message], status: .unprocessableEntity)
        }
    }

    func confirmDelete(_ request: Request, id: UUID) async throws -> Response {
        let found = try await database.run { db in try db.courses.course(id: id).map { ($0, try db.enrollments.count(courseID: id)) } }
        guard let (course, count) = found else { throw HTTPError(.notFound) }
        let title = course.titleFr ?? course.slug
        let model = ConfirmPage(
            heading: "Supprimer « \(title) » ?",
            message: "La formation et sa page publique seront supprimées définitivement."
                + (count > 0 ? " \(count == 1 ? "Son" : "Ses") \(Plural.text(.enrollment, count: count, in: .fr)) \(count == 1 ? "est conservée" : "sont conservées"), sans lien vers la formation." : ""),
            action: "/admin/formations/\(id.lowercasedString)/delete", cancel_href: "/admin/formations", button: "Supprimer définitivement")
        return try admin.page("admin/confirm", model, title: ConfirmPage.title, request: request)
    }
}
