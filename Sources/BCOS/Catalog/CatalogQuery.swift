import HTTPServer

/// The catalog's search and filters, read from the query string (`q`, `categorie`, `niveau`,
/// `en_ligne`, `mois`, `page`). Invalid values are ignored rather than failing the page.
struct CatalogQuery: Sendable, Equatable {
    static let pageSize = 12

    var text: String = ""
    var categorySlug: String?
    var level: CourseLevel?
    var online: Bool?
    /// `mois=2027-01`: courses with an open session starting that month (Casablanca time).
    var month: String?
    var page: Int = 1

    init(text: String = "", categorySlug: String? = nil, level: CourseLevel? = nil, online: Bool? = nil, page: Int = 1) {
        self.text = text
        self.categorySlug = categorySlug
        self.level = level
        self.online = online
        self.page = page
    }

    init(_ form: FormData) {
        text = SearchText.read(form["q"])
        categorySlug = SearchText.read(form["categorie"]).nilIfEmpty
        level = form["niveau"].flatMap(CourseLevel.init(rawValue:))
        switch form["en_ligne"] {
        case "1", "true", "oui": online = true
        case "0", "false", "non": online = false
        default: online = nil
        }
        month = form["mois"].flatMap { SessionDateText.monthName($0, in: .fr) == nil ? nil : $0 }
        page = Pagination.pageNumber(form["page"])
    }

    var isFiltered: Bool { !text.isEmpty || categorySlug != nil || level != nil || online != nil || month != nil }

    /// The query string for this search on another page (for pagination links).
    func queryString(page: Int) -> String {
        QueryString().adding("q", text).adding("categorie", categorySlug).adding("niveau", level?.rawValue)
            .adding("en_ligne", online.map { $0 ? "1" : "0" }).adding("mois", month).addingPage(page).text
    }
}
