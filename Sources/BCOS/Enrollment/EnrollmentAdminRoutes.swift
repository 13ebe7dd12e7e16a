import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/inscriptions`: the seed's EnrollmentsCRM — filtered list with counts, detail page with
/// every answer, status and notes, and a CSV export of the filtered list.
struct EnrollmentAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    /// The visitor's e-mail when an admin confirms or cancels (nil: no SMTP).
    let mail: EnrollmentMail?

    func register(_ routes: inout AdminRoutes) {
        routes.get("/admin/inscriptions", .sales) { try await list($0) }
        routes.get("/admin/inscriptions/export.csv", .sales) { try await export($0) }
        routes.get("/admin/inscriptions/{id}", .sales) { try await detail($0, id: try $0.uuidParameter(), errors: [:]) }
        routes.post("/admin/inscriptions/{id}", .sales) { try await update($0, id: try $0.uuidParameter()) }
    }

    // MARK: - List

    struct ListModel: Encodable {
        struct Row: Encodable {
            let href: String
            let date: String
            let full_name: String
            let email: String
            let phone: String
            let phone_href: String?
            let course: String
            let session: String
            let status: String
            let status_code: String
            let language: String
            let source: String
        }

        let rows: [Row]
        let has_rows: Bool
        let total: Int
        let counts: [SelectOption]
        let statuses: [SelectOption]
        let formations: [SelectOption]
        let languages: [SelectOption]
        let q: String
        let source: String
        let from: String
        let to: String
        let export_href: String
        /// The same with `,` (LibreOffice, Google Sheets and English Excel read either).
        let export_comma_href: String
        let page: Int
        let page_count: Int
        let prev_href: String?
        let next_href: String?
    }

    static let pageSize = 25

    func list(_ request: Request) async throws -> Response {
        let filter = EnrollmentFilter(request.lenientQuery)
        let (total, byStatus, summaries, courses) = try await database.run { db in
            let total = try db.enrollments.count(filter)
            let page = Pagination(page: filter.page, pageSize: EnrollmentAdminRoutes.pageSize, total: total)
            return (total, try db.enrollments.countsByStatus(filter), try db.enrollments.list(filter, limit: page.pageSize, offset: page.offset),
                    try db.courses.titles())
        }
        let page = Pagination(page: filter.page, pageSize: EnrollmentAdminRoutes.pageSize, total: total)
        let rows = summaries.map { summary in
            ListModel.Row(
                href: "/admin/inscriptions/\(summary.id.lowercasedString)", date: AdminFormat.dateTime(summary.createdAt),
                full_name: summary.fullName, email: summary.email, phone: summary.phone, phone_href: AdminFormat.telephoneHref(summary.phone), course: AdminFormat.orDash(summary.courseTitle),
                session: summary.sessionLabel, status: EnrollmentStatus.label(summary.status), status_code: summary.status, language: AdminFormat.language(summary.language),
                source: AdminFormat.source(summary.source))
        }
        let model = ListModel(
            rows: rows, has_rows: !rows.isEmpty, total: total,
            counts: EnrollmentStatus.allCases.map { SelectOption(value: "\(byStatus[$0.rawValue] ?? 0)", label: $0.label, selected: $0 == filter.status) },
            statuses: EnrollmentStatus.options(selected: filter.status),
            formations: courses.map { SelectOption(value: $0.id.lowercasedString, label: $0.title, selected: $0.id == filter.courseID) },
            languages: Language.allCases.map { .init(value: $0.rawValue, label: AdminFormat.language($0.rawValue), selected: filter.language == $0) },
            q: filter.text, source: filter.source, from: filter.from ?? "", to: filter.to ?? "",
            export_href: "/admin/inscriptions/export.csv" + filter.queryString(),
            export_comma_href: "/admin/inscriptions/export.csv" + QueryString(filter.queryString()).adding("sep", ",").text,
            page: page.page, page_count: page.pageCount,
            prev_href: page.hasPrevious ? "/admin/inscriptions" + filter.queryString(page: page.page - 1) : nil,
            next_href: page.hasNext ? "/admin/inscriptions" + filter.queryString(page: page.page + 1) : nil)
        return try admin.page("admin/enrollments", model, title: "Inscriptions", request: request)
    }

    // MARK: - CSV

    /// The filtered list as CSV: UTF-8 with a byte-order mark so spreadsheet programs show Arabic,
    /// formula-looking cells neutralised (`CSV`).
    func export(_ request: Request) async throws -> Response {
        let filter = EnrollmentFilter(request.lenientQuery)
        let separator = request.lenientQuery["sep"] == "," ? "," : ";"
        let actor = request.admin
        let rows = try await database.run { db in
            let rows = try db.enrollments.export(filter)
            try db.audit.record(AuditEvent(.export, "exported", "Export CSV des inscriptions : \(rows.count) ligne(s)\(filter.queryString())."), by: actor)
            return rows
        }
        var response = Response.text(EnrollmentCSV(rows: rows, separator: separator).text(), contentType: "text/csv; charset=utf-8")
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
        let phone_href: String?
        let course: String
        let course_href: String?
        let reference: String
        let session: String
        let session_href: String?
        let created: String
        let language: String
        let source: String
        let answers: [Answer]
        let statuses: [SelectOption]
        let notes: String
        let commercial_notes: String
        let contact_date: String
        let follow_up_date: String
        let errors: [String: String]
        let deliveries: [CRMLogAdminRoutes.Entry]
        let has_deliveries: Bool
        let emails: [EmailAdminRoutes.Row]
        let has_emails: Bool
        let consent: ConsentView?
    }

    /// The consent box the visitor ticked, as stored with the enrollment.
    struct ConsentView: Encodable {
        let text: String
        let lang: String
        let dir: String
        let at: String
        let version: String

        init(_ consent: StoredConsent) {
            text = consent.text
            lang = consent.language.rawValue
            dir = consent.language.direction
            at = consent.at.map(AdminFormat.dateTime) ?? "—"
            version = consent.version.map { "version \($0)" } ?? "—"
        }
    }

    func detail(_ request: Request, id: UUID, errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let found = try await database.run { db in
            try db.enrollments.record(id: id).map {
                ($0, try db.crmLogs.entries(enrollmentID: id), try db.emailOutbox.list(status: nil, enrollmentID: id, limit: 50, offset: 0),
                 try db.enrollments.consent(id: id))
            }
        }
        guard let (record, deliveries, emails, consent) = found else { throw HTTPError(.notFound) }
        var answers: [DetailModel.Answer] = []
        for field in (record.snapshot ?? DefaultForm.fields).sorted(by: { $0.order < $1.order }) {
            let value = NewEnrollment.standardColumns.contains(field.name) ? record.standard[field.name] : record.answers[field.name]?.display(field)
            if let value, !value.isEmpty { answers.append(.init(label: LabelMarkup.plainText(field.label_fr), value: value)) }
        }
        let s = record.summary
        let model = DetailModel(
            id: id.lowercasedString, full_name: s.fullName, email: s.email, phone: s.phone, phone_href: AdminFormat.telephoneHref(s.phone), course: AdminFormat.orDash(s.courseTitle),
            course_href: record.courseSlug.map { "/fr/formations/\($0)" }, reference: record.reference ?? "—", session: s.sessionLabel,
            session_href: record.courseID.map { "/admin/formations/\($0.lowercasedString)/sessions" }, created: AdminFormat.dateTime(s.createdAt),
            language: AdminFormat.language(s.language), source: AdminFormat.source(s.source), answers: answers,
            statuses: EnrollmentStatus.options(selected: EnrollmentStatus(rawValue: s.status)),
            notes: record.notes, commercial_notes: record.commercialNotes, contact_date: record.contactDay ?? "",
            follow_up_date: record.followUpDay ?? "", errors: errors, deliveries: deliveries.map(CRMLogAdminRoutes.Entry.init),
            has_deliveries: !deliveries.isEmpty, emails: emails.map(EmailAdminRoutes.Row.init), has_emails: !emails.isEmpty,
            consent: consent.map(ConsentView.init))
        return try admin.page("admin/enrollment", model, title: "Inscription de \(model.full_name)", request: request, status: status)
    }

    func update(_ request: Request, id: UUID) async throws -> Response {
        let form = try request.formData()
        let status = EnrollmentStatus(rawValue: form["status"] ?? "")
        let contact = (form["contact_date"] ?? "").trimmingCharacters(in: .whitespaces)
        let followUp = (form["follow_up_date"] ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        if status == nil { errors["status"] = "Statut inconnu." }
        if !contact.isEmpty && !FormValidator.isISODate(contact) { errors["contact_date"] = "Date invalide (AAAA-MM-JJ)." }
        if !followUp.isEmpty && !FormValidator.isISODate(followUp) { errors["follow_up_date"] = "Date invalide (AAAA-MM-JJ)." }
        let notes = String((form["notes"] ?? "").prefix(10_000))
        let commercial = String((form["commercial_notes"] ?? "").prefix(10_000))
        if FormValidator.hasForbiddenCharacters(notes, multiline: true) || FormValidator.hasForbiddenCharacters(commercial, multiline: true) {
            errors["notes"] = "Les notes contiennent des caractères non autorisés."
        }
        guard errors.isEmpty, let status else { return try await detail(request, id: id, errors: errors, status: .unprocessableEntity) }
        enum Result { case updated, notFound, sessionFull }
        // One transaction: a status change, the seat it takes, the CRM events and the visitor's
        // e-mail it causes commit together.
        let (mail, actor) = (self.mail, request.admin)
        let result = try await database.transaction { db -> Result in
            guard let before = try db.enrollments.statusAndCourse(id: id) else { return .notFound }
            let wasHolding = EnrollmentStatus(rawValue: before.status)?.holdsSeat ?? false
            if status.holdsSeat, !wasHolding, let sessionID = before.sessionID, let courseID = before.courseID {
                // Taking a seat again (off the waitlist, or un-cancelling): under the session's lock.
                if let session = try db.sessions.lockForEnrollment(sessionID, courseID: courseID), session.isFull { return .sessionFull }
            }
            guard try db.enrollments.update(
                id: id, status: status, notes: notes, commercialNotes: commercial, contactDay: contact.nilIfEmpty, followUpDay: followUp.nilIfEmpty)
            else { return .notFound }
            try db.audit.record(AuditEvent(
                .enrollment, before.status != status.rawValue ? "status_changed" : "updated", record: id,
                before.status != status.rawValue ? "Statut : \(EnrollmentStatus.label(before.status)) → \(status.label)." : "Suivi (notes, dates) modifié."), by: actor)
            if before.status != status.rawValue {
                if let courseID = before.courseID {
                    try db.crmLogs.enqueueStatusChange(enrollmentID: id, courseID: courseID, status: status, previous: before.status)
                }
                try mail?.enqueueStatusChange(enrollmentID: id, to: status, in: db)
            }
            return .updated
        }
        switch result {
        case .notFound: throw HTTPError(.notFound)
        case .sessionFull:
            return try await detail(request, id: id, errors: [
                "status": "La session est complète : libérez d’abord une place (annulez une inscription) ou augmentez le nombre de places de la session.",
            ], status: .conflict)
        case .updated:
            return .redirect(to: "/admin/inscriptions/\(id.lowercasedString)?ok=saved", status: .seeOther)
        }
    }
}
