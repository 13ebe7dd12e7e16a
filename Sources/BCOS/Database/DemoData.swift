import Crypto
import Foundation
import Logging
import Postgres

/// The demo content of a fresh development site: `migrations/demo/demo_data.sql` (categories and
/// courses in French and Arabic), loaded once when there are no courses yet, and a demo admin whose
/// random password is kept in `.data/demo-admin.txt` so every run can print it.
public struct DemoData: Sendable {
    public struct Admin: Sendable {
        public let email: String
        /// Only when the account was created by this start: a password is printed once, never
        /// again (it stays in `passwordFile`, readable by the owner only).
        public let newPassword: String?
        public let passwordFile: String
    }

    let migrationsDirectory: URL
    let dataDirectory: URL
    let logger: Logger

    public init(migrationsDirectory: URL, dataDirectory: URL, logger: Logger) {
        self.migrationsDirectory = migrationsDirectory
        self.dataDirectory = dataDirectory
        self.logger = logger
    }

    /// Loads the demo courses when the catalog is empty; returns whether it did.
    @discardableResult
    public func loadIfEmpty(_ pool: PostgresPool) async throws -> Bool {
        let script = try String(contentsOf: migrationsDirectory.appendingPathComponent("demo/demo_data.sql"), encoding: .utf8)
        let loaded = try await pool.withTransaction { connection -> Bool in
            // Serialise with other instances starting at the same time.
            try connection.query("SELECT pg_advisory_xact_lock($1)", [Migrator.lockKey + 1])
            let count: Int = try connection.query("SELECT count(*) AS n FROM formations").first?.decode("n") ?? 0
            guard count == 0 else { return false }
            try connection.execute(script: script)
            return true
        }
        if loaded { logger.info("loaded the demo courses") }
        return loaded
    }

    /// The demo admin, created on first use with a random password.
    public func ensureAdmin(_ app: Application) async throws -> Admin {
        let file = dataDirectory.appendingPathComponent("demo-admin.txt")
        let email = "admin@bcos.local"
        if let saved = try? String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !saved.isEmpty {
            let exists = try await app.database.run { try $0.adminUsers.exists(email: email) }
            if exists { return Admin(email: email, newPassword: nil, passwordFile: file.path) }
        }
        let password = DemoData.randomPassword()
        try await app.adminAccounts.createOrUpdate(email: email, password: password, displayName: "Admin démo")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try password.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return Admin(email: email, newPassword: password, passwordFile: file.path)
    }

    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        return String(bytes.prefix(16).map { alphabet[Int($0) % alphabet.count] })
    }
}

/// `SECRET_KEY` for development: generated once into `.data/secret_key`.
enum DevelopmentSecret {
    static func load(dataDirectory: URL) throws -> String {
        let file = dataDirectory.appendingPathComponent("secret_key")
        if let saved = try? String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), saved.count >= 32 {
            return saved
        }
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try key.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return key
    }
}
