import Foundation
import Postgres

/// SQL for `login_attempts`, shared by every instance.
struct LoginAttemptRepository {
    let connection: PostgresConnection

    /// Serialises the attempts of one address until the end of the caller's transaction, so the
    /// count and the reservation below cannot interleave with a parallel attempt.
    func lock(address: String) throws {
        try connection.query("SELECT pg_advisory_xact_lock(hashtext('login:' || $1))", [address])
    }

    /// Failed (or still unfinished) attempts in the last `window`: from the address, for this
    /// account from this address, and when the pair's last one was.
    func recentFailures(email: String, ip: String, window: TimeInterval) throws -> (byAddress: Int, byPair: Int, lastPairAttempt: Date?) {
        let row = try connection.query("""
            SELECT count(*) AS by_address,
                   count(*) FILTER (WHERE lower(email) = lower($1)) AS by_pair,
                   max(attempted_at) FILTER (WHERE lower(email) = lower($1)) AS last_pair
            FROM login_attempts
            WHERE ip = $2 AND NOT succeeded AND attempted_at > NOW() - make_interval(secs => $3)
            """, [email, ip, Int(window)]).first
        return (try row?.decode("by_address") ?? 0, try row?.decode("by_pair") ?? 0, try row?.decodeIfPresent("last_pair"))
    }

    /// Records an attempt before its password is checked: it counts as a failure until
    /// `markSucceeded`, so a burst of parallel guesses is counted as it arrives.
    func reserve(email: String, ip: String) throws -> Int? {
        try connection.query(
            "INSERT INTO login_attempts (email, ip, succeeded) VALUES ($1, $2, false) RETURNING id", [String(email.prefix(254)), ip]
        ).first?.decode("id")
    }

    func markSucceeded(id: Int) throws {
        try connection.query("UPDATE login_attempts SET succeeded = true WHERE id = $1", [id])
    }

    /// A successful sign-in clears the account's failures from that address.
    func clearFailures(email: String, ip: String) throws {
        try connection.query("DELETE FROM login_attempts WHERE lower(email) = lower($1) AND ip = $2 AND NOT succeeded", [email, ip])
    }

    /// Attempts older than a day (the windows are 15 minutes).
    func purgeOld() throws {
        try connection.query("DELETE FROM login_attempts WHERE attempted_at < NOW() - interval '1 day'")
    }
}
