import Foundation
import HTTPServer
import Logging
import NIOHTTP1

/// The pages reached from a one-time link, outside the signed-in admin group:
/// - `/admin/invitation/{token}`: the invited person chooses their password (48 h link);
/// - `/admin/mot-de-passe-oublie`: asks for a reset link; the answer is the same whether the
///   address has an account or not, so the form reveals nothing;
/// - `/admin/reinitialiser/{token}`: a new password (1 h link), which ends every other session.
///
/// The link's random token is its own protection (CSRF cannot forge it); the "forgotten" form
/// uses a double-submit cookie like the sign-in form.
struct AccountLinkRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    let composer: EmailComposer
    let mail: MailSettings?
    let baseURL: String
    let secureCookies: Bool
    let logger: Logger
    let hasher = PasswordHasher()

    static let resetLifetime: TimeInterval = 3600
    static let forgotCSRFCookie = "bcos_forgot_csrf"
    var forgotCSRF: DoubleSubmitToken {
        DoubleSubmitToken(cookieName: AccountLinkRoutes.forgotCSRFCookie, path: "/admin/mot-de-passe-oublie", secureCookies: secureCookies)
    }
    /// Reset links per account per hour: enough for a typo, not for flooding a mailbox.
    static let resetsPerHour = 3

    func register(_ router: inout Router) {
        router.get("/admin/invitation/{token}") { try await invitationForm($0, errors: [:]) }
        router.post("/admin/invitation/{token}", maxBodyBytes: 8 * 1024) { try await acceptInvitation($0) }
        router.get("/admin/mot-de-passe-oublie") { try await forgotForm($0, sent: false) }
        router.post("/admin/mot-de-passe-oublie", maxBodyBytes: 8 * 1024) { try await requestReset($0) }
        router.get("/admin/reinitialiser/{token}") { try await resetForm($0, errors: [:]) }
        router.post("/admin/reinitialiser/{token}", maxBodyBytes: 8 * 1024) { try await reset($0) }
    }

    struct PasswordModel: Encodable {
        let heading: String
        let intro: String
        let action: String
        let email: String
        let name: String?
        let ask_name: Bool
        let errors: [String: String]
        let has_errors: Bool
        let expired: Bool
    }

    /// A new password typed twice: the errors in French, or nil when it is acceptable.
    static func passwordErrors(_ form: FormData) -> [String: String] {
        let (password, confirmation) = (form["password"] ?? "", form["password_confirmation"] ?? "")
        if password.count < 10 { return ["password": "Le mot de passe doit compter au moins 10 caractères."] }
        if password.count > 200 { return ["password": "Le mot de passe est trop long (200 caractères au plus)."] }
        if password != confirmation { return ["password_confirmation": "Les deux mots de passe ne sont pas identiques."] }
        return [:]
    }

    private func expiredPage(_ request: Request, heading: String) throws -> Response {
        let model = PasswordModel(
            heading: heading, intro: "Ce lien n’est plus valable : il a déjà servi, ou il a expiré.", action: "", email: "", name: nil,
            ask_name: false, errors: [:], has_errors: false, expired: true)
        return try admin.page("admin/password", model, title: heading, request: request, status: .gone)
    }

    // MARK: - Invitation

    func invitationForm(_ request: Request, errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let token = request.parameters["token"] ?? ""
        guard let invitation = try await database.run({ try $0.adminTokens.peek(token, .invitation) }) else {
            return try expiredPage(request, heading: "Invitation")
        }
        let model = PasswordModel(
            heading: "Bienvenue dans l’administration BCOS",
            intro: "Choisissez votre mot de passe (10 caractères au moins) pour activer votre compte « \(invitation.email) » (\(invitation.role?.label ?? "")).",
            action: "/admin/invitation/\(token)", email: invitation.email, name: invitation.displayName, ask_name: true, errors: errors,
            has_errors: !errors.isEmpty, expired: false)
        return try admin.page("admin/password", model, title: "Invitation", request: request, status: status)
    }

    func acceptInvitation(_ request: Request) async throws -> Response {
        let token = request.parameters["token"] ?? ""
        let form = try request.formData()
        let errors = AccountLinkRoutes.passwordErrors(form)
        guard errors.isEmpty else { return try await invitationForm(request, errors: errors, status: .unprocessableEntity) }
        let hasher = self.hasher
        let password = form["password"] ?? ""
        let hash = try await Task.detached { try hasher.hash(password) }.value
        let name = String((form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(120))
        let created = try await database.transaction { db -> Bool in
            guard let invitation = try db.adminTokens.consume(token, .invitation) else { return false }
            if try db.adminUsers.exists(email: invitation.email) { return false }
            let (id, _) = try db.adminUsers.createOrUpdate(
                email: invitation.email, passwordHash: hash, displayName: name.nilIfEmpty ?? invitation.displayName, role: invitation.role ?? .sales)
            try db.audit.record(AuditEvent(.account, "created", record: id,
                                           "Compte \(invitation.email) créé par invitation (\((invitation.role ?? .sales).label))."), by: nil)
            return true
        }
        guard created else { return try expiredPage(request, heading: "Invitation") }
        return .redirect(to: "/admin/login?ok=account_created", status: .seeOther)
    }

    // MARK: - Forgotten password

    struct ForgotModel: Encodable {
        let sent: Bool
        let csrf: String
    }

    func forgotForm(_ request: Request, sent: Bool) async throws -> Response {
        let (token, cookie) = forgotCSRF.make()
        var response = try admin.page("admin/forgot", ForgotModel(sent: sent, csrf: token), title: "Mot de passe oublié", request: request)
        response.setCookie(cookie)
        return response
    }

    func requestReset(_ request: Request) async throws -> Response {
        let form = try request.formData()
        guard forgotCSRF.matches(request, echoed: form["csrf"]) else {
            return try await forgotForm(request, sent: false)
        }
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let (composer, mail, baseURL) = (self.composer, self.mail, self.baseURL)
        if FormValidator.isEmail(email) {
            try await database.transaction { db in
                guard let id = try db.adminUsers.activeID(email: email),
                      try db.adminTokens.recentCount(userID: id, .reset) < AccountLinkRoutes.resetsPerHour else { return }
                let token = try db.adminTokens.issue(.reset, email: email, userID: id, lifetime: AccountLinkRoutes.resetLifetime)
                if mail != nil {
                    try db.emailOutbox.enqueue(
                        try composer.account(invitation: false, to: email, name: nil, role: nil, invitedBy: nil, link: "\(baseURL)/admin/reinitialiser/\(token)"),
                        enrollmentID: nil)
                }
                try db.audit.record(AuditEvent(.account, "reset_requested", record: id, "Lien de réinitialisation du mot de passe demandé."), by: nil)
            }
            if mail == nil { request.logger(or: logger).notice("password reset asked but SMTP_URL is not set: no e-mail can be sent") }
        }
        // The same answer in every case: the page never tells whether the address has an account.
        return try await forgotForm(request, sent: true)
    }

    // MARK: - Reset

    func resetForm(_ request: Request, errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let token = request.parameters["token"] ?? ""
        guard let reset = try await database.run({ try $0.adminTokens.peek(token, .reset) }) else {
            return try expiredPage(request, heading: "Nouveau mot de passe")
        }
        let model = PasswordModel(
            heading: "Nouveau mot de passe", intro: "Choisissez un nouveau mot de passe pour « \(reset.email) ». Vos autres sessions seront fermées.",
            action: "/admin/reinitialiser/\(token)", email: reset.email, name: nil, ask_name: false, errors: errors, has_errors: !errors.isEmpty,
            expired: false)
        return try admin.page("admin/password", model, title: "Nouveau mot de passe", request: request, status: status)
    }

    func reset(_ request: Request) async throws -> Response {
        let token = request.parameters["token"] ?? ""
        let form = try request.formData()
        let errors = AccountLinkRoutes.passwordErrors(form)
        guard errors.isEmpty else { return try await resetForm(request, errors: errors, status: .unprocessableEntity) }
        let hasher = self.hasher
        let password = form["password"] ?? ""
        let hash = try await Task.detached { try hasher.hash(password) }.value
        let done = try await database.transaction { db -> Bool in
            guard let reset = try db.adminTokens.consume(token, .reset), let id = reset.userID else { return false }
            try db.adminUsers.setPassword(id, hash: hash)
            // A reset ends every other session of the account (a stolen cookie stops working).
            try db.adminSessions.deleteAll(userID: id)
            try db.audit.record(AuditEvent(.account, "password_reset", record: id, "Mot de passe réinitialisé par lien ; sessions fermées."), by: nil)
            return true
        }
        guard done else { return try expiredPage(request, heading: "Nouveau mot de passe") }
        return .redirect(to: "/admin/login?ok=password_reset", status: .seeOther)
    }
}
