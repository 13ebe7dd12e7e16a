import Foundation
import HTTPServer
import Logging
import NIOHTTP1

/// Two-factor sign-in (TOTP, RFC 6238: 30 s steps, ±1 step; recovery codes shown once).
/// - `/admin/login/code`: the second step after a correct password, for accounts that have it
///   (a 5-minute pending token in a cookie; every wrong code counts in the sign-in throttle);
/// - `/admin/compte/2fa`: an admin turns it on (scan the key, type a code to prove it works,
///   receive recovery codes) or off (with a current code). With `ADMIN_2FA=required`, an
///   `admin` account without it is sent here before any other page (`AdminAuthMiddleware`).
struct SecondFactorRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    let throttle: LoginThrottle
    let box: SecretBox
    let secureCookies: Bool
    let logger: Logger

    static let stepLifetime: TimeInterval = 300
    static let cookieName = "bcos_2fa"
    static let issuer = "BCOS Formation"

    func registerSignInStep(_ router: inout Router) {
        router.get("/admin/login/code") { try await codeForm($0, error: nil, status: .ok) }
        router.post("/admin/login/code", maxBodyBytes: 8 * 1024) { try await verifyCode($0) }
    }

    func registerSetup(_ routes: inout AdminRoutes) {
        routes.get("/admin/compte/2fa", .everyone) { try await setupPage($0, error: nil, pendingSecret: nil) }
        routes.post("/admin/compte/2fa", .everyone) { try await enable($0) }
        routes.post("/admin/compte/2fa/desactiver", .everyone) { try await disable($0) }
    }

    // MARK: - The sign-in's second step

    struct CodeModel: Encodable {
        let error: String?
        let next: String
    }

    func codeForm(_ request: Request, error: String?, status: HTTPResponseStatus) async throws -> Response {
        guard request.cookies[SecondFactorRoutes.cookieName] != nil else { return .redirect(to: "/admin/login", status: .seeOther) }
        let next = SafeRedirect.adminPath(request.lenientQuery["next"] ?? (try? request.formData()["next"]) ?? nil)
        return try admin.page("admin/login-code", CodeModel(error: error, next: next), title: "Code de connexion", request: request, status: status)
    }

    func verifyCode(_ request: Request) async throws -> Response {
        let form = try request.formData()
        guard let pending = request.cookies[SecondFactorRoutes.cookieName],
              let step = try await database.run({ try $0.adminTokens.peek(pending, .secondFactor) }), let userID = step.userID else {
            var expired = try await self.codeFormExpired(request)
            expired.setCookie(SetCookie.expired(SecondFactorRoutes.cookieName, path: "/admin/login"))
            return expired
        }
        let attempt: Int
        switch try await throttle.reserve(email: step.email, ip: request.remoteAddress) {
        case .allowed(let reserved): attempt = reserved
        case .locked:
            return try await codeForm(request, error: "Trop de tentatives. Par sécurité, réessayez dans quelques minutes.", status: .tooManyRequests)
        }
        let typed = (form["code"] ?? "").trimmingCharacters(in: .whitespaces)
        let accepted = try await database.transaction { db -> Bool in
            guard let factor = try db.adminUsers.secondFactor(userID) else { return false }
            if let counter = TOTP(secret: factor.secret).verify(typed, at: Date()) {
                // A code is good once: the same step cannot sign in twice.
                return try db.adminUsers.acceptCounter(userID, counter)
            }
            return try db.adminUsers.useRecoveryCode(userID, hash: RecoveryCodes.hash(typed))
        }
        try await throttle.finish(attempt, email: step.email, ip: request.remoteAddress, succeeded: accepted)
        guard accepted, try await database.run({ try $0.adminTokens.consume(pending, .secondFactor) }) != nil else {
            try await database.run { try $0.audit.recordSignIn(email: step.email, userID: userID, succeeded: false) }
            return try await codeForm(request, error: "Code incorrect. Saisissez le code à 6 chiffres de votre application, ou un code de secours.",
                                      status: .unauthorized)
        }
        var response = try await LoginRoutes.startSession(
            userID: userID, email: step.email, next: SafeRedirect.adminPath(form["next"]), request: request, database: database,
            secureCookies: secureCookies, logger: logger)
        response.setCookie(SetCookie.expired(SecondFactorRoutes.cookieName, path: "/admin/login"))
        return response
    }

    private func codeFormExpired(_ request: Request) async throws -> Response {
        var response = Response.redirect(to: "/admin/login?ok=code_expired", status: .seeOther)
        response.headers.replaceOrAdd(name: "cache-control", value: "no-store")
        return response
    }

    // MARK: - Setup

    struct SetupModel: Encodable {
        let enabled: Bool
        let required: Bool
        /// The key to type into the app (base32, in groups of four) and its otpauth:// address.
        let key: String?
        let uri: String?
        /// The new secret, sealed, carried by the form until the first code proves it.
        let sealed_secret: String?
        let error: String?
        /// Shown once, right after turning it on.
        let recovery_codes: [String]
        let has_recovery_codes: Bool
    }

    func setupPage(_ request: Request, error: String?, pendingSecret: [UInt8]?, recovery: [String] = [],
                   status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let me = request.admin else { throw HTTPError(.forbidden) }
        let enabled = try await database.run { try $0.adminUsers.secondFactor(me.userID) } != nil
        let secret = enabled ? nil : (pendingSecret ?? TOTP.randomSecret())
        let key = secret.map { Base32.encode($0).enumerated().map { $0.offset > 0 && $0.offset % 4 == 0 ? " \($0.element)" : "\($0.element)" }.joined() }
        let model = SetupModel(
            enabled: enabled, required: request.lenientQuery["obligatoire"] != nil, key: key,
            uri: secret.map { TOTP(secret: $0).provisioningURI(account: me.email, issuer: SecondFactorRoutes.issuer) },
            sealed_secret: secret.map { box.seal(Base32.encode($0)) }, error: error, recovery_codes: recovery,
            has_recovery_codes: !recovery.isEmpty)
        return try admin.page("admin/second-factor", model, title: "Double authentification", request: request, status: status)
    }

    func enable(_ request: Request) async throws -> Response {
        guard let me = request.admin else { throw HTTPError(.forbidden) }
        let form = try request.formData()
        guard let opened = box.open(form["secret"] ?? ""), let secret = Base32.decode(opened), secret.count >= 16 else {
            return try await setupPage(request, error: "La clé a expiré : recommencez avec la nouvelle clé ci-dessous.", pendingSecret: nil,
                                       status: .unprocessableEntity)
        }
        guard let counter = TOTP(secret: secret).verify(form["code"] ?? "", at: Date()) else {
            return try await setupPage(request, error: "Code incorrect : vérifiez l’heure du téléphone et saisissez le code affiché.",
                                       pendingSecret: secret, status: .unprocessableEntity)
        }
        let codes = RecoveryCodes.generate()
        try await database.transaction { db in
            try db.adminUsers.enableSecondFactor(me.userID, secret: secret, recoveryHashes: codes.map(RecoveryCodes.hash))
            _ = try db.adminUsers.acceptCounter(me.userID, counter)
            try db.audit.record(AuditEvent(.account, "second_factor_on", record: me.userID, "Double authentification activée pour \(me.email)."), by: me)
        }
        return try await setupPage(request, error: nil, pendingSecret: nil, recovery: codes)
    }

    func disable(_ request: Request) async throws -> Response {
        guard let me = request.admin else { throw HTTPError(.forbidden) }
        let typed = try request.formData()["code"] ?? ""
        let done = try await database.transaction { db -> Bool in
            guard let factor = try db.adminUsers.secondFactor(me.userID), TOTP(secret: factor.secret).verify(typed, at: Date()) != nil else { return false }
            try db.adminUsers.disableSecondFactor(me.userID)
            try db.audit.record(AuditEvent(.account, "second_factor_off", record: me.userID, "Double authentification désactivée pour \(me.email)."), by: me)
            return true
        }
        guard done else {
            return try await setupPage(request, error: "Code incorrect : la double authentification reste active.", pendingSecret: nil, status: .unprocessableEntity)
        }
        return .redirect(to: "/admin/compte/2fa?ok=second_factor_off", status: .seeOther)
    }
}
