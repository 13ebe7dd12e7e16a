import Foundation
import HTTPServer
import NIOHTTP1

/// A visitor's data rights from an enrollment's admin page (law 09-08 and the GDPR): export
/// everything stored about the person (every enrollment with the same e-mail) as JSON or CSV,
/// anonymise it, or delete it. Anonymising and deleting show what they will affect first and
/// post with the CSRF token (the admin group checks it); all three are audited in the
/// transaction that does them, by enrollment id and count — never by the person's e-mail.
struct PersonDataRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer

    func register(_ routes: inout AdminRoutes) {
        routes.get("/admin/inscriptions/{id}/donnees.json", .sales) { try await export($0, id: try $0.uuidParameter(), format: .json) }
        routes.get("/admin/inscriptions/{id}/donnees.csv", .sales) { try await export($0, id: try $0.uuidParameter(), format: .csv) }
        routes.get("/admin/inscriptions/{id}/anonymiser", .adminOnly) { try await confirm($0, id: try $0.uuidParameter(), action: .anonymise) }
        routes.post("/admin/inscriptions/{id}/anonymiser", .adminOnly) { try await anonymise($0, id: try $0.uuidParameter()) }
        routes.get("/admin/inscriptions/{id}/supprimer", .adminOnly) { try await confirm($0, id: try $0.uuidParameter(), action: .delete) }
        routes.post("/admin/inscriptions/{id}/supprimer", .adminOnly) { try await delete($0, id: try $0.uuidParameter()) }
    }

    static func path(_ id: UUID) -> String { "/admin/inscriptions/\(id.lowercasedString)" }

    /// "1 envoi CRM", "2 envois CRM" (French counts of the back office).
    static func count(_ n: Int, _ one: String, _ other: String) -> String {
        "\(n) \(Plural.category(n, in: .fr) == .one ? one : other)"
    }

    static func enrollments(_ n: Int) -> String { Plural.text(.enrollment, count: n, in: .fr) }

    // MARK: - Export

    enum Format: String { case json = "JSON", csv = "CSV" }

    func export(_ request: Request, id: UUID, format: Format) async throws -> Response {
        let admin = request.admin
        let exported = try await database.transaction { db -> PersonData? in
            let ids = try db.personData.enrollmentIDs(sameEmailAs: id)
            guard !ids.isEmpty else { return nil }
            let data = try db.personData.export(ids)
            let reference = data.enrollments.first { $0.id == id }?.reference ?? id.lowercasedString
            try db.audit.record(AuditEvent(
                .export, "exported", record: id,
                "Export \(format.rawValue) des données personnelles de la personne de l’inscription \(reference) : \(PersonDataRoutes.enrollments(ids.count))."),
                by: admin)
            return data
        }
        guard let exported else { throw HTTPError(.notFound) }
        let file = PersonDataExport(data: exported, exportedAt: Date())
        let reference = exported.enrollments.first { $0.id == id }?.reference ?? id.lowercasedString
        var response: Response
        switch format {
        case .json:
            response = Response.text(file.json(), contentType: "application/json; charset=utf-8")
            response.headers.add(name: "content-disposition", value: "attachment; filename=\"donnees-\(reference).json\"")
        case .csv:
            let separator = request.lenientQuery["sep"] == "," ? "," : ";"
            response = Response.text(file.csv(separator: separator), contentType: "text/csv; charset=utf-8")
            response.headers.add(name: "content-disposition", value: "attachment; filename=\"donnees-\(reference).csv\"")
        }
        response.headers.replaceOrAdd(name: "cache-control", value: "no-store")
        return response
    }

    // MARK: - Confirmation

    enum Action { case anonymise, delete }

    struct ConfirmModel: Encodable {
        struct Row: Encodable {
            let href: String
            let reference: String
            let date: String
            let course: String
            let status: String
            let crm_logs: String
            let emails: String
        }

        let heading: String
        let intro: String
        let rows: [Row]
        let consequences: [String]
        let warning: String
        let action: String
        let cancel_href: String
        let button: String
    }

    func confirm(_ request: Request, id: UUID, action: Action) async throws -> Response {
        let found = try await database.run { db -> (EnrollmentRecord, [PersonEnrollment])? in
            guard let record = try db.enrollments.record(id: id) else { return nil }
            return (record, try db.personData.summaries(try db.personData.enrollmentIDs(sameEmailAs: id)))
        }
        guard let (record, affected) = found else { throw HTTPError(.notFound) }
        let n = affected.count
        let logs = affected.reduce(0) { $0 + $1.crmLogCount }
        let emails = affected.reduce(0) { $0 + $1.emailCount }
        let rows = affected.map { item in
            ConfirmModel.Row(
                href: PersonDataRoutes.path(item.id), reference: item.reference ?? item.id.lowercasedString,
                date: item.createdAt.map(AdminFormat.dateTime) ?? "—", course: AdminFormat.orDash(item.courseTitle),
                status: EnrollmentStatus.label(item.status), crm_logs: PersonDataRoutes.count(item.crmLogCount, "envoi CRM", "envois CRM"),
                emails: PersonDataRoutes.count(item.emailCount, "e-mail", "e-mails"))
        }
        let email = record.summary.email
        let intro = n == 1
            ? "Une seule inscription porte l’adresse « \(email) » :"
            : "\(PersonDataRoutes.enrollments(n)) portent l’adresse « \(email) » (sans tenir compte des majuscules) ; toutes sont concernées :"
        let path = PersonDataRoutes.path(id)
        let model: ConfirmModel
        let title: String
        switch action {
        case .anonymise:
            title = "Confirmer l’anonymisation"
            model = ConfirmModel(
                heading: "Anonymiser les données de « \(record.summary.fullName) » ?", intro: intro, rows: rows,
                consequences: [
                    "Nom, e-mail, téléphone, entreprise, fonction, motivation, besoins particuliers, notes et toutes les réponses libres sont remplacés par « \(Anonymisation.fullName) », « anonyme-…@\(Anonymisation.emailDomain) », « \(Anonymisation.text) » ou « \(Anonymisation.answer) ». Les réponses choisies dans une liste restent.",
                    "Journal CRM (\(PersonDataRoutes.count(logs, "envoi", "envois"))) : les données envoyées et reçues sont effacées ; statuts, tentatives et dates restent. Les envois pas encore faits sont annulés.",
                    "E-mails (\(PersonDataRoutes.count(emails, "message", "messages"))) : destinataire, objet et contenu effacés ; ceux pas encore envoyés sont annulés.",
                    "Les inscriptions restent comptées : tableau de bord, conversion et places des sessions ne changent pas.",
                ],
                warning: "L’anonymisation est définitive : exportez d’abord les données si la personne les demande.",
                action: path + "/anonymiser", cancel_href: path, button: "Anonymiser définitivement")
        case .delete:
            title = ConfirmPage.title
            model = ConfirmModel(
                heading: "Supprimer les données de « \(record.summary.fullName) » ?", intro: intro, rows: rows,
                consequences: [
                    "\(PersonDataRoutes.enrollments(n)), \(PersonDataRoutes.count(logs, "envoi CRM", "envois CRM")) du journal et \(PersonDataRoutes.count(emails, "e-mail", "e-mails")) sont supprimés.",
                    "Ces inscriptions disparaissent des chiffres (tableau de bord, conversion) et libèrent leur place de session.",
                    "Pour garder les chiffres, préférez l’anonymisation.",
                ],
                warning: "La suppression est définitive.",
                action: path + "/supprimer", cancel_href: path, button: "Supprimer définitivement")
        }
        return try admin.page("admin/person-data-confirm", model, title: title, request: request)
    }

    // MARK: - Anonymise, delete

    func anonymise(_ request: Request, id: UUID) async throws -> Response {
        let admin = request.admin
        let done = try await database.transaction { db -> Bool in
            let ids = try db.personData.enrollmentIDs(sameEmailAs: id, lock: true)
            guard !ids.isEmpty else { return false }
            let affected = try db.personData.summaries(ids)
            let reference = affected.first { $0.id == id }?.reference ?? id.lowercasedString
            let count = try db.personData.anonymise(ids)
            let summary = Plural.category(count, in: .fr) == .one ? "anonymisée" : "anonymisées"
            try db.audit.record(AuditEvent(
                .enrollment, "anonymised", record: id,
                "\(PersonDataRoutes.enrollments(count)) de la personne de l’inscription \(reference) \(summary), avec "
                    + "\(PersonDataRoutes.count(affected.reduce(0) { $0 + $1.crmLogCount }, "envoi CRM", "envois CRM")) et "
                    + "\(PersonDataRoutes.count(affected.reduce(0) { $0 + $1.emailCount }, "e-mail", "e-mails"))."),
                by: admin)
            return true
        }
        guard done else { throw HTTPError(.notFound) }
        return .redirect(to: PersonDataRoutes.path(id) + "?ok=anonymised", status: .seeOther)
    }

    func delete(_ request: Request, id: UUID) async throws -> Response {
        let admin = request.admin
        let done = try await database.transaction { db -> Bool in
            let ids = try db.personData.enrollmentIDs(sameEmailAs: id, lock: true)
            guard !ids.isEmpty else { return false }
            let reference = try db.personData.summaries([id]).first?.reference ?? id.lowercasedString
            let deleted = try db.personData.delete(ids)
            let summary = Plural.category(deleted.enrollments, in: .fr) == .one ? "supprimée" : "supprimées"
            try db.audit.record(AuditEvent(
                .enrollment, "deleted", record: id,
                "\(PersonDataRoutes.enrollments(deleted.enrollments)) de la personne de l’inscription \(reference) \(summary), avec "
                    + "\(PersonDataRoutes.count(deleted.crmLogs, "envoi CRM", "envois CRM")) et \(PersonDataRoutes.count(deleted.emails, "e-mail", "e-mails"))."),
                by: admin)
            return true
        }
        guard done else { throw HTTPError(.notFound) }
        return .redirect(to: "/admin/inscriptions?ok=person_deleted", status: .seeOther)
    }
}
