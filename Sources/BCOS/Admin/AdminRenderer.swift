import Foundation
import HTTPServer
import NIOHTTP1
import Templating

/// Renders back-office pages (in French) inside `layouts/admin`, with the admin's name, the CSRF
/// token every form needs, the navigation and a flash message.
struct AdminRenderer: Sendable {
    let renderer: PageRenderer

    struct Nav: Encodable {
        let href: String
        let label: String
        let current: Bool
    }

    /// The navigation, each section shown to the roles its page allows.
    static let sections: [(href: String, label: String, access: AdminAccess)] = [
        ("/admin", "Tableau de bord", .everyone), ("/admin/formations", "Formations", .editors), ("/admin/categories", "Catégories", .editors),
        ("/admin/inscriptions", "Inscriptions", .sales), ("/admin/crm", "Intégrations CRM", .adminOnly), ("/admin/crm/logs", "Journal CRM", .sales),
        ("/admin/emails", "E-mails", .sales), ("/admin/conversion", "Conversion", .everyone),
        ("/admin/pages-legales", "Pages légales", .editors),
        ("/admin/comptes", "Comptes", .adminOnly), ("/admin/journal", "Journal", .adminOnly),
    ]

    func page<Model: Encodable>(
        _ template: String, _ model: Model, title: String, request: Request, status: HTTPResponseStatus = .ok, flash: String? = nil
    ) throws -> Response {
        var context: [String: TemplateValue] = [:]
        if case .object(let values) = try TemplateEncoder().encode(model) { context = values }
        let path = request.path
        let chrome = AdminChrome(language: request.admin?.interfaceLanguage ?? .fr)
        let role = request.admin?.role ?? .sales
        let nav = AdminRenderer.sections.filter { $0.access.allows(role) }.map { href, label, _ in
            TemplateValue.object([
                "href": .string(href), "label": .string(chrome.label(href: href, french: label)),
                "current": .bool(href == "/admin" ? path == "/admin" : path.hasPrefix(href) && !(href == "/admin/crm" && path.hasPrefix("/admin/crm/logs"))),
            ])
        }
        context["admin"] = .object([
            "title": .string(title),
            "name": .string(request.admin?.displayName ?? request.admin?.email ?? ""),
            "csrf": .string(request.admin?.csrfToken ?? ""),
            "signed_in": .bool(request.admin != nil),
            // Actions reserved to admins (anonymise, delete) are not offered to other roles.
            "is_admin": .bool(request.admin?.role == .admin),
            "nav": .array(nav),
            "flash": flash.map { .string($0) } ?? (request.lenientQuery["ok"].flatMap { AdminFlash.message($0) }.map { .string($0) } ?? .null),
            "css_href": .string(renderer.assets.url(for: "css/admin.css")),
            "js_href": .string(renderer.assets.url(for: "js/admin.js")),
            "lang": .string(chrome.language.rawValue), "dir": .string(chrome.language.direction),
            "chrome": .object(chrome.values.mapValues(TemplateValue.string)),
            "switch_language": .string(chrome.language.other.rawValue),
            // Back to this page after switching (a path of ours; `SafeRedirect` checks it again).
            "back": .string(request.path + (request.queryString.isEmpty ? "" : "?" + request.queryString)),
        ])
        var response = Response.html(try renderer.templates.renderBytes(template, .object(context)), status: status)
        response.headers.replaceOrAdd(name: "cache-control", value: "no-store")
        return response
    }
}
