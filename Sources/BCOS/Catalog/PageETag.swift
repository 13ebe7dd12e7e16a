import Crypto
import Foundation
import NIOCore

/// `W/"<hash of the page without its token>.<token>"`. The token is a `SubmissionToken` (76
/// base64url characters, never a `.`); a header with anything else there is ignored, so a
/// hostile If-None-Match never reaches the database.
struct PageETag: Equatable, Sendable {
    let hash: String
    let token: String

    /// Hashes the body with every occurrence of the token left out, straight from the bytes
    /// (turning a 10 KB page back into a String to remove it cost more than rendering it).
    init(body: ByteBuffer, token: String) {
        var hasher = SHA256()
        let needle = Array(token.utf8)
        body.withUnsafeReadableBytes { bytes in
            var start = 0
            var index = 0
            let end = bytes.count - needle.count
            while !needle.isEmpty, index <= end {
                if bytes[index] == needle[0], needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) {
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                    index += needle.count
                    start = index
                } else {
                    index += 1
                }
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[start...]))
        }
        hash = hasher.finalize().prefix(12).map { String(format: "%02x", $0) }.joined()
        self.token = token
    }

    init?(header: String) {
        var value = header.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("W/") { value.removeFirst(2) }
        guard value.hasPrefix("\""), value.hasSuffix("\""), value.count > 2 else { return nil }
        let parts = value.dropFirst().dropLast().split(separator: ".", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 24, SubmissionToken.isWellFormed(String(parts[1])) else { return nil }
        hash = String(parts[0])
        token = String(parts[1])
    }

    var headerValue: String { "W/\"\(hash).\(token)\"" }
}
