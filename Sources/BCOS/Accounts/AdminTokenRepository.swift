import Foundation
import Postgres

/// SQL for `admin_tokens`: invitation and reset links, and the pending second step of a
/// two-factor sign-in. The caller keeps the random token; the table only its SHA-256.
struct AdminTokenRepository {
    let connection: PostgresConnection

    enum Purpose: String, Sendable { case invitation, reset, secondFactor = "second_factor" }

    struct Token: Sendable {
        var email: String
        var userID: UUID?
        var role: AdminRole?
        var displayName: String?
    }

    /// A new token for `purpose`, valid `lifetime`; returns the raw token for the link or cookie.
    func issue(_ purpose: Purpose, email: String, userID: UUID?, role: AdminRole? = nil, displayName: String? = nil,
               createdBy: UUID? = nil, lifetime: TimeInterval) throws -> String {
        let token = RandomToken.make(bytes: 32)
        try connection.query("""
            INSERT INTO admin_tokens (token_hash, purpose, email, admin_user_id, role, display_name, created_by, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, NOW() + make_interval(secs => $8))
            """, [AdminTokenRepository.hash(token), purpose.rawValue, email, userID, role?.rawValue, displayName, createdBy, Int(lifetime)])
        return token
    }

    /// The token's facts while it is unused and unexpired (nil otherwise).
    func peek(_ token: String, _ purpose: Purpose) throws -> Token? {
        guard token.count <= 100 else { return nil }
        return try connection.query("""
            SELECT email, admin_user_id, role, display_name FROM admin_tokens
            WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > NOW()
            """, [AdminTokenRepository.hash(token), purpose.rawValue]).first.map(AdminTokenRepository.token)
    }

    /// Uses the token up (once: a second use finds nothing), returning its facts.
    func consume(_ token: String, _ purpose: Purpose) throws -> Token? {
        guard token.count <= 100 else { return nil }
        return try connection.query("""
            UPDATE admin_tokens SET used_at = NOW()
            WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > NOW()
            RETURNING email, admin_user_id, role, display_name
            """, [AdminTokenRepository.hash(token), purpose.rawValue]).first.map(AdminTokenRepository.token)
    }

    /// Reset links sent to an account in the last hour (at most a few: the form can be abused).
    func recentCount(userID: UUID, _ purpose: Purpose) throws -> Int {
        try connection.query("""
            SELECT count(*) AS n FROM admin_tokens WHERE admin_user_id = $1 AND purpose = $2 AND created_at > NOW() - interval '1 hour'
            """, [userID, purpose.rawValue]).first?.decode("n") ?? 0
    }

    /// Invitations waiting for an answer, for the accounts page.
    func pendingInvitations() throws -> [(email: String, role: AdminRole?, expiresAt: Date)] {
        try connection.query("""
            SELECT email, role, expires_at FROM admin_tokens WHERE purpose = 'invitation' AND used_at IS NULL AND expires_at > NOW()
            ORDER BY created_at DESC LIMIT 100
            """).rows.map {
            (try $0.decode("email"), AdminRole(rawValue: try $0.decodeIfPresent("role") ?? ""), try $0.decode("expires_at"))
        }
    }

    func purgeOld() throws {
        try connection.query("DELETE FROM admin_tokens WHERE expires_at < NOW() - interval '7 days'")
    }

    private static func token(_ row: Row) throws -> Token {
        Token(email: try row.decode("email"), userID: try row.decodeIfPresent("admin_user_id"),
              role: AdminRole(rawValue: try row.decodeIfPresent("role") ?? ""), displayName: try row.decodeIfPresent("display_name"))
    }

    static func hash(_ token: String) -> String { TokenHash.sha256Hex(token) }
}
