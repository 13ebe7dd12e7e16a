import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/pages-legales`: the four legal pages, and the editor of one (both languages on one
/// page, with a preview of the sanitized HTML). Every save increments the page's version, is
/// recorded in the audit trail in the same transaction, and refreshes the footers.
struct LegalPageAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    let footer: LegalFooterCache

    /// Editors and admins (the site's pages are editors' work, like courses and landing pages).
    func register(_ router: inout AdminRoutes) {
        router.get("/admin/pages-legales", .editors) { try await list($0) }
        router.get("/admin/pages-legales/{slug}", .editors) { request in
            let kind = try LegalPageAdminRoutes.kind(request)
            let page = try await database.run { try $0.legalPages.page(kind) }
            return try editor(request, kind, input: LegalPageInput(page), stored: page, errors: [:])
        }
        router.post("/admin/pages-legales/{slug}", .editors) { try await save($0, try LegalPageAdminRoutes.kind($0)) }
    }

    static func kind(_ request: Request) throws -> LegalPageKind {
        guard let kind = request.parameters["slug"].flatMap(LegalPageKind.init(rawValue:)) else { throw HTTPError(.notFound) }
        return kind
    }

    // MARK: - List

    struct ListModel: Encodable {
        struct Row: Encodable {
            let slug: String
            let name: String
            let version: Int
            let updated: String
            let written_fr: Bool
            let written_ar: Bool
            let public_fr: String
            let public_ar: String
        }

        let rows: [Row]
    }

    func list(_ request: Request) async throws -> Response {
        let pages = try await database.run { try $0.legalPages.all() }
        let rows = pages.map { page in
            ListModel.Row(
                slug: page.kind.rawValue, name: page.kind.adminName, version: page.version,
                updated: page.version == 0 ? "—" : AdminFormat.dateTime(page.updatedAt),
                written_fr: !page.isEmpty(in: .fr), written_ar: !page.isEmpty(in: .ar),
                public_fr: page.kind.path(in: .fr), public_ar: page.kind.path(in: .ar))
        }
        return try admin.page("admin/legal-pages", ListModel(rows: rows), title: "Pages légales", request: request)
    }

    // MARK: - Editor

    struct EditorModel: Encodable {
        let heading: String
        let name: String
        let action: String
        /// The stored page's version.
        let version: Int
        /// The version this form was opened at (sent back with it: `LegalPageRepository.save` refuses a stale one).
        let form_version: Int
        let updated: String?
        let is_contact: Bool
        let fields: AdminFields
        let errors: [String: String]
        let has_errors: Bool
        let conflict: Bool
        let preview_fr: String
        let preview_ar: String
        let public_fr: String?
        let public_ar: String?
    }

    func editor(
        _ request: Request, _ kind: LegalPageKind, input: LegalPageInput, stored: LegalPage, errors: [String: String],
        status: HTTPResponseStatus = .ok, conflict: Bool = false, flash: String? = nil
    ) throws -> Response {
        let model = EditorModel(
            heading: "Modifier : \(kind.adminName)", name: kind.adminName, action: "/admin/pages-legales/\(kind.rawValue)",
            version: stored.version, form_version: input.version, updated: stored.version == 0 ? nil : AdminFormat.dateTime(stored.updatedAt),
            is_contact: kind == .contact, fields: LegalPageAdminRoutes.fields(kind, input, errors: errors),
            errors: errors, has_errors: !errors.isEmpty, conflict: conflict,
            // What visitors would see: the sanitizer's output, never the typed HTML.
            preview_fr: HTMLSanitizer.sanitize(input.body_fr), preview_ar: HTMLSanitizer.sanitize(input.body_ar),
            public_fr: stored.isEmpty(in: .fr) ? nil : kind.path(in: .fr), public_ar: stored.isEmpty(in: .ar) ? nil : kind.path(in: .ar))
        return try admin.page("admin/legal-page-form", model, title: model.heading, request: request, status: status, flash: flash)
    }

    func save(_ request: Request, _ kind: LegalPageKind) async throws -> Response {
        let form = try request.formData()
        let input = LegalPageInput(form: form)
        let (page, errors) = input.validate(kind)
        let stored = try await database.run { try $0.legalPages.page(kind) }
        if form["action"] == "preview" {
            return try editor(request, kind, input: input, stored: stored, errors: errors,
                              flash: "Aperçu mis à jour : rien n’est enregistré tant que vous n’avez pas cliqué sur « Enregistrer ».")
        }
        guard errors.isEmpty else {
            return try editor(request, kind, input: input, stored: stored, errors: errors, status: .unprocessableEntity)
        }
        let actor = request.admin
        let saved = try await database.transaction { db -> Int? in
            guard let version = try db.legalPages.save(page, expectedVersion: input.version) else { return nil }
            try db.audit.record(AuditEvent(.legalPage, "updated", record: kind.rawValue, "Page « \(kind.adminName) » modifiée (version \(version))"), by: actor)
            return version
        }
        guard saved != nil else {
            // Someone saved the page since this editor was opened: nothing written, the text typed is
            // kept, and the form now carries the current version (saving again replaces it, knowingly).
            let current = try await database.run { try $0.legalPages.page(kind) }
            var input = input
            input.version = current.version
            return try editor(request, kind, input: input, stored: current, errors: [:], status: .conflict, conflict: true)
        }
        await footer.reload(database)
        return .redirect(to: "/admin/pages-legales/\(kind.rawValue)?ok=saved", status: .seeOther)
    }

    /// The editor's fields (`admin/field` partial).
    static func fields(_ kind: LegalPageKind, _ input: LegalPageInput, errors: [String: String]) -> AdminFields {
        var fields = AdminFields(errors: errors)
        let html = "HTML simple : titres (h2, h3), paragraphes, listes, liens, gras. Scripts, styles, formulaires et cadres sont retirés à l’enregistrement ; l’aperçu montre ce que verront les visiteurs."
        fields.add("title_fr", "Titre (français)", value: input.title_fr, help: "Vide : « \(Messages.text(kind.messageKey, in: .fr)) ».",
                   attributes: .init(maxLength: 120))
        fields.add("title_ar", "Titre (arabe)", value: input.title_ar, help: "Vide : « \(Messages.text(kind.messageKey, in: .ar)) ».",
                   rtl: true, attributes: .init(maxLength: 120))
        fields.add("body_fr", "Texte (français, HTML)", value: input.body_fr, control: .textarea(rows: 18), help: html,
                   attributes: .init(cssClass: "html-editor"))
        fields.add("body_ar", "Texte (arabe, HTML)", value: input.body_ar, control: .textarea(rows: 18),
                   help: "Laissé vide, la page arabe répond « page introuvable » et disparaît du pied de page arabe.", rtl: true,
                   attributes: .init(cssClass: "html-editor"))
        guard kind == .contact else { return fields }
        fields.add("address_fr", "Adresse (français)", value: input.address_fr, control: .textarea(rows: 3))
        fields.add("address_ar", "Adresse (arabe)", value: input.address_ar, control: .textarea(rows: 3), rtl: true)
        fields.add("phone", "Téléphone", value: input.phone, control: .input(type: "tel"), help: "Affiché dans le pied de page de tout le site.",
                   attributes: .init(maxLength: 30, placeholder: "+212 5 22 00 00 00", autocomplete: "off"))
        fields.add("email", "E-mail", value: input.email, control: .input(type: "email"), help: "Affiché dans le pied de page de tout le site.",
                   attributes: .init(maxLength: 254, placeholder: "contact@bcos.ma"))
        fields.add("whatsapp", "Numéro WhatsApp", value: input.whatsapp, control: .input(type: "tel"),
                   help: "Au format international. Renseigné, le pied de page propose « Écrire sur WhatsApp » (lien wa.me).",
                   attributes: .init(maxLength: 30, placeholder: "+212 6 61 23 45 67"))
        fields.add("map_url", "Lien du plan d’accès", value: input.map_url, control: .input(type: "url"),
                   help: "Un lien https:// vers Google Maps, OpenStreetMap…", attributes: .init(maxLength: 2_000))
        fields.add("hours_fr", "Horaires d’ouverture (français)", value: input.hours_fr, control: .textarea(rows: 4),
                   help: "Une ligne par plage, par exemple « Lundi – vendredi : 9 h – 18 h ».")
        fields.add("hours_ar", "Horaires d’ouverture (arabe)", value: input.hours_ar, control: .textarea(rows: 4), rtl: true)
        return fields
    }
}
