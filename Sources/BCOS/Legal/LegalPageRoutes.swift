import Foundation
import HTTPServer

/// `GET /{lang}/mentions-legales`, `/{lang}/confidentialite`, `/{lang}/cgv` and `/{lang}/contact`:
/// the page in that language (HTML sanitized on save and again here), or a 404 in that language
/// while it is not written. hreflang names only the languages the page is written in.
struct LegalPageRoutes: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let pages: CachedPages

    /// What `public/legal` sees.
    struct Model: Encodable {
        struct Contact: Encodable {
            let address: String?
            let phone: String?
            let phone_href: String?
            let email: String?
            let whatsapp: String?
            let whatsapp_href: String?
            let map_href: String?
            let hours: String?
        }

        let title: String
        let body_html: String?
        let contact: Contact?
        let updated: String
        let updated_iso: String
        let version: Int
    }

    func register(_ router: inout Router) {
        for kind in LegalPageKind.allCases {
            // A legal page change drops every page (the footer links them): no tag of its own.
            pages.route(&router, "/{lang}/\(kind.rawValue)", key: { "\(kind.rawValue) \(try $0.languageParameter().rawValue)" }) { request in
                .page(try await show(kind, try request.languageParameter()), PageFacts(tags: []))
            }
        }
    }

    func show(_ kind: LegalPageKind, _ language: Language) async throws -> Response {
        let page = try await database.run { try $0.legalPages.page(kind) }
        guard !page.isEmpty(in: language) else { throw HTTPError(.notFound, "legal page \(kind.rawValue) not written in \(language.rawValue)") }
        let body = HTMLSanitizer.sanitize(page.body(in: language))
        let model = Model(
            title: page.title(in: language), body_html: LegalPage.visibleText(body).isEmpty ? nil : body,
            contact: kind == .contact ? LegalPageRoutes.contact(page.contact, in: language) : nil,
            updated: SessionDateText.day(page.updatedAt, in: language), updated_iso: CrawlerRoutes.w3cDate(page.updatedAt),
            version: page.version)
        let written = page.languages
        var alternates: [Language: String] = [:]
        for other in written { alternates[other] = kind.path(in: other) }
        let text = LegalPage.visibleText(body)
        var meta = PageMeta(
            language: language, title: model.title,
            description: text.isEmpty ? Messages.text(kind.descriptionKey, in: language) : CoursePageRoutes.summary(text),
            path: kind.path(in: language), alternates: alternates)
        meta.defaultAlternate = alternates[.fr] ?? alternates[language]
        meta.switchHref = alternates[language.other] ?? "/\(language.other.rawValue)/"
        return try renderer.page("public/legal", model, meta: meta)
    }

    static func contact(_ details: ContactDetails, in language: Language) -> Model.Contact {
        func present(_ text: String) -> String? { text.isEmpty ? nil : text }
        return Model.Contact(
            address: present(details.address(in: language)), phone: present(details.phone), phone_href: ContactDetails.telephoneHref(details.phone),
            email: present(details.email), whatsapp: details.whatsappHref == nil ? nil : details.whatsapp, whatsapp_href: details.whatsappHref,
            map_href: details.mapURL.isEmpty ? nil : HTMLSanitizer.safeURL(details.mapURL, schemes: ["https", "http"]),
            hours: present(details.hours(in: language)))
    }
}
