import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238), the codes of authenticator apps.
///
/// TOTP is HOTP (RFC 4226: HMAC of an 8-byte big-endian counter, dynamic truncation to 31 bits,
/// the last `digits` decimal digits) with the counter being the number of `step`-second periods
/// since the Unix epoch (T0 = 0). The defaults (SHA-1, 30 s, 6 digits) are the ones every
/// authenticator app supports; the other parameters exist so the RFC's test vectors can be checked.
///
/// Replays: a code stays valid for its whole step (and the window around it), so `verify`
/// returns the counter it matched and **the caller must store the last counter used for the
/// account and refuse any code whose counter is not greater** (RFC 6238 section 5.2: a verifier
/// must not accept the second attempt of the same OTP).
struct TOTP: Sendable, CustomStringConvertible {
    enum Algorithm: String, Sendable, CaseIterable {
        // Raw values are the Key Uri Format's `algorithm=` spellings.
        case sha1 = "SHA1", sha256 = "SHA256", sha512 = "SHA512"
    }

    let secret: [UInt8]
    let digits: Int
    let step: TimeInterval
    let algorithm: Algorithm

    init(secret: [UInt8], digits: Int = 6, step: TimeInterval = 30, algorithm: Algorithm = .sha1) {
        // RFC 4226 section 5.3: at least 6 digits; the truncated value has 31 bits, so at most 10.
        precondition((6...10).contains(digits), "TOTP digits must be 6 to 10")
        // The Key Uri Format's `period` is whole seconds.
        precondition(step >= 1 && step == step.rounded(), "TOTP step must be a whole number of seconds")
        self.secret = secret
        self.digits = digits
        self.step = step
        self.algorithm = algorithm
    }

    /// Never the secret: a TOTP interpolated into a log line must not leak it.
    var description: String { "TOTP(\(algorithm.rawValue), \(digits) digits, \(Int(step)) s)" }

    /// 20 bytes (160 bits) from the system CSPRNG: the key length RFC 4226 section 4 recommends
    /// and the HMAC-SHA1 output size.
    static func randomSecret() -> [UInt8] {
        SymmetricKey(size: SymmetricKeySize(bitCount: 160)).withUnsafeBytes { [UInt8]($0) }
    }

    /// The time-step counter of `date` (RFC 6238 section 4.2: floor((unix time - T0) / X)).
    /// Dates before 1970 count as step 0; no authenticator app produces codes for them.
    func counter(at date: Date) -> Int {
        Int(max(0, (date.timeIntervalSince1970 / step).rounded(.down)))
    }

    func code(at date: Date) -> String { code(counter: counter(at: date)) }

    /// HOTP(K, C) of RFC 4226 section 5.3, zero-padded to `digits`. `counter` must not be negative.
    func code(counter: Int) -> String {
        var bigEndian = UInt64(counter).bigEndian
        let message = withUnsafeBytes(of: &bigEndian) { [UInt8]($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8]
        switch algorithm {
        case .sha1: mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: mac = Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        // Dynamic truncation: the low 4 bits of the last byte pick 4 bytes; the top bit is dropped
        // so the value reads the same as signed or unsigned on every platform.
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let truncated = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(UInt64(truncated) % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The counter of the step whose code `typed` is, looking `window` steps either side of
    /// `date` (clock drift between phone and server, and the seconds it takes to type), or nil.
    ///
    /// Whitespace is ignored ("287 082", as apps display it); anything else must be exactly
    /// `digits` ASCII digits (not Arabic-Indic or full-width ones, which would need a mapping of
    /// their own). Every candidate is compared, in constant time, so how long a refusal takes
    /// says nothing about the code. Store the returned counter: see the type's documentation.
    func verify(_ typed: String, at date: Date, window: Int = 1) -> Int? {
        let candidate = Array(typed.unicodeScalars.filter { !$0.properties.isWhitespace }.map(\.value))
        guard candidate.count == digits, candidate.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let typedBytes = candidate.map { UInt8($0) }
        // The current step first, then outwards, so a (one in a million) collision between two
        // steps resolves to the nearest one.
        let now = counter(at: date)
        var counters = [now]
        for distance in stride(from: 1, through: window, by: 1) { counters += [now - distance, now + distance] }
        var matched: Int?
        for counter in counters where counter >= 0 {
            // No early exit: every candidate costs the same whether or not an earlier one matched.
            if ConstantTime.equal(Array(code(counter: counter).utf8), typedBytes), matched == nil { matched = counter }
        }
        return matched
    }

    /// The `otpauth://` URI an authenticator app reads from the setup QR code (Google's Key Uri
    /// Format, https://github.com/google/google-authenticator/wiki/Key-Uri-Format): label
    /// "Issuer:account", and the issuer again as a parameter, which is the one apps prefer.
    /// Every parameter is written out, even the defaults, so no app has to guess.
    func provisioningURI(account: String, issuer: String) -> String {
        let issuerEncoded = Self.percentEncoded(issuer)
        return "otpauth://totp/\(issuerEncoded):\(Self.percentEncoded(account))"
            + "?secret=\(Base32.encode(secret))&issuer=\(issuerEncoded)"
            + "&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(Int(step))"
    }

    /// RFC 3986 percent-encoding of UTF-8, keeping only the unreserved characters and `@`
    /// (legal in both path and query, and how the Key Uri Format's examples show e-mail
    /// addresses). A colon in the issuer or account becomes %3A so it cannot be taken for the
    /// label's separator; a space becomes %20, never `+`, which some apps show literally.
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "@"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }
}
