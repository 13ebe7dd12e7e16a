import Foundation
import Postgres

/// SQL of the shared enrollment rate limit (`SubmissionRateLimiter`): accepted enrollments are
/// the counter, so there is no separate table to keep in step or to clean up.
extension EnrollmentRepository {
    /// Namespace of the advisory locks taken here (the first key of the two-key form), so they
    /// never meet the migrator's single-key locks.
    static let addressLockSpace: Int32 = 0x4243_0001

    /// Serialises, until the end of the caller's transaction, every submission from this address
    /// on every instance: a count followed by an insert cannot interleave with another's.
    func lockAddress(_ addressHash: String) throws {
        try connection.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [EnrollmentRepository.addressLockSpace, addressHash])
    }

    /// Enrollments accepted from this address in the last `window` seconds.
    func acceptedCount(addressHash: String, window: TimeInterval) throws -> Int {
        try connection.query("""
            SELECT count(*) AS n FROM enrollments
            WHERE client_address_hash = $1 AND created_at > NOW() - make_interval(secs => $2)
            """, [addressHash, window]).first?.decode("n", as: Int.self) ?? 0
    }
}
