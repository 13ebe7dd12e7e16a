import Foundation
import HTTPServer
import NIOHTTP1
import Templating

/// Renders pages: the view model of a page, merged with the layout's data, through the compiled
/// template set. Templates never see database rows, only these plain values.
public struct PageRenderer: Sendable {
    public let templates: TemplateSet
    public let assets: StaticFiles
    public let baseURL: String
    /// The legal pages' links and the contact details of every footer, kept in memory (see `LegalFooterCache`).
    let footer = LegalFooterCache()

    public init(templates: TemplateSet, assets: StaticFiles, baseURL: String) {
        self.templates = templates
        self.assets = assets
        self.baseURL = baseURL
    }

    public func page<Model: Encodable>(_ template: String, _ model: Model, meta: PageMeta, status: HTTPResponseStatus = .ok) throws -> Response {
        var context: [String: TemplateValue] = [:]
        if case .object(let values) = try TemplateEncoder().encode(model) { context = values }
        return try page(template, context: context, meta: meta, status: status)
    }

    /// The same from an already encoded view model (a page that keeps most of its values encoded).
    public func page(_ template: String, context: [String: TemplateValue], meta: PageMeta, status: HTTPResponseStatus = .ok) throws -> Response {
        var context = context
        context["t"] = Messages.catalog(meta.language)
        context["layout"] = layout(meta)
        return Response.html(try templates.renderBytes(template, .object(context)), status: status)
    }

    private func layout(_ meta: PageMeta) -> TemplateValue {
        let other = meta.language.other
        var alternates: [TemplateValue] = Language.allCases.compactMap { language in
            meta.alternates[language].map { .object(["hreflang": .string(language.rawValue), "href": .string(baseURL + $0)]) }
        }
        if let fallback = meta.defaultAlternate {
            alternates.append(.object(["hreflang": "x-default", "href": .string(baseURL + fallback)]))
        }
        return .object([
            "lang": .string(meta.language.rawValue),
            "dir": .string(meta.language.direction),
            "is_rtl": .bool(meta.language == .ar),
            "title": .string(meta.title),
            "description": .string(meta.description),
            "canonical": .string(baseURL + meta.path),
            "alternates": .array(alternates),
            "switch_href": .string(meta.alternates[other] ?? meta.switchHref ?? "/\(other.rawValue)/"),
            "keywords": meta.keywords.flatMap { $0.isEmpty ? nil : TemplateValue.string($0) } ?? .null,
            "switch_lang": .string(other.rawValue),
            "switch_dir": .string(other.direction),
            "switch_label": .string(other.nativeName),
            "home_href": .string("/\(meta.language.rawValue)/"),
            "catalog_href": .string("/\(meta.language.rawValue)/formations"),
            "css_href": .string(assets.url(for: "css/site.css")),
            "og_type": .string(meta.ogType),
            "og_locale": .string(meta.language.ogLocale),
            "og_image": meta.imageURL.map { .string($0) } ?? .null,
            "json_ld": meta.jsonLD.map { .string($0) } ?? .null,
            "noindex": .bool(meta.noIndex),
            "prev_href": meta.prevHref.map { .string($0) } ?? .null,
            "next_href": meta.nextHref.map { .string($0) } ?? .null,
            "footer": footer.template(for: meta.language),
            "year": .string(String(Calendar(identifier: .gregorian).component(.year, from: Date()))),
        ])
    }
}
