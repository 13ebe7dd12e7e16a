import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
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

        /// One read of the kernel's generator (`/dev/urandom`, kept open) instead of the 8 bytes
        /// at a time that `SymmetricKey`'s generator asks for; `SymmetricKey` if that fails.
        static func fill() -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: size)
            let got = urandom < 0 ? -1 : bytes.withUnsafeMutableBytes { read(urandom, $0.baseAddress, size) }
            guard got == size else { return SymmetricKey(size: SymmetricKeySize(bitCount: size * 8)).withUnsafeBytes { [UInt8]($0) } }
            return bytes
        }

        private static let urandom: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

        mutating func take(_ count: Int) -> [UInt8] {
            if next + count > bytes.count {
                bytes = RandomPool.fill()
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
