import Foundation
import Postgres

/// SQL for `admin_users`. Passwords arrive here already hashed (`AdminAccounts`).
struct AdminUserRepository {
    let connection: PostgresConnection

    /// Creates the admin, or sets a new password (and re-activates) when the e-mail exists.
    func createOrUpdate(email: String, passwordHash: String, displayName: String?) throws -> (id: UUID, outcome: AdminAccounts.Outcome) {
        let row = try connection.query("""
            INSERT INTO admin_users (email, password_hash, display_name) VALUES ($1, $2, $3)
            ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash, is_active = true
            RETURNING id, (xmax = 0) AS inserted
            """, [email, passwordHash, displayName]).first
        guard let row else { throw PostgresError.decoding(column: "id", reason: "no account returned") }
        return (try row.decode("id"), try row.decode("inserted", as: Bool.self) ? .created : .updated)
    }

    /// The active account with this (lower-cased) e-mail: its id and password hash, for sign-in.
    func credentials(email: String) throws -> (id: UUID, passwordHash: String)? {
        guard let row = try connection.query(
            "SELECT id, password_hash FROM admin_users WHERE lower(email) = $1 AND is_active", [email]).first else { return nil }
        return (try row.decode("id"), try row.decode("password_hash"))
    }

    func exists(email: String) throws -> Bool {
        try connection.query("SELECT 1 FROM admin_users WHERE lower(email) = lower($1)", [email]).first != nil
    }

    func count() throws -> Int {
        try connection.query("SELECT count(*) AS n FROM admin_users").first?.decode("n") ?? 0
    }

    func setInterfaceLanguage(_ id: UUID, _ language: Language) throws {
        try connection.query("UPDATE admin_users SET interface_language = $1 WHERE id = $2", [language.rawValue, id])
    }
}
