import Foundation
import HTTPServer
import NIOHTTP1
import Postgres

/// `/admin/inscriptions`: the seed's EnrollmentsCRM — filtered list with counts, detail page with
/// every answer, status and notes, and a CSV export of the filtered list.
struct EnrollmentAdminRoutes: Sendable {
    let pool: PostgresPool
    let admin: AdminRenderer

    func register(_ router: inout Router) {
        router.get("/admin/inscriptions") { try await list($0) }
        router.get("/admin/inscriptions/export.csv") { try await export($0) }
        router.get("/admin/inscriptions/{id}") { try await detail($0, id: try AdminIDs.uuid($0.parameters["id"]), errors: [:]) }
        router.post("/admin/inscriptions/{id}") { try await update($0, id: try AdminIDs.uuid($0.parameters["id"])) }
    }

    // MARK: - Filters

    struct Filters: Sendable {
        var status: String?
        var course: UUID?
        var source: String = ""
        var language: String?
        var from: String?
        var to: String?
        var text: String = ""
        var page = 1

        init(_ query: FormData) {
            status = query["status"].flatMap { code in AdminLabels.statuses.contains { $0.0 == code } ? code : nil }
            course = query["formation_id"].flatMap(UUID.init(uuidString:))
            source = String((query["source"] ?? "").prefix(100))
            language = query["language"].flatMap { $0 == "fr" || $0 == "ar" ? $0 : nil }
            from = query["from"].flatMap { FormValidator.isISODate($0) ? $0 : nil }
            to = query["to"].flatMap { FormValidator.isISODate($0) ? $0 : nil }
            text = String((query["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
            page = max(1, Int(query["page"] ?? "") ?? 1)
        }

        /// WHERE clause over `e` (enrollments) and its parameters, $1…$8.
        var sql: (clause: String, parameters: [any PostgresEncodable]) {
            ("""
                ($1::text IS NULL OR e.status = $1) AND ($2::uuid IS NULL OR e.formation_id = $2)
                AND ($3 = '' OR e.source ILIKE $4) AND ($5::text IS NULL OR e.language_preference = $5)
                AND ($6::date IS NULL OR e.created_at >= $6::date) AND ($7::date IS NULL OR e.created_at < $7::date + 1)
                AND ($8 = '' OR e.full_name ILIKE $9 OR e.email ILIKE $9 OR e.phone ILIKE $9 OR e.company ILIKE $9)
                """,
             [status, course, source, CatalogQuery.likePattern(source), language, from, to, text, CatalogQuery.likePattern(text)])
        }

        func query(page: Int? = nil) -> String {
            var parts: [String] = []
            if let status { parts.append("status=\(status)") }
            if let course { parts.append("formation_id=\(course.uuidString.lowercased())") }
            if !source.isEmpty { parts.append("source=\(PercentDecoding.encode(source))") }
            if let language { parts.append("language=\(language)") }
            if let from { parts.append("from=\(from)") }
            if let to { parts.append("to=\(to)") }
            if !text.isEmpty { parts.append("q=\(PercentDecoding.encode(text))") }
            if let page, page > 1 { parts.append("page=\(page)") }
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }
    }

    // MARK: - List

    struct ListModel: Encodable {
        struct Row: Encodable {
            let href: String
            let date: String
            let full_name: String
            let email: String
            let phone: String
            let course: String
            let status: String
            let status_code: String
            let language: String
            let source: String
        }

        struct Option: Encodable {
            let value: String
            let label: String
            let selected: Bool
        }

        let rows: [Row]
        let has_rows: Bool
        let total: Int
        let counts: [Option]
        let statuses: [Option]
        let formations: [Option]
        let languages: [Option]
        let q: String
        let source: String
        let from: String
        let to: String
        let export_href: String
        let page: Int
        let page_count: Int
        let prev_href: String?
        let next_href: String?
    }

    static let pageSize = 25

    func list(_ request: Request) async throws -> Response {
        let filters = Filters(request.lenientQuery)
        let (clause, parameters) = filters.sql
        let pageSize = EnrollmentAdminRoutes.pageSize
        let model = try await pool.withConnection { c -> ListModel in
            let total: Int = try c.query("SELECT count(*) AS n FROM enrollments e WHERE \(clause)", parameters).first?.decode("n") ?? 0
            var byStatus: [String: Int] = [:]
            for row in try c.query("SELECT e.status, count(*) AS n FROM enrollments e WHERE \(clause) GROUP BY e.status", parameters).rows {
                byStatus[try row.decode("status")] = try row.decode("n")
            }
            let rows = try c.query("""
                SELECT e.id, e.created_at, e.full_name, e.email, e.phone, e.status, COALESCE(e.language_preference, '') AS language,
                       COALESCE(e.source, '') AS source, COALESCE(f.title_fr, f.title, '—') AS course
                FROM enrollments e LEFT JOIN formations f ON f.id = e.formation_id
                WHERE \(clause) ORDER BY e.created_at DESC LIMIT $10 OFFSET $11
                """, parameters + [pageSize, (filters.page - 1) * pageSize]).rows.map { row in
                    ListModel.Row(
                        href: "/admin/inscriptions/\(try row.decode("id", as: UUID.self).uuidString.lowercased())",
                        date: AdminLabels.dateTime(try row.decode("created_at")), full_name: try row.decode("full_name"),
                        email: try row.decode("email"), phone: try row.decode("phone"), course: try row.decode("course"),
                        status: AdminLabels.status(try row.decode("status")), status_code: try row.decode("status"),
                        language: try row.decode("language"), source: try row.decode("source"))
                }
            let formations = try c.query("SELECT id, COALESCE(title_fr, title, slug) AS title FROM formations ORDER BY 2").rows.map { row in
                let id = try row.decode("id", as: UUID.self)
                return ListModel.Option(value: id.uuidString.lowercased(), label: try row.decode("title"), selected: id == filters.course)
            }
            let pageCount = max(1, (total + pageSize - 1) / pageSize)
            return ListModel(
                rows: rows, has_rows: !rows.isEmpty, total: total,
                counts: AdminLabels.statuses.map { .init(value: "\(byStatus[$0.0] ?? 0)", label: $0.1, selected: $0.0 == filters.status) },
                statuses: AdminLabels.statuses.map { .init(value: $0.0, label: $0.1, selected: $0.0 == filters.status) },
                formations: formations,
                languages: [.init(value: "fr", label: "Français", selected: filters.language == "fr"), .init(value: "ar", label: "Arabe", selected: filters.language == "ar")],
                q: filters.text, source: filters.source, from: filters.from ?? "", to: filters.to ?? "",
                export_href: "/admin/inscriptions/export.csv" + filters.query(),
                page: filters.page, page_count: pageCount,
                prev_href: filters.page > 1 ? "/admin/inscriptions" + filters.query(page: filters.page - 1) : nil,
                next_href: filters.page < pageCount ? "/admin/inscriptions" + filters.query(page: filters.page + 1) : nil)
        }
        return try admin.page("admin/enrollments", model, title: "Inscriptions", request: request)
    }

    // MARK: - CSV

    /// The filtered list as CSV: UTF-8 with a byte-order mark so spreadsheet programs show Arabic,
    /// and cells starting with `=`, `+`, `-`, `@` (or tab/CR) prefixed with `'` so they are never
    /// taken for formulas.
    func export(_ request: Request) async throws -> Response {
        let filters = Filters(request.lenientQuery)
        let (clause, parameters) = filters.sql
        let rows = try await pool.query("""
            SELECT e.created_at, e.full_name, e.email, e.phone, COALESCE(e.company, '') AS company, COALESCE(e.position, '') AS position,
                   COALESCE(f.title_fr, f.title, '') AS course, e.status, COALESCE(e.language_preference, '') AS language,
                   COALESCE(e.source, '') AS source, COALESCE(e.motivation, '') AS motivation, e.form_data::text AS answers
            FROM enrollments e LEFT JOIN formations f ON f.id = e.formation_id
            WHERE \(clause) ORDER BY e.created_at DESC LIMIT 50000
            """, parameters).rows
        var csv = "\u{FEFF}" + CSV.line(["Date", "Nom complet", "E-mail", "Téléphone", "Entreprise", "Fonction", "Formation", "Statut", "Langue", "Source", "Motivation", "Autres réponses"])
        for row in rows {
            csv += CSV.line([
                AdminLabels.dateTime(try row.decode("created_at")), try row.decode("full_name"), try row.decode("email"), try row.decode("phone"),
                try row.decode("company"), try row.decode("position"), try row.decode("course"), AdminLabels.status(try row.decode("status")),
                try row.decode("language"), try row.decode("source"), try row.decode("motivation"), try row.decode("answers"),
            ])
        }
        var response = Response.text(csv, contentType: "text/csv; charset=utf-8")
        response.headers.add(name: "content-disposition", value: "attachment; filename=\"inscriptions.csv\"")
        response.headers.add(name: "cache-control", value: "no-store")
        return response
    }

    // MARK: - Detail

    struct DetailModel: Encodable {
        struct Answer: Encodable {
            let label: String
            let value: String
        }

        let id: String
        let full_name: String
        let email: String
        let phone: String
        let course: String
        let course_href: String?
        let created: String
        let language: String
        let source: String
        let answers: [Answer]
        let statuses: [ListModel.Option]
        let notes: String
        let commercial_notes: String
        let contact_date: String
        let follow_up_date: String
        let errors: [String: String]
        let deliveries: [CRMLogAdminRoutes.Entry]
        let has_deliveries: Bool
    }

    func detail(_ request: Request, id: UUID, errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await pool.withConnection { c -> DetailModel? in
            guard let row = try c.query("""
                SELECT e.*, e.form_data::text AS answers_json, e.form_fields_snapshot::text AS snapshot_json,
                       to_char(e.contact_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS contact_day,
                       to_char(e.follow_up_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS follow_up_day,
                       f.slug AS course_slug, COALESCE(f.title_fr, f.title, '—') AS course
                FROM enrollments e LEFT JOIN formations f ON f.id = e.formation_id WHERE e.id = $1
                """, [id]).first else { return nil }
            let snapshot = (try row.decodeIfPresent("snapshot_json", as: PostgresJSON<[FormField]>.self))?.value ?? DefaultForm.fields
            let custom = (try? row.decodeIfPresent("answers_json", as: PostgresJSON<[String: JSONAnswer]>.self))?.value ?? [:]
            var answers: [DetailModel.Answer] = []
            for field in snapshot.sorted(by: { $0.order < $1.order }) {
                let value: String?
                if NewEnrollment.standardColumns.contains(field.name) {
                    value = try row.decodeIfPresent(field.name, as: String.self)
                } else {
                    value = custom[field.name]?.display(field)
                }
                if let value, !value.isEmpty { answers.append(.init(label: field.label_fr, value: value)) }
            }
            let deliveries = try c.query("""
                SELECT \(CRMLogAdminRoutes.entryColumns) \(CRMLogAdminRoutes.entryJoins) WHERE l.enrollment_id = $1 ORDER BY l.created_at DESC
                """, [id]).rows.map(CRMLogAdminRoutes.entry)
            let current: String = try row.decode("status")
            return DetailModel(
                id: id.uuidString.lowercased(), full_name: try row.decode("full_name"), email: try row.decode("email"),
                phone: try row.decode("phone"), course: try row.decode("course"),
                course_href: try row.decodeIfPresent("course_slug", as: String.self).map { "/fr/formations/\($0)" },
                created: AdminLabels.dateTime(try row.decode("created_at")),
                language: try row.decodeIfPresent("language_preference") ?? "", source: try row.decodeIfPresent("source") ?? "",
                answers: answers,
                statuses: AdminLabels.statuses.map { .init(value: $0.0, label: $0.1, selected: $0.0 == current) },
                notes: try row.decodeIfPresent("notes") ?? "", commercial_notes: try row.decodeIfPresent("commercial_notes") ?? "",
                contact_date: try row.decodeIfPresent("contact_day") ?? "", follow_up_date: try row.decodeIfPresent("follow_up_day") ?? "",
                errors: errors, deliveries: deliveries, has_deliveries: !deliveries.isEmpty)
        }
        guard let model else { throw HTTPError(.notFound) }
        return try admin.page("admin/enrollment", model, title: "Inscription de \(model.full_name)", request: request, status: status)
    }

    func update(_ request: Request, id: UUID) async throws -> Response {
        let form = try request.formData()
        let status = form["status"] ?? ""
        let contact = (form["contact_date"] ?? "").trimmingCharacters(in: .whitespaces)
        let followUp = (form["follow_up_date"] ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        if !AdminLabels.statuses.contains(where: { $0.0 == status }) { errors["status"] = "Statut inconnu." }
        if !contact.isEmpty && !FormValidator.isISODate(contact) { errors["contact_date"] = "Date invalide (AAAA-MM-JJ)." }
        if !followUp.isEmpty && !FormValidator.isISODate(followUp) { errors["follow_up_date"] = "Date invalide (AAAA-MM-JJ)." }
        let notes = String((form["notes"] ?? "").prefix(10_000))
        let commercial = String((form["commercial_notes"] ?? "").prefix(10_000))
        if FormValidator.hasForbiddenCharacters(notes, multiline: true) || FormValidator.hasForbiddenCharacters(commercial, multiline: true) {
            errors["notes"] = "Les notes contiennent des caractères non autorisés."
        }
        guard errors.isEmpty else { return try await detail(request, id: id, errors: errors, status: .unprocessableEntity) }
        let result = try await pool.query("""
            UPDATE enrollments SET status = $1, notes = $2, commercial_notes = $3, contact_date = $4::date, follow_up_date = $5::date
            WHERE id = $6
            """, [status, notes, commercial, contact.nilIfEmpty, followUp.nilIfEmpty, id])
        guard result.affectedRows == 1 else { throw HTTPError(.notFound) }
        return .redirect(to: "/admin/inscriptions/\(id.uuidString.lowercased())?ok=saved", status: .seeOther)
    }
}

/// A stored custom answer (`form_data` values are strings, booleans or lists of strings).
enum JSONAnswer: Codable, Sendable {
    case text(String), flag(Bool), choices([String])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
        else if let list = try? container.decode([String].self) { self = .choices(list) }
        else { self = .text(try container.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        case .choices(let values): try container.encode(values)
        }
    }

    /// Shown with the option labels the visitor saw.
    func display(_ field: FormField) -> String {
        let label = { (value: String) in field.options?.first { $0.value == value }?.label_fr ?? value }
        switch self {
        case .text(let value): return label(value)
        case .flag(let value): return value ? "Oui" : "Non"
        case .choices(let values): return values.map(label).joined(separator: ", ")
        }
    }
}

/// RFC 4180 lines, with spreadsheet formula injection neutralised.
enum CSV {
    static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ raw: String) -> String {
        var value = raw
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { value = "'" + value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
