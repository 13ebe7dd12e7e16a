import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/crm/logs` (filtered journal, one page per entry) and `/admin/crm/retry` (deliveries
/// that gave up and those waiting for an automatic retry; retry one or a selection now).
struct CRMLogAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    static let pageSize = 50

    func register(_ routes: inout AdminRoutes) {
        routes.get("/admin/crm/logs", .sales) { try await list($0) }
        routes.get("/admin/crm/logs/{id}", .sales) { try await detail($0, id: try $0.uuidParameter()) }
        routes.get("/admin/crm/retry", .sales) { try await retryQueue($0) }
        routes.post("/admin/crm/retry", .adminOnly) { request in
            let form = try request.formData()
            let ids = form.all("ids").compactMap(UUID.init(uuidString:)) + [form["id"]].compactMap { $0.flatMap(UUID.init(uuidString:)) }
            let count = try await database.run { try $0.crmLogs.retryNow(ids) }
            let back = form["back"].flatMap { $0.hasPrefix("/admin/crm/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/admin/crm/retry"
            return .redirect(to: back + (back.contains("?") ? "&" : "?") + (count > 0 ? "ok=retried" : "ok=saved"), status: .seeOther)
        }
    }

    /// The journal's filters, from the query string; only known values are kept.
    struct Filters: Sendable {
        var filter = CRMLogRepository.Filter()
        var page = 1

        init(_ query: FormData) {
            filter.state = query["status"].flatMap(DeliveryState.init(rawValue:))
            filter.integrationID = query["integration"].flatMap(UUID.init(uuidString:))
            filter.courseID = query["formation_id"].flatMap(UUID.init(uuidString:))
            filter.from = query["from"].flatMap { FormValidator.isISODate($0) ? $0 : nil }
            filter.to = query["to"].flatMap { FormValidator.isISODate($0) ? $0 : nil }
            page = Pagination.pageNumber(query["page"])
        }

        func queryString(page: Int) -> String {
            QueryString().adding("status", filter.state?.rawValue).adding("integration", filter.integrationID?.lowercasedString)
                .adding("formation_id", filter.courseID?.lowercasedString).adding("from", filter.from).adding("to", filter.to)
                .addingPage(page).text
        }
    }

    /// A journal entry as the templates show it (journal, retry queue, an enrollment's page).
    struct Entry: Encodable {
        let id: String
        let date: String
        let integration: String
        let course: String
        let person: String
        let enrollment_href: String?
        let status_label: String
        let status_class: String
        let error: String?
        /// The receiver's answer in words, for a success ("contact existant mis à jour"…).
        let result: String?
        let retry_count: Int
        let next_try: String?
        let is_test: Bool
        let can_retry: Bool

        init(_ entry: CRMLogEntry) {
            id = entry.id.lowercasedString
            date = AdminFormat.dateTime(entry.createdAt)
            integration = entry.integrationName ?? "(intégration supprimée)"
            course = entry.courseTitle
            person = entry.isTest ? "Test de connexion" : entry.personName
            enrollment_href = entry.enrollmentID.map { "/admin/inscriptions/\($0.lowercasedString)" }
            status_label = entry.state.label
            status_class = entry.state.badgeClass
            error = entry.errorMessage
            result = entry.state == .success ? entry.outcomeMessage : nil
            retry_count = entry.retryCount
            next_try = entry.nextRetryAt.map(AdminFormat.dateTime)
            is_test = entry.isTest
            can_retry = (entry.state == .failed || entry.state == .waiting) && !entry.isTest
        }
    }

    struct ListModel: Encodable {
        let entries: [Entry]
        let has_entries: Bool
        let total: Int
        let total_text: String
        let statuses: [SelectOption]
        let integrations: [SelectOption]
        let formations: [SelectOption]
        let from: String
        let to: String
        let prev_href: String?
        let next_href: String?
        let back: String
    }

    func list(_ request: Request) async throws -> Response {
        let filters = Filters(request.lenientQuery)
        let filter = filters.filter
        let (total, entries, integrations, courses) = try await database.run { db in
            let total = try db.crmLogs.journalCount(filter)
            let page = Pagination(page: filters.page, pageSize: CRMLogAdminRoutes.pageSize, total: total)
            return (total, try db.crmLogs.journal(filter, limit: page.pageSize, offset: page.offset),
                    try db.crmIntegrations.names(), try db.courses.titles())
        }
        let pagination = Pagination(page: filters.page, pageSize: CRMLogAdminRoutes.pageSize, total: total)
        let model = ListModel(
            entries: entries.map(Entry.init), has_entries: !entries.isEmpty, total: total, total_text: Plural.text(.delivery, count: total, in: .fr),
            statuses: DeliveryState.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == filter.state) },
            integrations: integrations.map { SelectOption(value: $0.id.lowercasedString, label: $0.name, selected: $0.id == filter.integrationID) },
            formations: courses.map { SelectOption(value: $0.id.lowercasedString, label: $0.title, selected: $0.id == filter.courseID) },
            from: filter.from ?? "", to: filter.to ?? "",
            prev_href: pagination.hasPrevious ? "/admin/crm/logs" + filters.queryString(page: pagination.page - 1) : nil,
            next_href: pagination.offset + entries.count < total ? "/admin/crm/logs" + filters.queryString(page: pagination.page + 1) : nil,
            back: "/admin/crm/logs" + filters.queryString(page: pagination.page))
        return try admin.page("admin/crm-logs", model, title: "Journal CRM", request: request)
    }

    struct DetailModel: Encodable {
        let entry: Entry
        let request: String
        let response: String
        let attempted_at: String?
        let response_status: Int?
    }

    func detail(_ request: Request, id: UUID) async throws -> Response {
        guard let entry = try await database.run({ try $0.crmLogs.entry(id: id) }) else { throw HTTPError(.notFound) }
        func pretty(_ text: String?) -> String {
            guard let text, let value = JSONValue.parse(Array(text.utf8)), value != .null else { return "—" }
            return value.encodedString(pretty: true)
        }
        let model = DetailModel(
            entry: Entry(entry), request: pretty(entry.request), response: pretty(entry.response),
            attempted_at: entry.attemptedAt.map(AdminFormat.dateTime), response_status: entry.responseStatus)
        return try admin.page("admin/crm-log", model, title: "Envoi CRM", request: request)
    }

    struct RetryModel: Encodable {
        let gave_up: [Entry]
        let has_gave_up: Bool
        let waiting: [Entry]
        let has_waiting: Bool
    }

    func retryQueue(_ request: Request) async throws -> Response {
        let queue = try await database.run { try $0.crmLogs.retryQueue() }
        let model = RetryModel(
            gave_up: queue.gaveUp.map(Entry.init), has_gave_up: !queue.gaveUp.isEmpty,
            waiting: queue.waiting.map(Entry.init), has_waiting: !queue.waiting.isEmpty)
        return try admin.page("admin/crm-retry", model, title: "File de reprise CRM", request: request)
    }
}
