/// Page arithmetic for every paginated list (catalog, admin lists, the CRM log). The page number
/// comes from a visitor's query string, so nothing here may trap: it is read with `pageNumber`,
/// clamped, and the offset cannot overflow.
struct Pagination: Sendable, Equatable {
    /// Far beyond any real list; keeps `offset` small whatever the query string says.
    static let maxPage = 100_000

    let page: Int
    let pageSize: Int
    let total: Int

    init(page: Int, pageSize: Int, total: Int) {
        self.page = min(max(page, 1), Pagination.maxPage)
        self.pageSize = max(pageSize, 1)
        self.total = max(total, 0)
    }

    /// `?page=` as typed: a missing, malformed, negative or huge number reads as a valid page.
    static func pageNumber(_ text: String?) -> Int {
        guard let text, let number = Int(text.prefix(12)) else { return 1 }
        return min(max(number, 1), maxPage)
    }

    var pageCount: Int { max(1, total / pageSize + (total % pageSize == 0 ? 0 : 1)) }
    var offset: Int { (page - 1) * pageSize }
    var hasPrevious: Bool { page > 1 }
    var hasNext: Bool { page < pageCount }
    /// Past the last page (the catalog answers 404 there; admin lists show an empty page).
    var isBeyondEnd: Bool { page > pageCount }
}
