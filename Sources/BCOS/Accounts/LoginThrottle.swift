import Foundation

/// Slows down password guessing without letting a stranger lock an admin out.
///
/// - Per **address**: 20 failed attempts in 15 minutes, and that address may not try again until
///   the window has passed.
/// - Per **account and address**: after 3 failures, each next attempt from that address waits
///   twice as long as the previous one (2 s, 4 s, 8 s… up to 15 minutes). The same account from
///   another address is not slowed, so guessing from one place never keeps the real admin out.
///
/// Each attempt is reserved (counted) under a per-address lock *before* its password is checked,
/// so 200 parallel guesses are counted as they arrive, not after scrypt has run for each.
struct LoginThrottle: Sendable {
    let database: AppDatabase
    var window: TimeInterval = 15 * 60
    var maxPerAddress = 20
    /// Failures of one account from one address before delays start.
    var freePerPair = 3

    enum Decision: Sendable, Equatable {
        /// Go ahead and check the password; report the result with `finish`.
        case allowed(attempt: Int)
        /// Refused without checking anything; try again after this many seconds.
        case locked(retryAfter: Int)
    }

    func reserve(email: String, ip: String?) async throws -> Decision {
        let (window, maxPerAddress, freePerPair) = (self.window, self.maxPerAddress, self.freePerPair)
        let address = ip ?? "unknown"
        return try await database.transaction { db in
            try db.loginAttempts.lock(address: address)
            let failures = try db.loginAttempts.recentFailures(email: email, ip: address, window: window)
            if failures.byAddress >= maxPerAddress { return .locked(retryAfter: Int(window)) }
            if let wait = LoginThrottle.delay(failures: failures.byPair, free: freePerPair, cap: window), let last = failures.lastPairAttempt {
                let remaining = wait - Date().timeIntervalSince(last)
                if remaining > 0 { return .locked(retryAfter: Int(remaining.rounded(.up))) }
            }
            guard let attempt = try db.loginAttempts.reserve(email: email, ip: address) else { return .locked(retryAfter: 1) }
            return .allowed(attempt: attempt)
        }
    }

    /// Records how the reserved attempt ended.
    func finish(_ attempt: Int, email: String, ip: String?, succeeded: Bool) async throws {
        guard succeeded else { return }
        let address = ip ?? "unknown"
        try await database.run { db in
            try db.loginAttempts.markSucceeded(id: attempt)
            try db.loginAttempts.clearFailures(email: email, ip: address)
        }
    }

    /// The wait after `failures` failures of one account from one address: none for the first
    /// `free`, then 2 s doubling, capped. `nil` when there is no wait.
    static func delay(failures: Int, free: Int, cap: TimeInterval) -> TimeInterval? {
        guard failures >= free else { return nil }
        let exponent = min(failures - free + 1, 20)
        return min(pow(2, Double(exponent)), cap)
    }
}
