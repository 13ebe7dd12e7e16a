import Foundation
import HTTPServer
import NIOHTTP1
import Postgres

/// `/admin/crm/logs` (filtered journal, one page per entry) and `/admin/crm/retry` (deliveries
/// that gave up and those waiting for an automatic retry; retry one or a selection now).
struct CRMLogAdminRoutes: Sendable {
    let pool: PostgresPool
    let admin: AdminRenderer
    static let pageSize = 50

    func register(_ router: inout Router) {
        router.get("/admin/crm/logs") { try await list($0) }
        router.get("/admin/crm/logs/{id}") { try await detail($0, id: try AdminIDs.uuid($0.parameters["id"])) }
        router.get("/admin/crm/retry") { try await retryQueue($0) }
        router.post("/admin/crm/retry") { request in
            let form = try request.formData()
            let ids = form.all("ids").compactMap(UUID.init(uuidString:)) + [form["id"]].compactMap { $0.flatMap(UUID.init(uuidString:)) }
            let count = try await CRMDeliveryRepository(pool: pool).retryNow(ids)
            let back = form["back"].flatMap { $0.hasPrefix("/admin/crm/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/admin/crm/retry"
            return .redirect(to: back + (back.contains("?") ? "&" : "?") + (count > 0 ? "ok=retried" : "ok=saved"), status: .seeOther)
        }
    }

    /// Filters of the journal, from the query string; only known values are kept.
    struct Filters: Sendable {
        static let statuses = [("success", "Réussi"), ("pending", "En attente"), ("waiting", "Nouvelle tentative prévue"), ("failed", "Échec définitif")]
        var status: String?
        var integration: UUID?
        var course: UUID?
        var from: String?
        var to: String?
        var page = 1

        init(_ query: FormData) {
            status = query["status"].flatMap { code in Filters.statuses.contains { $0.0 == code } ? code : nil }
            integration = query["integration"].flatMap(UUID.init(uuidString:))
            course = query["formation_id"].flatMap(UUID.init(uuidString:))
            from = query["from"].flatMap { FormValidator.isISODate($0) ? $0 : nil }
            to = query["to"].flatMap { FormValidator.isISODate($0) ? $0 : nil }
            page = max(1, Int(query["page"] ?? "") ?? 1)
        }

        var parameters: [any PostgresEncodable] { [status, integration, course, from, to] }

        static let clause = """
            ($1::text IS NULL OR ($1 = 'success' AND l.status = 'success') OR ($1 = 'pending' AND l.status = 'pending')
               OR ($1 = 'waiting' AND l.status = 'failed' AND l.next_retry_at IS NOT NULL)
               OR ($1 = 'failed' AND l.status = 'failed' AND l.next_retry_at IS NULL))
            AND ($2::uuid IS NULL OR l.crm_integration_id = $2) AND ($3::uuid IS NULL OR e.formation_id = $3)
            AND ($4::date IS NULL OR l.created_at >= $4::date) AND ($5::date IS NULL OR l.created_at < $5::date + 1)
            """

        func query(page: Int) -> String {
            var parts: [String] = []
            if let status { parts.append("status=\(status)") }
            if let integration { parts.append("integration=\(integration.uuidString.lowercased())") }
            if let course { parts.append("formation_id=\(course.uuidString.lowercased())") }
            if let from { parts.append("from=\(from)") }
            if let to { parts.append("to=\(to)") }
            if page > 1 { parts.append("page=\(page)") }
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }
    }

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
        let retry_count: Int
        let next_try: String?
        let is_test: Bool
        let can_retry: Bool
    }

    static let entryColumns = """
        l.id, l.created_at, l.status, l.error_message, COALESCE(l.retry_count, 0) AS retry_count, l.next_retry_at, l.is_test,
        l.enrollment_id, COALESCE(i.name, '(intégration supprimée)') AS integration, COALESCE(f.title_fr, f.title, '') AS course,
        COALESCE(e.full_name, '') AS person
        """
    static let entryJoins = """
        FROM crm_logs l LEFT JOIN crm_integrations i ON i.id = l.crm_integration_id
        LEFT JOIN enrollments e ON e.id = l.enrollment_id LEFT JOIN formations f ON f.id = e.formation_id
        """

    static func entry(_ row: Row) throws -> Entry {
        let status: String = try row.decode("status")
        let next: Date? = try row.decodeIfPresent("next_retry_at")
        let (label, style): (String, String) = switch (status, next) {
        case ("success", _): ("Réussi", "badge-ok")
        case ("pending", _): ("En attente", "")
        case ("failed", .some): ("Nouvelle tentative prévue", "")
        default: ("Échec définitif", "badge-error")
        }
        let isTest: Bool = try row.decode("is_test")
        return Entry(
            id: try row.decode("id", as: UUID.self).uuidString.lowercased(), date: AdminLabels.dateTime(try row.decode("created_at")),
            integration: try row.decode("integration"), course: try row.decode("course"), person: isTest ? "Test de connexion" : try row.decode("person"),
            enrollment_href: try row.decodeIfPresent("enrollment_id", as: UUID.self).map { "/admin/inscriptions/\($0.uuidString.lowercased())" },
            status_label: label, status_class: style, error: try row.decodeIfPresent("error_message"),
            retry_count: try row.decode("retry_count"), next_try: next.map(AdminLabels.dateTime), is_test: isTest,
            can_retry: status == "failed" && !isTest)
    }

    struct ListModel: Encodable {
        struct Option: Encodable {
            let value: String
            let label: String
            let selected: Bool
        }

        let entries: [Entry]
        let has_entries: Bool
        let total: Int
        let statuses: [Option]
        let integrations: [Option]
        let formations: [Option]
        let from: String
        let to: String
        let prev_href: String?
        let next_href: String?
        let back: String
    }

    func list(_ request: Request) async throws -> Response {
        let filters = Filters(request.lenientQuery)
        let offset = (filters.page - 1) * CRMLogAdminRoutes.pageSize
        async let rows = pool.query("""
            SELECT \(CRMLogAdminRoutes.entryColumns) \(CRMLogAdminRoutes.entryJoins)
            WHERE \(Filters.clause) ORDER BY l.created_at DESC LIMIT \(CRMLogAdminRoutes.pageSize) OFFSET $6
            """, filters.parameters + [offset])
        async let count = pool.query("SELECT count(*) AS n \(CRMLogAdminRoutes.entryJoins) WHERE \(Filters.clause)", filters.parameters)
        async let integrations = pool.query("SELECT id, name FROM crm_integrations ORDER BY name")
        async let formations = pool.query("SELECT id, COALESCE(title_fr, title, slug) AS title FROM formations ORDER BY 2")
        let total: Int = try await count.first?.decode("n") ?? 0
        let entries = try await rows.rows.map(CRMLogAdminRoutes.entry)
        let model = ListModel(
            entries: entries, has_entries: !entries.isEmpty, total: total,
            statuses: Filters.statuses.map { .init(value: $0.0, label: $0.1, selected: $0.0 == filters.status) },
            integrations: try await integrations.rows.map {
                let id: UUID = try $0.decode("id")
                return .init(value: id.uuidString.lowercased(), label: try $0.decode("name"), selected: id == filters.integration)
            },
            formations: try await formations.rows.map {
                let id: UUID = try $0.decode("id")
                return .init(value: id.uuidString.lowercased(), label: try $0.decode("title"), selected: id == filters.course)
            },
            from: filters.from ?? "", to: filters.to ?? "",
            prev_href: filters.page > 1 ? "/admin/crm/logs" + filters.query(page: filters.page - 1) : nil,
            next_href: offset + entries.count < total ? "/admin/crm/logs" + filters.query(page: filters.page + 1) : nil,
            back: "/admin/crm/logs" + filters.query(page: filters.page))
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
        guard let row = try await pool.query("""
            SELECT \(CRMLogAdminRoutes.entryColumns), l.request_data::text AS request, l.response_data::text AS response, l.attempted_at, l.response_status
            \(CRMLogAdminRoutes.entryJoins) WHERE l.id = $1
            """, [id]).first else { throw HTTPError(.notFound) }
        func pretty(_ text: String?) -> String {
            guard let text, let value = JSONValue.parse(Array(text.utf8)), value != .null else { return "—" }
            return value.encodedString(pretty: true)
        }
        let model = DetailModel(
            entry: try CRMLogAdminRoutes.entry(row), request: pretty(try row.decodeIfPresent("request")), response: pretty(try row.decodeIfPresent("response")),
            attempted_at: try row.decodeIfPresent("attempted_at", as: Date.self).map(AdminLabels.dateTime),
            response_status: try row.decodeIfPresent("response_status"))
        return try admin.page("admin/crm-log", model, title: "Envoi CRM", request: request)
    }

    struct RetryModel: Encodable {
        let gave_up: [Entry]
        let has_gave_up: Bool
        let waiting: [Entry]
        let has_waiting: Bool
    }

    func retryQueue(_ request: Request) async throws -> Response {
        async let gaveUp = pool.query("""
            SELECT \(CRMLogAdminRoutes.entryColumns) \(CRMLogAdminRoutes.entryJoins)
            WHERE l.status = 'failed' AND l.next_retry_at IS NULL AND NOT l.is_test ORDER BY l.created_at DESC LIMIT 200
            """)
        async let waiting = pool.query("""
            SELECT \(CRMLogAdminRoutes.entryColumns) \(CRMLogAdminRoutes.entryJoins)
            WHERE l.status = 'failed' AND l.next_retry_at IS NOT NULL AND NOT l.is_test ORDER BY l.next_retry_at LIMIT 200
            """)
        let model = RetryModel(
            gave_up: try await gaveUp.rows.map(CRMLogAdminRoutes.entry), has_gave_up: try await !gaveUp.rows.isEmpty,
            waiting: try await waiting.rows.map(CRMLogAdminRoutes.entry), has_waiting: try await !waiting.rows.isEmpty)
        return try admin.page("admin/crm-retry", model, title: "File de reprise CRM", request: request)
    }
}
