import Crypto
import Foundation

/// URL-safe random tokens from the system's secure generator: session cookies, CSRF tokens,
/// enrollment form tokens, media file names. The one token maker of the app.
enum RandomToken {
    /// `bytes` random bytes as unpadded base64url (16 bytes → 22 characters).
    static func make(bytes: Int) -> String {
        Base64URL.encode(SymmetricKey(size: SymmetricKeySize(bitCount: bytes * 8)).withUnsafeBytes { [UInt8]($0) })
    }
}
