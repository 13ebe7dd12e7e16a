import Foundation
import HTTPServer
import NIOHTTP1

/// Guards `/admin`: a visitor without a valid session is sent to the sign-in page (and back
/// afterwards); every POST must carry the session's CSRF token (`_csrf`), compared in constant
/// time, or it is refused with 403. The signed-in admin travels to handlers in request attributes.
struct AdminAuthMiddleware: Middleware {
    let sessions: AdminSessionRepository

    static let publicPaths: Set<String> = ["/admin/login"]

    func respond(to request: Request, next: any Responder) async throws -> Response {
        guard request.pathSegments.first == "admin", !AdminAuthMiddleware.publicPaths.contains(request.path) else {
            return try await next.respond(to: request)
        }
        var response: Response
        if let cookie = request.cookies[AdminSessionRepository.cookieName], let identity = try await sessions.identity(cookieValue: cookie) {
            if request.method == .POST {
                let submitted = try request.formData()["_csrf"] ?? request.header("x-csrf-token") ?? ""
                guard ConstantTime.equal(submitted, identity.csrfToken) else {
                    throw HTTPError(.forbidden, "missing or wrong CSRF token on \(request.path)")
                }
            }
            var authenticated = request
            authenticated.attributes["admin.id"] = identity.userID.uuidString
            authenticated.attributes["admin.email"] = identity.email
            authenticated.attributes["admin.name"] = identity.displayName ?? identity.email
            authenticated.attributes["admin.csrf"] = identity.csrfToken
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

extension Request {
    /// The signed-in admin (set by `AdminAuthMiddleware`).
    var admin: AdminIdentity? {
        guard let id = attributes["admin.id"].flatMap(UUID.init(uuidString:)), let email = attributes["admin.email"],
              let csrf = attributes["admin.csrf"] else { return nil }
        return AdminIdentity(userID: id, email: email, displayName: attributes["admin.name"], csrfToken: csrf)
    }
}

/// Only local admin paths are valid places to return to after sign-in (no open redirect).
enum SafeRedirect {
    static func adminPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/admin"), !candidate.hasPrefix("//"), !candidate.contains("\\"),
              !candidate.unicodeScalars.contains(where: { $0.value < 0x20 }), candidate != "/admin/login" else { return "/admin" }
        return candidate
    }
}
