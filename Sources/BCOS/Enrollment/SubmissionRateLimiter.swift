import Crypto
import Foundation

/// The per-address enrollment limit (`ENROLLMENT_RATE_LIMIT` accepted enrollments per 10 minutes):
/// enough for a person enrolling colleagues, too little for a script.
///
/// It counts *accepted* enrollments only (a form refused for a typo costs nothing), and it lives
/// in PostgreSQL: every enrollment stores an HMAC of its client address (`client_address_hash`;
/// the address itself is not kept), so all instances share one count. The check and the insert
/// run in one transaction behind a per-address advisory lock (`EnrollmentRepository+RateLimit`),
/// so concurrent submissions from one address are counted one after the other and can never
/// exceed the limit; different addresses never wait for each other.
struct SubmissionRateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let key: SymmetricKey

    init(limit: Int = 10, window: TimeInterval = 600, secretKey: String) {
        self.limit = limit
        self.window = window
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secretKey.utf8)), info: Data("bcos enrollment client address v1".utf8), outputByteCount: 32)
    }

    /// What is stored instead of the address: keyed, so the table cannot be reversed by hashing
    /// all IPv4 addresses.
    func addressHash(_ address: String?) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data((address ?? "unknown").utf8), using: key)
        return Hex.lowercase(code.prefix(16))
    }
}
