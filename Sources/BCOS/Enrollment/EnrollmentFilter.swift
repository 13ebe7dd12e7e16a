import Foundation
import HTTPServer

/// The filters of the enrollments list and its CSV export, read from the query string; only
/// known values are kept, so nothing a link carries reaches SQL unchecked.
struct EnrollmentFilter: Sendable, Equatable {
    var status: EnrollmentStatus?
    var courseID: UUID?
    var source = ""
    var language: Language?
    /// `YYYY-MM-DD`, checked.
    var from: String?
    var to: String?
    var text = ""
    var page = 1

    init() {}

    init(_ query: FormData) {
        status = query["status"].flatMap(EnrollmentStatus.init(rawValue:))
        courseID = query["formation_id"].flatMap(UUID.init(uuidString:))
        source = SearchText.read(query["source"])
        language = query["language"].flatMap(Language.init(rawValue:))
        from = query["from"].flatMap { FormValidator.isISODate($0) ? $0 : nil }
        to = query["to"].flatMap { FormValidator.isISODate($0) ? $0 : nil }
        text = SearchText.read(query["q"])
        page = Pagination.pageNumber(query["page"])
    }

    /// The same filters as a query string, for another page or the CSV export.
    func queryString(page: Int? = nil) -> String {
        QueryString().adding("status", status?.rawValue).adding("formation_id", courseID?.lowercasedString).adding("source", source)
            .adding("language", language?.rawValue).adding("from", from).adding("to", to).adding("q", text)
            .addingPage(page ?? 1).text
    }
}
