import Crypto
import Foundation

/// Issues and checks enrollment form tokens (format in `SubmissionToken`).
///
/// Validity: 24 hours from issue. Long enough for a visitor who leaves the tab open over lunch or
/// overnight, short enough that a harvested token is not a lasting pass. A token "issued" more
/// than 5 minutes in the future (clocks of several instances disagree a little) is refused too.
/// A refused token never loses the visitor's input: the form comes back (422) with a fresh token.
struct SubmissionTokenSigner: Sendable {
    enum Check: Sendable, Equatable {
        case valid(issuedAt: Date)
        /// Signed by us, for this course, but older than `lifetime` (or from the future).
        case expired
        /// Signed by us for another course: a form posted to the wrong address.
        case wrongCourse
        /// Not one of ours: wrong shape, unknown version or bad signature.
        case forged
    }

    static let lifetime: TimeInterval = 24 * 3600
    static let clockSkew: TimeInterval = 5 * 60

    /// HMAC-SHA256 with the key already absorbed: copied for each token (a value type), which
    /// saves deriving the key's pads every time.
    private let keyed: HMAC<SHA256>

    init(secretKey: String) {
        // HKDF with a label of its own: the same SECRET_KEY also seals CRM secrets (SecretBox).
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secretKey.utf8)), info: Data("bcos submission tokens v1".utf8), outputByteCount: 32)
        keyed = HMAC<SHA256>(key: key)
    }

    func make(courseID: UUID, now: Date = Date()) -> String {
        let random = RandomToken.randomBytes(16)
        let bytes = SubmissionToken.unsignedBytes(courseID: courseID, issuedAt: now, random: random)
        return SubmissionToken.encode(bytes + mac(bytes))
    }

    func check(_ token: String, courseID: UUID, now: Date = Date()) -> Check {
        guard let parsed = SubmissionToken(parsing: token) else { return .forged }
        // Constant-time comparison: the MAC must not be guessable byte by byte from timings.
        guard ConstantTime.equal(mac(parsed.signedBytes), parsed.mac) else { return .forged }
        guard parsed.courseID == courseID else { return .wrongCourse }
        let age = now.timeIntervalSince(parsed.issuedAt)
        guard age <= SubmissionTokenSigner.lifetime, age >= -SubmissionTokenSigner.clockSkew else { return .expired }
        return .valid(issuedAt: parsed.issuedAt)
    }

    /// The first 128 bits of HMAC-SHA256: plenty against forgery, and keeps the token short.
    private func mac(_ bytes: [UInt8]) -> [UInt8] {
        var hmac = keyed
        hmac.update(data: bytes)
        return Array(hmac.finalize().prefix(16))
    }
}
