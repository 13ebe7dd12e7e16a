import Foundation
import Postgres

/// Admin sessions in PostgreSQL (`admin_sessions`), so every app instance knows every session.
/// The cookie holds a random 256-bit token; the table keeps only its SHA-256, so a database leak
/// yields no usable cookie. Sessions end after `idleTimeout` without use, and in any case
/// `absoluteLifetime` after sign-in; sign-out deletes the row, a password reset all of them.
struct AdminSessionRepository {
    let connection: PostgresConnection
    var idleTimeout: TimeInterval = 2 * 3600
    /// However active, a session ends this long after sign-in (a stolen cookie has a deadline).
    var absoluteLifetime: TimeInterval = 12 * 3600

    static let cookieName = "bcos_admin"

    struct Created: Sendable {
        let cookieValue: String
        let csrfToken: String
    }

    func create(userID: UUID, ip: String?, userAgent: String?) throws -> Created {
        let token = RandomToken.make(bytes: 32)
        let csrf = RandomToken.make(bytes: 32)
        try connection.query("""
            INSERT INTO admin_sessions (token_hash, admin_user_id, csrf_token, expires_at, ip, user_agent)
            VALUES ($1, $2, $3, NOW() + make_interval(secs => $4), $5, $6)
            """, [AdminSessionRepository.hash(token), userID, csrf, Int(idleTimeout), ip, userAgent.map { String($0.prefix(300)) }])
        try connection.query("UPDATE admin_users SET last_login_at = NOW() WHERE id = $1", [userID])
        return Created(cookieValue: token, csrfToken: csrf)
    }

    /// The admin for a cookie value, sliding the idle expiry forward.
    func identity(cookieValue: String) throws -> AdminIdentity? {
        guard cookieValue.count == 43, cookieValue.allSatisfy({ $0.isASCII }) else { return nil }
        let row = try connection.query("""
            UPDATE admin_sessions s
               SET last_seen_at = NOW(), expires_at = NOW() + make_interval(secs => $2)
              FROM admin_users u
             WHERE s.token_hash = $1 AND u.id = s.admin_user_id AND u.is_active AND s.expires_at > NOW()
               AND s.created_at > NOW() - make_interval(secs => $3)
            RETURNING u.id, u.email, u.display_name, s.csrf_token, u.interface_language, u.role, u.totp_enabled_at IS NOT NULL AS totp
            """, [AdminSessionRepository.hash(cookieValue), Int(idleTimeout), Int(absoluteLifetime)]).first
        guard let row else { return nil }
        return AdminIdentity(
            userID: try row.decode("id"), email: try row.decode("email"),
            displayName: try row.decodeIfPresent("display_name"), csrfToken: try row.decode("csrf_token"),
            // Read tolerantly: a value the code does not know is French.
            interfaceLanguage: Language(rawValue: try row.decodeIfPresent("interface_language") ?? "fr") ?? .fr,
            // An unknown role (hand-edited) gets the least: sales.
            role: AdminRole(rawValue: try row.decodeIfPresent("role") ?? "") ?? .sales,
            hasSecondFactor: try row.decodeIfPresent("totp") ?? false)
    }

    func delete(cookieValue: String) throws {
        try connection.query("DELETE FROM admin_sessions WHERE token_hash = $1", [AdminSessionRepository.hash(cookieValue)])
    }

    func purgeExpired() throws {
        try connection.query(
            "DELETE FROM admin_sessions WHERE expires_at < NOW() OR created_at < NOW() - make_interval(secs => $1)", [Int(absoluteLifetime)])
    }

    /// Ends every session of an account (its password was reset).
    func deleteAll(userID: UUID) throws {
        try connection.query("DELETE FROM admin_sessions WHERE admin_user_id = $1", [userID])
    }

    static func hash(_ token: String) -> String { TokenHash.sha256Hex(token) }
}
