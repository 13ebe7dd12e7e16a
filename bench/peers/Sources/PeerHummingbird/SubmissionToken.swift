import Crypto
import Foundation

/// The app's form token (Sources/BCOS/Enrollment/SubmissionToken.swift and SubmissionTokenSigner.swift),
/// issued the same way: unpadded base64url of 57 bytes (76 characters),
///
///     version 1 (1) | course id (16) | issued at, Unix seconds, big-endian (8) | random (16) | MAC (16)
///
/// the MAC being HMAC-SHA256 of the rest, truncated to 128 bits, under a key derived from
/// SECRET_KEY with HKDF (info "bcos submission tokens v1"). Given the app's SECRET_KEY, the peer's
/// tokens are ones the app would accept. Only issuing is ported: the peer takes no enrollments.
struct SubmissionTokenSigner {
    static let version: UInt8 = 1

    private let key: SymmetricKey

    init(secretKey: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secretKey.utf8)), info: Data("bcos submission tokens v1".utf8), outputByteCount: 32)
    }

    func make(courseID: UUID, now: Date = Date()) -> String {
        let random = SymmetricKey(size: .bits128).withUnsafeBytes { [UInt8]($0) }
        let bytes = SubmissionTokenSigner.unsignedBytes(courseID: courseID, issuedAt: now, random: random)
        return SubmissionTokenSigner.encode(bytes + mac(bytes))
    }

    static func unsignedBytes(courseID: UUID, issuedAt: Date, random: [UInt8]) -> [UInt8] {
        let seconds = UInt64(max(0, issuedAt.timeIntervalSince1970.rounded(.down)))
        let uuid = courseID.uuid
        var bytes: [UInt8] = [version]
        bytes += [uuid.0, uuid.1, uuid.2, uuid.3, uuid.4, uuid.5, uuid.6, uuid.7, uuid.8, uuid.9, uuid.10, uuid.11, uuid.12, uuid.13, uuid.14, uuid.15]
        bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: seconds >> (UInt64($0) * 8)) }
        bytes += random
        return bytes
    }

    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private func mac(_ bytes: [UInt8]) -> [UInt8] { Array(HMAC<SHA256>.authenticationCode(for: bytes, using: key).prefix(16)) }
}
