import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/comptes` (admins only): the accounts, with their role and state; inviting someone by
/// e-mail (a one-time link valid 48 h, sent through the e-mail outbox); changing a role;
/// deactivating and reactivating. Every change is audited. Nobody can lock the back office out:
/// the last active admin can be neither demoted nor deactivated, and nobody changes their own.
struct AccountAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    let composer: EmailComposer
    /// Nil without SMTP: the invitation link is then shown once to the inviting admin.
    let mail: MailSettings?
    let baseURL: String

    static let invitationLifetime: TimeInterval = 48 * 3600

    func register(_ routes: inout AdminRoutes) {
        routes.get("/admin/comptes", .adminOnly) { try await list($0, errors: [:], input: [:]) }
        routes.post("/admin/comptes/inviter", .adminOnly) { try await invite($0) }
        routes.post("/admin/comptes/{id}/role", .adminOnly) { try await changeRole($0, id: try $0.uuidParameter()) }
        routes.post("/admin/comptes/{id}/desactiver", .adminOnly) { try await setActive($0, id: try $0.uuidParameter(), active: false) }
        routes.post("/admin/comptes/{id}/activer", .adminOnly) { try await setActive($0, id: try $0.uuidParameter(), active: true) }
    }

    struct Row: Encodable {
        let id: String
        let email: String
        let name: String
        let role: String
        let roles: [SelectOption]
        let is_active: Bool
        let is_self: Bool
        let last_login: String
        let second_factor: String
    }

    struct Invitation: Encodable {
        let email: String
        let role: String
        let expires: String
    }

    struct ListModel: Encodable {
        let rows: [Row]
        let invitations: [Invitation]
        let has_invitations: Bool
        let fields: AdminFields
        let has_errors: Bool
        let error: String?
        /// Without SMTP, the link of the invitation just made (shown once).
        let invitation_link: String?
        let mail_configured: Bool
    }

    func list(_ request: Request, errors: [String: String], input: [String: String], error: String? = nil, link: String? = nil,
              status: HTTPResponseStatus = .ok) async throws -> Response {
        let (accounts, pending) = try await database.run { db in (try db.adminUsers.all(), try db.adminTokens.pendingInvitations()) }
        let me = request.admin?.userID
        let rows = accounts.map { account in
            Row(id: account.id.lowercasedString, email: account.email, name: account.displayName ?? "", role: account.role.label,
                roles: AdminRole.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == account.role) },
                is_active: account.isActive, is_self: account.id == me,
                last_login: account.lastLoginAt.map(AdminFormat.dateTime) ?? "jamais", second_factor: account.hasSecondFactor ? "activée" : "non")
        }
        var fields = AdminFields(errors: errors)
        fields.add("email", "E-mail", value: input["email"] ?? "", control: .input(type: "email"), required: true,
                   attributes: .init(maxLength: 254, autocomplete: "off"))
        fields.add("name", "Nom affiché", value: input["name"] ?? "", attributes: .init(maxLength: 120))
        fields.add("role", "Rôle", value: input["role"] ?? AdminRole.sales.rawValue, control: .select(AdminRole.allCases.map {
            SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (input["role"] ?? AdminRole.sales.rawValue))
        }), help: "Éditeur : formations, sessions, catégories, pages. Commercial : inscriptions, export, journal CRM en lecture.")
        let model = ListModel(
            rows: rows, invitations: pending.map { Invitation(email: $0.email, role: $0.role?.label ?? "—", expires: AdminFormat.dateTime($0.expiresAt)) },
            has_invitations: !pending.isEmpty, fields: fields, has_errors: !errors.isEmpty, error: error, invitation_link: link,
            mail_configured: mail != nil)
        return try admin.page("admin/accounts", model, title: "Comptes", request: request, status: status)
    }

    func invite(_ request: Request) async throws -> Response {
        let form = try request.formData()
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let name = String((form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(120))
        let role = AdminRole(rawValue: form["role"] ?? "")
        var errors: [String: String] = [:]
        if !FormValidator.isEmail(email) { errors["email"] = "Adresse e-mail invalide." }
        if role == nil { errors["role"] = "Choisissez un rôle." }
        if FormValidator.hasForbiddenCharacters(name, multiline: false) { errors["name"] = "Le nom contient des caractères non autorisés." }
        let input = ["email": email, "name": name, "role": form["role"] ?? ""]
        guard errors.isEmpty, let role, let actor = request.admin else {
            return try await list(request, errors: errors, input: input, status: .unprocessableEntity)
        }
        if try await database.run({ try $0.adminUsers.exists(email: email) }) {
            return try await list(request, errors: ["email": "Un compte existe déjà pour cette adresse (réactivez-le si besoin)."], input: input,
                                  status: .conflict)
        }
        let (composer, mail, baseURL) = (self.composer, self.mail, self.baseURL)
        let link = try await database.transaction { db -> String in
            let token = try db.adminTokens.issue(
                .invitation, email: email, userID: nil, role: role, displayName: name.nilIfEmpty, createdBy: actor.userID,
                lifetime: AccountAdminRoutes.invitationLifetime)
            let link = "\(baseURL)/admin/invitation/\(token)"
            if mail != nil {
                try db.emailOutbox.enqueue(
                    try composer.account(invitation: true, to: email, name: name, role: role, invitedBy: actor.displayName ?? actor.email, link: link),
                    enrollmentID: nil)
            }
            try db.audit.record(AuditEvent(.account, "invited", record: email, "Invitation envoyée à \(email) (\(role.label))."), by: actor)
            return link
        }
        guard mail == nil else { return .redirect(to: "/admin/comptes?ok=invited", status: .seeOther) }
        // No SMTP: the admin passes the link on themselves. Shown once, never stored in clear.
        return try await list(request, errors: [:], input: [:], link: link)
    }

    func changeRole(_ request: Request, id: UUID) async throws -> Response {
        guard let role = AdminRole(rawValue: try request.formData()["role"] ?? ""), let actor = request.admin else { throw HTTPError(.badRequest) }
        guard id != actor.userID else {
            return try await list(request, errors: [:], input: [:], error: "Vous ne pouvez pas changer votre propre rôle.", status: .conflict)
        }
        let outcome = try await database.transaction { db -> String? in
            guard let account = try db.adminUsers.find(id) else { throw HTTPError(.notFound) }
            if account.role == .admin, role != .admin, account.isActive, try db.adminUsers.otherActiveAdmins(than: id) == 0 {
                return "Il faut au moins un administrateur actif : ce compte reste administrateur."
            }
            try db.adminUsers.setRole(id, role)
            try db.audit.record(AuditEvent(.account, "role_changed", record: id,
                                           "Rôle de \(account.email) : \(account.role.label) → \(role.label)."), by: actor)
            return nil
        }
        if let outcome { return try await list(request, errors: [:], input: [:], error: outcome, status: .conflict) }
        return .redirect(to: "/admin/comptes?ok=saved", status: .seeOther)
    }

    func setActive(_ request: Request, id: UUID, active: Bool) async throws -> Response {
        guard let actor = request.admin else { throw HTTPError(.forbidden) }
        guard id != actor.userID else {
            return try await list(request, errors: [:], input: [:], error: "Vous ne pouvez pas désactiver votre propre compte.", status: .conflict)
        }
        let refused = try await database.transaction { db -> String? in
            guard let account = try db.adminUsers.find(id) else { throw HTTPError(.notFound) }
            if !active, account.role == .admin, try db.adminUsers.otherActiveAdmins(than: id) == 0 {
                return "Il faut au moins un administrateur actif."
            }
            try db.adminUsers.setActive(id, active)
            // A deactivated account is signed out everywhere at once.
            if !active { try db.adminSessions.deleteAll(userID: id) }
            try db.audit.record(AuditEvent(.account, active ? "activated" : "deactivated", record: id,
                                           "Compte \(account.email) \(active ? "réactivé" : "désactivé")."), by: actor)
            return nil
        }
        if let refused { return try await list(request, errors: [:], input: [:], error: refused, status: .conflict) }
        return .redirect(to: "/admin/comptes?ok=saved", status: .seeOther)
    }
}
