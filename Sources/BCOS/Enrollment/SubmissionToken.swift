import Foundation

/// The enrollment form's token, as it travels: unpadded base64url of 57 bytes (76 characters),
///
///     version (1) | course id (16) | issued at, Unix seconds, big-endian (8) | random (16) | MAC (16)
///
/// where MAC is HMAC-SHA256 of everything before it, truncated to 128 bits, under a key derived
/// from `SECRET_KEY` (`SubmissionTokenSigner`). The random part gives every rendered form its own
/// token; the course id and the time let the server check, without storing anything, that the
/// form came from this site, for this course, recently. The token is the enrollment's
/// idempotency key (with the answers' fingerprint, see `AnswersFingerprint`).
struct SubmissionToken: Sendable, Equatable {
    static let version: UInt8 = 1
    static let byteCount = 1 + 16 + 8 + 16 + 16
    /// 57 bytes in base64url without padding.
    static let length = 76

    let courseID: UUID
    let issuedAt: Date
    /// Everything but the MAC, as signed.
    let signedBytes: [UInt8]
    let mac: [UInt8]

    /// Only the shape: the right length and alphabet. Cheap; used before anything else looks at a
    /// token (the form, the ETag header), so a hostile value never reaches the database.
    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == length && token.utf8.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
        }
    }

    /// Splits a well-formed token into its parts; nil for anything else (wrong shape or version).
    init?(parsing token: String) {
        guard SubmissionToken.isWellFormed(token) else { return nil }
        let base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard let data = Data(base64Encoded: base64), data.count == SubmissionToken.byteCount else { return nil }
        let bytes = [UInt8](data)
        guard bytes[0] == SubmissionToken.version else { return nil }
        let id = bytes[1..<17]
        courseID = UUID(uuid: (id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8], id[9], id[10], id[11], id[12], id[13], id[14], id[15], id[16]))
        let seconds = bytes[17..<25].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        issuedAt = Date(timeIntervalSince1970: TimeInterval(seconds))
        signedBytes = Array(bytes[0..<41])
        mac = Array(bytes[41...])
    }

    /// The bytes to sign for a new token.
    static func unsignedBytes(courseID: UUID, issuedAt: Date, random: [UInt8]) -> [UInt8] {
        let seconds = UInt64(max(0, issuedAt.timeIntervalSince1970.rounded(.down)))
        let uuid = courseID.uuid
        var bytes: [UInt8] = [version]
        bytes += [uuid.0, uuid.1, uuid.2, uuid.3, uuid.4, uuid.5, uuid.6, uuid.7, uuid.8, uuid.9, uuid.10, uuid.11, uuid.12, uuid.13, uuid.14, uuid.15]
        bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: seconds >> (UInt64($0) * 8)) }
        bytes += random
        return bytes
    }

    /// Unpadded base64url, as in the form and the ETag.
    static func encode(_ bytes: [UInt8]) -> String {
        Base64URL.encode(bytes)
    }
}
