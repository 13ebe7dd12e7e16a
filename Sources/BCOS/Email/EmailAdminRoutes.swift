import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/emails`: the outbox (what was sent, what waits, what failed and why, "renvoyer"), one
/// message as it was sent, and `/admin/emails/modeles`: the visitor e-mail templates per
/// language, with a preview built by the same code as the sending.
struct EmailAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    let composer: EmailComposer
    /// Without SMTP the pages say that nothing is sent.
    let mailConfigured: Bool

    func register(_ routes: inout AdminRoutes) {
        routes.get("/admin/emails", .sales) { try await list($0) }
        routes.get("/admin/emails/modeles", .adminOnly) { try await templates($0, language: Language(rawValue: $0.lenientQuery["langue"] ?? "") ?? .fr) }
        routes.post("/admin/emails/modeles", .adminOnly) { try await saveTemplates($0) }
        routes.get("/admin/emails/{id}", .sales) { try await show($0, id: try $0.uuidParameter()) }
        routes.post("/admin/emails/{id}/retry", .sales) { request in
            let id = try request.uuidParameter()
            guard try await database.run({ try $0.emailOutbox.retry(id) }) else { throw HTTPError(.notFound) }
            return .redirect(to: "/admin/emails/\(id.lowercasedString)?ok=retried", status: .seeOther)
        }
    }

    /// One line of an outbox table (this page and the enrollment's page).
    struct Row: Encodable {
        let id: String
        let date: String
        let kind: String
        let to: String
        let subject: String
        let status: String
        let status_code: String
        let attempts: Int
        let error: String
        let language: String

        init(_ stored: EmailOutboxRepository.Stored) {
            id = stored.id.lowercasedString
            date = AdminFormat.dateTime(stored.createdAt)
            kind = ["team": "Notification équipe", "invitation": "Invitation (compte)", "reset": "Mot de passe oublié"][stored.kind]
                ?? EmailComposer.Kind(rawValue: stored.kind)?.label ?? stored.kind
            to = stored.to
            subject = stored.subject
            status = EmailOutboxRepository.Status(rawValue: stored.status)?.label ?? stored.status
            status_code = stored.status
            attempts = stored.attempts
            error = stored.lastError ?? ""
            language = AdminFormat.language(stored.language)
        }
    }

    struct ListModel: Encodable {
        let rows: [Row]
        let has_rows: Bool
        let mail_configured: Bool
        let filters: [SelectOption]
        let page: Int
        let page_count: Int
        let prev_href: String?
        let next_href: String?
    }

    static let pageSize = 30

    func list(_ request: Request) async throws -> Response {
        let status = EmailOutboxRepository.Status(rawValue: request.lenientQuery["statut"] ?? "")
        let pageNumber = Pagination.pageNumber(request.lenientQuery["page"])
        let (total, rows) = try await database.run { db in
            let total = try db.emailOutbox.count(status: status)
            let page = Pagination(page: pageNumber, pageSize: EmailAdminRoutes.pageSize, total: total)
            return (total, try db.emailOutbox.list(status: status, limit: page.pageSize, offset: page.offset))
        }
        let page = Pagination(page: pageNumber, pageSize: EmailAdminRoutes.pageSize, total: total)
        func href(_ number: Int) -> String {
            "/admin/emails" + QueryString().adding("statut", status?.rawValue).addingPage(number).text
        }
        let model = ListModel(
            rows: rows.map(Row.init), has_rows: !rows.isEmpty, mail_configured: mailConfigured,
            filters: [SelectOption(value: "", label: "Tous", selected: status == nil)]
                + EmailOutboxRepository.Status.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == status) },
            page: page.page, page_count: page.pageCount,
            prev_href: page.hasPrevious ? href(page.page - 1) : nil, next_href: page.hasNext ? href(page.page + 1) : nil)
        return try admin.page("admin/emails", model, title: "E-mails", request: request)
    }

    struct ShowModel: Encodable {
        let row: Row
        let text: String
        let html: String
        let has_calendar: Bool
        let calendar: String
        let enrollment_href: String?
        let can_retry: Bool
    }

    func show(_ request: Request, id: UUID) async throws -> Response {
        guard let stored = try await database.run({ try $0.emailOutbox.find(id) }) else { throw HTTPError(.notFound) }
        // A one-time link to an account is for its owner only.
        let hidden = EmailOutboxRepository.privateKinds.contains(stored.kind)
        let model = ShowModel(
            row: Row(stored), text: hidden ? "Contenu masqué : ce message contient un lien personnel à usage unique." : stored.text,
            html: hidden ? "" : stored.html, has_calendar: stored.calendar != nil, calendar: stored.calendar ?? "",
            enrollment_href: stored.enrollmentID.map { "/admin/inscriptions/\($0.lowercasedString)" }, can_retry: stored.status == "failed")
        return try admin.page("admin/email", model, title: stored.subject, request: request)
    }

    // MARK: - Templates

    struct TemplatesModel: Encodable {
        struct Preview: Encodable {
            let kind: String
            let subject: String
            let html: String
            let text: String
        }

        let language: String
        let language_label: String
        let languages: [SelectOption]
        let fields: AdminFields
        let error: String?
        let previews: [Preview]
        let is_custom: Bool
        let mail_configured: Bool
    }

    func templates(_ request: Request, language: Language) async throws -> Response {
        let overrides = try await database.run { try $0.emailTemplates.overrides(language) }
        let template = EnrollmentMail.template(language, defaults: composer.defaults, overrides: overrides)
            ?? MailTemplateText(subject: "", html: "", text: "")
        return try await templatesPage(request, language: language, template: template, isCustom: !overrides.isEmpty, error: nil)
    }

    private func templatesPage(
        _ request: Request, language: Language, template: MailTemplateText, isCustom: Bool, error: String?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        var fields = AdminFields(errors: error.map { ["_template": $0] } ?? [:])
        for part in MailTemplateText.Part.allCases {
            fields.add(part.rawValue, part.label, value: template[part], control: part == .subject ? .input(type: "text") : .textarea(rows: part == .html ? 18 : 12),
                       required: true,
                       attributes: .init(cssClass: part == .subject ? "" : "code"))
        }
        // The preview: a sample enrollment through the very functions that send (`EmailComposer`).
        var previews: [TemplatesModel.Preview] = []
        if error == nil {
            let sample = try await sampleFacts(language)
            for kind in EmailComposer.Kind.allCases {
                if let mail = try? composer.visitor(kind, sample, template: template) {
                    previews.append(.init(kind: kind.label, subject: mail.subject, html: mail.html, text: mail.text))
                }
            }
        }
        let model = TemplatesModel(
            language: language.rawValue, language_label: AdminFormat.language(language.rawValue),
            languages: Language.allCases.map { SelectOption(value: $0.rawValue, label: AdminFormat.language($0.rawValue), selected: $0 == language) },
            fields: fields, error: error, previews: previews, is_custom: isCustom, mail_configured: mailConfigured)
        return try admin.page("admin/email-templates", model, title: "Modèles d’e-mails", request: request, status: status)
    }

    func saveTemplates(_ request: Request) async throws -> Response {
        let form = try request.formData()
        let language = Language(rawValue: form["language"] ?? "") ?? .fr
        if form["action"] == "reset" {
            let actor = request.admin
            try await database.run { db in
                try db.emailTemplates.reset(language)
                try db.audit.record(AuditEvent(.emailTemplate, "deleted", record: language.rawValue, "Modèle d’e-mail (\(AdminFormat.language(language.rawValue))) remis à l’origine."), by: actor)
            }
            return .redirect(to: "/admin/emails/modeles?langue=\(language.rawValue)&ok=reset", status: .seeOther)
        }
        var template = MailTemplateText(subject: "", html: "", text: "")
        for part in MailTemplateText.Part.allCases { template[part] = String((form[part.rawValue] ?? "").prefix(50_000)) }
        do {
            _ = try template.compiled()
        } catch {
            return try await templatesPage(request, language: language, template: template, isCustom: true,
                                           error: "Le modèle ne peut pas être utilisé. \(error)", status: .unprocessableEntity)
        }
        // "Aperçu" shows the preview of what was typed without saving it.
        if form["action"] == "preview" {
            return try await templatesPage(request, language: language, template: template, isCustom: true, error: nil)
        }
        let saved = template
        let actor = request.admin
        try await database.run { db in
            try db.emailTemplates.save(saved, language: language)
            try db.audit.record(AuditEvent(.emailTemplate, "updated", record: language.rawValue, "Modèle d’e-mail (\(AdminFormat.language(language.rawValue))) modifié."), by: actor)
        }
        return .redirect(to: "/admin/emails/modeles?langue=\(language.rawValue)&ok=saved", status: .seeOther)
    }

    /// A made-up enrollment on a real course (with a session when one is on offer), for the preview.
    func sampleFacts(_ language: Language) async throws -> EnrollmentMailFacts {
        let (course, session) = try await database.run { db -> (Course?, CourseSession?) in
            guard let first = try db.courses.popular(limit: 1).first?.0 else { return (nil, nil) }
            return (first, try db.sessions.offered(courseID: first.id).first)
        }
        let standard = language == .ar
            ? ["full_name": "سلمى بناني", "email": "salma.bennani@example.ma", "phone": "+212 6 61 23 45 67", "company": "أطلس للصناعات"]
            : ["full_name": "Salma Bennani", "email": "salma.bennani@example.ma", "phone": "+212 6 61 23 45 67", "company": "Atlas Industries"]
        return EnrollmentMailFacts(
            enrollmentID: UUID(), reference: "BC-000123", fullName: standard["full_name"] ?? "", email: "salma.bennani@example.ma",
            language: language, status: .new, course: course, session: session, fields: DefaultForm.fields, standard: standard, answers: [:])
    }
}
