import Foundation
import HTTPServer
import NIOHTTP1

/// The middleware of the admin route group (`Routes`): a visitor without a valid session is sent
/// to the sign-in page (and back afterwards); every POST must carry the session's CSRF token
/// (`_csrf`), compared in constant time, or it is refused with 403. The signed-in admin reaches
/// handlers as a typed value, `request.admin`.
struct AdminAuthMiddleware: Middleware {
    let database: AppDatabase
    /// `ADMIN_2FA=required`: an `admin` account without TOTP sees only the page that turns it on.
    var secondFactorRequired = false

    /// What such an account may still reach.
    static let secondFactorSetupPaths: Set<String> = ["/admin/compte/2fa", "/admin/logout", "/admin/preferences/langue"]

    func respond(to request: Request, next: any Responder) async throws -> Response {
        var response: Response
        if let cookie = request.cookies[AdminSessionRepository.cookieName],
           let identity = try await database.run({ try $0.adminSessions.identity(cookieValue: cookie) }) {
            if request.method == .POST {
                let submitted = try request.formData()["_csrf"] ?? request.header("x-csrf-token") ?? ""
                guard ConstantTime.equal(submitted, identity.csrfToken) else {
                    throw HTTPError(.forbidden, "missing or wrong CSRF token on \(request.path)")
                }
            }
            if secondFactorRequired, identity.role == .admin, !identity.hasSecondFactor,
               !AdminAuthMiddleware.secondFactorSetupPaths.contains(request.path) {
                guard request.method == .GET || request.method == .HEAD else {
                    throw HTTPError(.forbidden, "admin without the mandatory second factor: \(request.path)")
                }
                return .redirect(to: "/admin/compte/2fa?obligatoire=1")
            }
            var authenticated = request
            authenticated.attributes[SignedInAdmin.self] = identity
            response = try await next.respond(to: authenticated)
        } else if request.method == .GET || request.method == .HEAD {
            response = .redirect(to: "/admin/login?next=\(PercentDecoding.encode(request.uri))")
        } else {
            throw HTTPError(.forbidden, "admin POST without a session")
        }
        // Admin pages are private and must never be framed or cached by shared caches.
        response.headers.replaceOrAdd(name: "cache-control", value: "no-store")
        return response
    }
}

/// The request attribute that carries the signed-in admin.
enum SignedInAdmin: RequestAttributeKey {
    typealias Value = AdminIdentity
}

extension Request {
    /// The signed-in admin, on routes of the admin group (nil elsewhere).
    var admin: AdminIdentity? { attributes[SignedInAdmin.self] }
}
