import Foundation

/// One-time recovery codes for an admin who has lost the authenticator: shown once at setup,
/// stored only as hashes, each one struck off when used.
///
/// A code is three groups of four characters, `k7m2-9xqp-4ht8`, from lowercase letters and
/// digits less the ones people confuse when reading a printout (0/o, 1/l/i): 31 symbols, so
/// about 59 bits per code, far beyond what a throttled sign-in form lets anyone guess.
enum RecoveryCodes {
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
    static let groups = 3
    static let groupLength = 4

    /// `count` distinct codes from the system CSPRNG (`SystemRandomNumberGenerator` reads the
    /// kernel's generator; `randomElement` picks without modulo bias).
    static func generate(count: Int = 10) -> [String] {
        var generator = SystemRandomNumberGenerator()
        var codes: [String] = []
        // A repeat is astronomically unlikely, but two equal codes would be one code, so draw again.
        while codes.count < count {
            let code = (0..<groups).map { _ in
                String((0..<groupLength).map { _ in alphabet.randomElement(using: &generator)! })
            }.joined(separator: "-")
            if !codes.contains(code) { codes.append(code) }
        }
        return codes
    }

    /// The form a code is compared in: lowercase, without the spaces and hyphens people type
    /// or leave out when copying it from paper.
    static func normalised(_ code: String) -> String {
        String(code.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "-" })
    }

    /// Lowercase hex SHA-256 of the normalised code: what is stored, so a database leak does
    /// not hand out working codes. A fast unsalted hash is weaker than the password hasher:
    /// 59 bits is roughly a GPU-year of SHA-256 for one code, and an attacker holding the whole
    /// table finds *some* code far sooner. That is acceptable only because a recovery code is to
    /// stand in for the second factor, never for the password; if that changes, a keyed hash
    /// (HMAC under SECRET_KEY) makes a leaked table useless on its own.
    static func hash(_ code: String) -> String { TokenHash.sha256Hex(normalised(code)) }
}
