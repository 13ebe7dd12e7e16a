import Foundation
import HTTPServer
import NIOHTTP1
import Logging

/// `GET/POST /admin/login` and `POST /admin/logout`.
///
/// The sign-in form is protected against login CSRF with a double-submit token: a random value in
/// a short-lived cookie that the form must echo. A new session token is issued at every sign-in.
struct LoginRoutes: Sendable {
    let database: AppDatabase
    let throttle: LoginThrottle
    let admin: AdminRenderer
    let secureCookies: Bool
    let logger: Logger
    let hasher = PasswordHasher()

    static let loginCSRFCookie = "bcos_login_csrf"
    var loginCSRF: DoubleSubmitToken { DoubleSubmitToken(cookieName: LoginRoutes.loginCSRFCookie, path: "/admin/login", secureCookies: secureCookies) }

    func register(_ router: inout Router) {
        router.get("/admin/login") { try await form($0, email: "", error: nil, status: .ok) }
        // A sign-in form is two short fields: a few KB, refused before reading anything larger.
        router.post("/admin/login", maxBodyBytes: 8 * 1024) { try await signIn($0) }
        router.post("/admin/logout") { try await signOut($0) }
    }

    struct Model: Encodable {
        let email: String
        let error: String?
        let next: String
        let login_csrf: String
    }

    func form(_ request: Request, email: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let (token, cookie) = loginCSRF.make()
        let next = SafeRedirect.adminPath(request.lenientQuery["next"] ?? (try? request.formData()["next"]) ?? nil)
        var response = try admin.page(
            "admin/login", Model(email: email, error: error, next: next, login_csrf: token),
            title: "Connexion", request: request, status: status)
        response.setCookie(cookie)
        return response
    }

    func signIn(_ request: Request) async throws -> Response {
        let logger = request.logger(or: self.logger)
        let form = try request.formData()
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form["password"] ?? ""
        guard loginCSRF.matches(request, echoed: form["login_csrf"]) else {
            return try await self.form(request, email: email, error: "La page de connexion a expiré. Merci de réessayer.", status: .forbidden)
        }
        let attempt: Int
        switch try await throttle.reserve(email: email, ip: request.remoteAddress) {
        case .allowed(let reserved):
            attempt = reserved
        case .locked(let retryAfter):
            logger.warning("sign-in slowed down for \(LogSafe.escape(email.isEmpty ? "(empty)" : email)) from \(request.remoteAddress ?? "?")")
            let minutes = max(1, (retryAfter + 59) / 60)
            var response = try await self.form(
                request, email: email,
                error: retryAfter < 60
                    ? "Trop de tentatives de connexion échouées. Par sécurité, patientez \(retryAfter) seconde\(retryAfter > 1 ? "s" : "") avant de réessayer."
                    : "Trop de tentatives de connexion échouées. Par sécurité, réessayez dans \(minutes) minute\(minutes > 1 ? "s" : "").",
                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "retry-after", value: String(retryAfter))
            return response
        }
        let account = try await database.run { try $0.adminUsers.credentials(email: email) }
        let hash = account?.passwordHash
        let hasher = self.hasher
        // Verify even for unknown accounts (against a dummy hash), so timing does not reveal which e-mails exist.
        let valid = await Task.detached { hasher.verify(password, against: hash ?? LoginRoutes.dummyHash) }.value && hash != nil
        try await throttle.finish(attempt, email: email, ip: request.remoteAddress, succeeded: valid)
        guard valid, let userID = account?.id else {
            logger.notice("failed sign-in for \(LogSafe.escape(email.isEmpty ? "(empty)" : email)) from \(request.remoteAddress ?? "?")")
            try await database.run { try $0.audit.recordSignIn(email: email, userID: account?.id, succeeded: false) }
            return try await self.form(request, email: email, error: "E-mail ou mot de passe incorrect.", status: .unauthorized)
        }
        let next = SafeRedirect.adminPath(form["next"])
        // Two-factor accounts: the password only opens the second step (a code, 5 minutes).
        let pending = try await database.run { db -> String? in
            guard try db.adminUsers.secondFactor(userID) != nil else { return nil }
            return try db.adminTokens.issue(.secondFactor, email: email, userID: userID, lifetime: SecondFactorRoutes.stepLifetime)
        }
        if let pending {
            var response = Response.redirect(to: "/admin/login/code?next=\(PercentDecoding.encode(next))", status: .seeOther)
            response.setCookie(SetCookie(name: SecondFactorRoutes.cookieName, value: pending, path: "/admin/login", maxAge: Int(SecondFactorRoutes.stepLifetime),
                                         secure: secureCookies, sameSite: .strict))
            return response
        }
        return try await LoginRoutes.startSession(userID: userID, email: email, next: next, request: request, database: database,
                                                  secureCookies: secureCookies, logger: logger)
    }

    /// Signs the account in (new session cookie, audited) and sends it on to `next`.
    static func startSession(userID: UUID, email: String, next: String, request: Request, database: AppDatabase, secureCookies: Bool,
                             logger: Logger) async throws -> Response {
        let (ip, userAgent) = (request.remoteAddress, request.header("user-agent"))
        let created = try await database.run { db in
            let created = try db.adminSessions.create(userID: userID, ip: ip, userAgent: userAgent)
            try db.audit.recordSignIn(email: email, userID: userID, succeeded: true)
            return created
        }
        request.logger(or: logger).info("admin \(LogSafe.escape(email)) signed in")
        var response = Response.redirect(to: next, status: .seeOther)
        response.setCookie(SetCookie(name: AdminSessionRepository.cookieName, value: created.cookieValue, path: "/", secure: secureCookies, sameSite: .lax))
        response.setCookie(SetCookie.expired(LoginRoutes.loginCSRFCookie, path: "/admin/login"))
        return response
    }

    func signOut(_ request: Request) async throws -> Response {
        if let cookie = request.cookies[AdminSessionRepository.cookieName] {
            try await database.run { try $0.adminSessions.delete(cookieValue: cookie) }
        }
        var response = Response.redirect(to: "/admin/login?ok=signed_out", status: .seeOther)
        response.setCookie(SetCookie.expired(AdminSessionRepository.cookieName))
        return response
    }

    /// A valid scrypt hash of a random password, for constant-time failures on unknown e-mails.
    static let dummyHash = (try? PasswordHasher().hash(RandomToken.make(bytes: 16))) ?? ""
}
