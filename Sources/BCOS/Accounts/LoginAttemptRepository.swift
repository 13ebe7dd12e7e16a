import Foundation
import Postgres

/// SQL for `login_attempts`, shared by every instance.
struct LoginAttemptRepository {
    let connection: PostgresConnection

    /// Failed attempts in the last `window` for the account and from the address.
    func recentFailures(email: String, ip: String?, window: TimeInterval) throws -> (byAccount: Int, byAddress: Int) {
        let row = try connection.query("""
            SELECT
              (SELECT count(*) FROM login_attempts WHERE lower(email) = lower($1) AND NOT succeeded
                 AND attempted_at > NOW() - make_interval(secs => $3)) AS by_account,
              (SELECT count(*) FROM login_attempts WHERE ip = $2 AND NOT succeeded
                 AND attempted_at > NOW() - make_interval(secs => $3)) AS by_address
            """, [email, ip ?? "", Int(window)]).first
        return (try row?.decode("by_account") ?? 0, try row?.decode("by_address") ?? 0)
    }

    func record(email: String, ip: String?, succeeded: Bool) throws {
        try connection.query("INSERT INTO login_attempts (email, ip, succeeded) VALUES ($1, $2, $3)", [String(email.prefix(254)), ip ?? "", succeeded])
    }

    /// A successful sign-in clears the account's failure count.
    func clearFailures(email: String) throws {
        try connection.query("DELETE FROM login_attempts WHERE lower(email) = lower($1) AND NOT succeeded", [email])
    }

    /// Attempts older than a day (the lockout window is 15 minutes).
    func purgeOld() throws {
        try connection.query("DELETE FROM login_attempts WHERE attempted_at < NOW() - interval '1 day'")
    }
}
