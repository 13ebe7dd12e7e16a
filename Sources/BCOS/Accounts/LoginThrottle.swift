import Foundation
import Postgres

/// Limits failed sign-ins per account and per address, from the `login_attempts` table (shared by
/// every instance): 5 failures for one e-mail or 20 from one address in 15 minutes lock further
/// attempts until the window has passed.
struct LoginThrottle: Sendable {
    let pool: PostgresPool
    var window: TimeInterval = 15 * 60
    var maxPerAccount = 5
    var maxPerAddress = 20

    func isLocked(email: String, ip: String?) async throws -> Bool {
        let row = try await pool.query("""
            SELECT
              (SELECT count(*) FROM login_attempts WHERE lower(email) = lower($1) AND NOT succeeded
                 AND attempted_at > NOW() - make_interval(secs => $3)) AS by_account,
              (SELECT count(*) FROM login_attempts WHERE ip = $2 AND NOT succeeded
                 AND attempted_at > NOW() - make_interval(secs => $3)) AS by_address
            """, [email, ip ?? "", Int(window)]).first
        let byAccount: Int = try row?.decode("by_account") ?? 0
        let byAddress: Int = try row?.decode("by_address") ?? 0
        return byAccount >= maxPerAccount || byAddress >= maxPerAddress
    }

    func record(email: String, ip: String?, succeeded: Bool) async throws {
        try await pool.query("INSERT INTO login_attempts (email, ip, succeeded) VALUES ($1, $2, $3)", [String(email.prefix(254)), ip ?? "", succeeded])
        if succeeded {
            // A successful sign-in clears the account's failure count.
            try await pool.query("DELETE FROM login_attempts WHERE lower(email) = lower($1) AND NOT succeeded", [email])
        }
    }
}
