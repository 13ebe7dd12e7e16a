import Foundation
import Postgres

/// SQL for `admin_users`.
public struct AdminUserRepository: Sendable {
    let pool: PostgresPool
    let hasher: PasswordHasher

    public init(pool: PostgresPool, hasher: PasswordHasher = PasswordHasher()) {
        self.pool = pool
        self.hasher = hasher
    }

    public enum Outcome: Sendable, Equatable { case created, updated }

    /// Creates the admin, or sets a new password when the e-mail already exists.
    @discardableResult
    public func createOrUpdate(email: String, password: String, displayName: String? = nil) async throws -> Outcome {
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard normalized.contains("@"), normalized.count <= 254 else { throw AdminInputError("invalid e-mail address: \(email)") }
        guard password.count >= 10 else { throw AdminInputError("the password must have at least 10 characters") }
        let hash = try hasher.hash(password)
        let result = try await pool.query("""
            INSERT INTO admin_users (email, password_hash, display_name) VALUES ($1, $2, $3)
            ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash, is_active = true
            RETURNING (xmax = 0) AS inserted
            """, [normalized, hash, displayName])
        return try result.first?.decode("inserted", as: Bool.self) == true ? .created : .updated
    }

    public func count() async throws -> Int {
        try await pool.query("SELECT count(*) AS n FROM admin_users").first?.decode("n") ?? 0
    }
}

public struct AdminInputError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
