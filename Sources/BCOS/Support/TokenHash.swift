import Crypto
import Foundation

/// What is stored in place of a secret token (session cookies, one-time links, recovery codes):
/// its SHA-256 in lowercase hex, so a database leak hands out nothing usable. One place, so every
/// table of tokens hashes the same way.
enum TokenHash {
    static func sha256Hex(_ token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(token.utf8)))
    }
}
