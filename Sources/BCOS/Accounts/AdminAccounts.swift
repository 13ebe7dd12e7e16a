import Foundation

/// Admin accounts for the command line and the demo data: checks the e-mail and password, hashes
/// the password (scrypt, off the database connection), then stores it.
public struct AdminAccounts: Sendable {
    let database: AppDatabase
    let hasher: PasswordHasher

    init(database: AppDatabase, hasher: PasswordHasher = PasswordHasher()) {
        self.database = database
        self.hasher = hasher
    }

    public enum Outcome: Sendable, Equatable { case created, updated }

    /// Creates the admin, or sets a new password when the e-mail already exists.
    @discardableResult
    public func createOrUpdate(email: String, password: String, displayName: String? = nil, role: AdminRole? = nil) async throws -> Outcome {
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard normalized.contains("@"), normalized.count <= 254 else { throw AdminInputError("invalid e-mail address: \(email)") }
        guard password.count >= 10 else { throw AdminInputError("the password must have at least 10 characters") }
        let hash = try hasher.hash(password)
        return try await database.transaction { db in
            let (id, outcome) = try db.adminUsers.createOrUpdate(email: normalized, passwordHash: hash, displayName: displayName, role: role)
            // A new password ends the sessions signed in with the old one.
            if outcome == .updated { try db.adminSessions.deleteAll(userID: id) }
            return outcome
        }
    }

    public func count() async throws -> Int {
        try await database.run { try $0.adminUsers.count() }
    }
}

public struct AdminInputError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
