import Crypto
import Foundation
import NIOConcurrencyHelpers

/// URL-safe random tokens from the system's secure generator: session cookies, CSRF tokens,
/// enrollment form tokens, request ids, media file names. The one token maker of the app.
enum RandomToken {
    /// `bytes` random bytes as unpadded base64url (16 bytes → 22 characters).
    static func make(bytes: Int) -> String {
        Base64URL.encode(randomBytes(bytes))
    }

    /// `count` bytes from the system's secure generator. Read 4 KB at a time and handed out once
    /// each: every public page makes a form token and a request id, and one `getrandom` call per
    /// token was a tenth of a cached page's cost. The bytes are the kernel's, never reused.
    static func randomBytes(_ count: Int) -> [UInt8] {
        guard count <= RandomPool.size / 4 else { return SymmetricKey(size: SymmetricKeySize(bitCount: count * 8)).withUnsafeBytes { [UInt8]($0) } }
        return pool.withLockedValue { $0.take(count) }
    }

    private static let pool = NIOLockedValueBox(RandomPool())

    private struct RandomPool {
        static let size = 4_096
        var bytes: [UInt8] = []
        var next = 0

        mutating func take(_ count: Int) -> [UInt8] {
            if next + count > bytes.count {
                bytes = SymmetricKey(size: SymmetricKeySize(bitCount: RandomPool.size * 8)).withUnsafeBytes { [UInt8]($0) }
                next = 0
            }
            defer {
                // Handed out: wiped, so the same bytes can never be given twice.
                for index in next..<(next + count) { bytes[index] = 0 }
                next += count
            }
            return Array(bytes[next..<(next + count)])
        }
    }
}
