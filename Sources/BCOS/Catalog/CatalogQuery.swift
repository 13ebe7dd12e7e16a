import HTTPServer

/// The catalog's search and filters, read from the query string (`q`, `categorie`, `niveau`,
/// `en_ligne`, `page`). Invalid values are ignored rather than failing the page.
struct CatalogQuery: Sendable, Equatable {
    static let pageSize = 12
    static let levels = ["debutant", "intermediaire", "avance"]

    var text: String = ""
    var categorySlug: String?
    var level: String?
    var online: Bool?
    var page: Int = 1

    init(text: String = "", categorySlug: String? = nil, level: String? = nil, online: Bool? = nil, page: Int = 1) {
        self.text = text
        self.categorySlug = categorySlug
        self.level = level
        self.online = online
        self.page = page
    }

    init(_ form: FormData) {
        text = String((form["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(100))
        categorySlug = form["categorie"].flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
        level = form["niveau"].flatMap { CatalogQuery.levels.contains($0) ? $0 : nil }
        switch form["en_ligne"] {
        case "1", "true", "oui": online = true
        case "0", "false", "non": online = false
        default: online = nil
        }
        page = form["page"].flatMap(Int.init).map { min(max($0, 1), 10_000) } ?? 1
    }

    var isFiltered: Bool { !text.isEmpty || categorySlug != nil || level != nil || online != nil }

    /// The query string for this search on another page (for pagination links).
    func queryString(page: Int) -> String {
        var parts: [String] = []
        if !text.isEmpty { parts.append("q=\(PercentDecoding.encode(text))") }
        if let categorySlug { parts.append("categorie=\(PercentDecoding.encode(categorySlug))") }
        if let level { parts.append("niveau=\(level)") }
        if let online { parts.append("en_ligne=\(online ? 1 : 0)") }
        if page > 1 { parts.append("page=\(page)") }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// `%` and `_` are wildcards in LIKE: escape them so a visitor's text matches literally.
    static func likePattern(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
