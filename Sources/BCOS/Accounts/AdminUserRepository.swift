import Foundation
import Postgres

/// SQL for `admin_users`. Passwords arrive here already hashed (`AdminAccounts`).
struct AdminUserRepository {
    let connection: PostgresConnection
    /// Seals TOTP secrets with `SECRET_KEY`, like CRM secrets.
    let box: SecretBox

    /// Creates the admin, or sets a new password (and re-activates) when the e-mail exists.
    func createOrUpdate(email: String, passwordHash: String, displayName: String?, role: AdminRole? = nil) throws -> (id: UUID, outcome: AdminAccounts.Outcome) {
        let row = try connection.query("""
            INSERT INTO admin_users (email, password_hash, display_name, role) VALUES ($1, $2, $3, COALESCE($4, 'admin'))
            ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash, is_active = true,
                   role = COALESCE($4, admin_users.role)
            RETURNING id, (xmax = 0) AS inserted
            """, [email, passwordHash, displayName, role?.rawValue]).first
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

    /// One account as the accounts page lists it.
    struct Account: Sendable {
        var id: UUID
        var email: String
        var displayName: String?
        var role: AdminRole
        var isActive: Bool
        var lastLoginAt: Date?
        var hasSecondFactor: Bool
    }

    private static let accountColumns = "id, email, display_name, role, is_active, last_login_at, totp_enabled_at IS NOT NULL AS totp"

    private static func account(_ row: Row) throws -> Account {
        Account(id: try row.decode("id"), email: try row.decode("email"), displayName: try row.decodeIfPresent("display_name"),
                role: AdminRole(rawValue: try row.decode("role")) ?? .sales, isActive: try row.decode("is_active"),
                lastLoginAt: try row.decodeIfPresent("last_login_at"), hasSecondFactor: try row.decode("totp"))
    }

    func all() throws -> [Account] {
        try connection.query("SELECT \(AdminUserRepository.accountColumns) FROM admin_users ORDER BY is_active DESC, lower(email)").rows
            .map(AdminUserRepository.account)
    }

    func find(_ id: UUID) throws -> Account? {
        try connection.query("SELECT \(AdminUserRepository.accountColumns) FROM admin_users WHERE id = $1", [id]).first
            .map(AdminUserRepository.account)
    }

    /// The active account with this e-mail, whatever its password (password resets).
    func activeID(email: String) throws -> UUID? {
        try connection.query("SELECT id FROM admin_users WHERE lower(email) = lower($1) AND is_active", [email]).first?.decode("id")
    }

    func setRole(_ id: UUID, _ role: AdminRole) throws {
        try connection.query("UPDATE admin_users SET role = $1 WHERE id = $2", [role.rawValue, id])
    }

    func setActive(_ id: UUID, _ active: Bool) throws {
        try connection.query("UPDATE admin_users SET is_active = $1 WHERE id = $2", [active, id])
    }

    func setPassword(_ id: UUID, hash: String) throws {
        try connection.query("UPDATE admin_users SET password_hash = $1, is_active = true WHERE id = $2", [hash, id])
    }

    /// Active admins other than `id` (the last admin may not be demoted or deactivated).
    func otherActiveAdmins(than id: UUID) throws -> Int {
        try connection.query("SELECT count(*) AS n FROM admin_users WHERE role = 'admin' AND is_active AND id <> $1", [id]).first?.decode("n") ?? 0
    }

    // MARK: - TOTP

    /// The account's TOTP secret (opened) and the last accepted time step, when TOTP is on.
    func secondFactor(_ id: UUID) throws -> (secret: [UInt8], lastCounter: Int?)? {
        guard let row = try connection.query(
            "SELECT totp_secret, totp_last_counter FROM admin_users WHERE id = $1 AND totp_enabled_at IS NOT NULL", [id]).first,
              let stored: String = try row.decodeIfPresent("totp_secret"), let opened = box.open(stored), let secret = Base32.decode(opened)
        else { return nil }
        return (secret, try row.decodeIfPresent("totp_last_counter"))
    }

    /// Turns TOTP on with this secret and these recovery codes (hashes), replacing older ones.
    func enableSecondFactor(_ id: UUID, secret: [UInt8], recoveryHashes: [String]) throws {
        let sealed = box.seal(Base32.encode(secret))
        try connection.query("UPDATE admin_users SET totp_secret = $1, totp_enabled_at = NOW(), totp_last_counter = NULL WHERE id = $2", [sealed, id])
        try connection.query("DELETE FROM admin_recovery_codes WHERE admin_user_id = $1", [id])
        for hash in recoveryHashes {
            try connection.query("INSERT INTO admin_recovery_codes (admin_user_id, code_hash) VALUES ($1, $2)", [id, hash])
        }
    }

    func disableSecondFactor(_ id: UUID) throws {
        try connection.query("UPDATE admin_users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_counter = NULL WHERE id = $1", [id])
        try connection.query("DELETE FROM admin_recovery_codes WHERE admin_user_id = $1", [id])
    }

    /// Records the time step just used; false when it is not newer than the last one (a replay).
    func acceptCounter(_ id: UUID, _ counter: Int) throws -> Bool {
        try connection.query("""
            UPDATE admin_users SET totp_last_counter = $1 WHERE id = $2 AND (totp_last_counter IS NULL OR totp_last_counter < $1)
            """, [counter, id]).affectedRows == 1
    }

    /// Uses a recovery code up; false when it is unknown or already used.
    func useRecoveryCode(_ id: UUID, hash: String) throws -> Bool {
        try connection.query("""
            UPDATE admin_recovery_codes SET used_at = NOW() WHERE admin_user_id = $1 AND code_hash = $2 AND used_at IS NULL
            """, [id, hash]).affectedRows == 1
    }
}
