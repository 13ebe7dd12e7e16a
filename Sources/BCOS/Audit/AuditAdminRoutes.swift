import Foundation
import HTTPServer

/// `/admin/journal` (admins only): every change made in the back office and every sign-in,
/// newest first, filtered by person, kind and date.
struct AuditAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    static let pageSize = 50

    func register(_ routes: inout AdminRoutes) {
        routes.get("/admin/journal", .adminOnly) { try await list($0) }
    }

    struct Row: Encodable {
        let date: String
        let person: String
        let kind: String
        let action: String
        let record: String
        let summary: String
    }

    struct Model: Encodable {
        let rows: [Row]
        let has_rows: Bool
        let people: [SelectOption]
        let kinds: [SelectOption]
        let from: String
        let to: String
        let total: Int
        let page: Int
        let page_count: Int
        let prev_href: String?
        let next_href: String?
    }

    static let actions: [String: String] = [
        "created": "création", "updated": "modification", "deleted": "suppression", "status_changed": "changement de statut",
        "exported": "export", "anonymised": "anonymisation", "secret_changed": "secret changé", "invited": "invitation",
        "role_changed": "rôle changé", "activated": "réactivation", "deactivated": "désactivation", "signed_in": "connexion",
        "failed": "échec de connexion", "reset_requested": "lien de mot de passe demandé", "password_reset": "mot de passe réinitialisé",
        "second_factor_on": "double authentification activée", "second_factor_off": "double authentification désactivée",
        "duplicated": "duplication", "closed": "fermeture", "cancelled": "annulation", "admitted": "sortie de liste d’attente",
    ]

    func list(_ request: Request) async throws -> Response {
        let query = request.lenientQuery
        let filter = AuditRepository.Filter(
            actorEmail: query["personne"]?.nilIfEmpty, kind: AuditEvent.Kind(rawValue: query["type"] ?? ""),
            from: query["du"].flatMap(SessionDateText.parseDay), to: query["au"].flatMap(SessionDateText.parseDay))
        let pageNumber = Pagination.pageNumber(query["page"])
        let (total, entries, people) = try await database.run { db in
            let total = try db.audit.count(filter)
            let page = Pagination(page: pageNumber, pageSize: AuditAdminRoutes.pageSize, total: total)
            return (total, try db.audit.list(filter, limit: page.pageSize, offset: page.offset), try db.audit.actors())
        }
        let page = Pagination(page: pageNumber, pageSize: AuditAdminRoutes.pageSize, total: total)
        func href(_ number: Int) -> String {
            "/admin/journal" + QueryString().adding("personne", filter.actorEmail).adding("type", filter.kind?.rawValue)
                .adding("du", filter.from).adding("au", filter.to).addingPage(number).text
        }
        let model = Model(
            rows: entries.map { entry in
                Row(date: AdminFormat.dateTime(entry.at), person: entry.actorEmail ?? "—",
                    kind: AuditEvent.Kind(rawValue: entry.kind)?.label ?? entry.kind, action: AuditAdminRoutes.actions[entry.action] ?? entry.action,
                    record: entry.recordID ?? "", summary: entry.summary)
            },
            has_rows: !entries.isEmpty,
            people: people.map { SelectOption(value: $0, label: $0, selected: $0.lowercased() == filter.actorEmail?.lowercased()) },
            kinds: AuditEvent.Kind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == filter.kind) },
            from: filter.from ?? "", to: filter.to ?? "", total: total, page: page.page, page_count: page.pageCount,
            prev_href: page.hasPrevious ? href(page.page - 1) : nil, next_href: page.hasNext ? href(page.page + 1) : nil)
        return try admin.page("admin/journal", model, title: "Journal des modifications", request: request)
    }
}
