import Foundation

/// Limits failed sign-ins per account and per address: 5 failures for one e-mail or 20 from one
/// address in 15 minutes lock further attempts until the window has passed.
struct LoginThrottle: Sendable {
    let database: AppDatabase
    var window: TimeInterval = 15 * 60
    var maxPerAccount = 5
    var maxPerAddress = 20

    func isLocked(email: String, ip: String?) async throws -> Bool {
        let window = self.window
        let failures = try await database.run { try $0.loginAttempts.recentFailures(email: email, ip: ip, window: window) }
        return failures.byAccount >= maxPerAccount || failures.byAddress >= maxPerAddress
    }

    func record(email: String, ip: String?, succeeded: Bool) async throws {
        try await database.run { db in
            try db.loginAttempts.record(email: email, ip: ip, succeeded: succeeded)
            if succeeded { try db.loginAttempts.clearFailures(email: email) }
        }
    }
}
