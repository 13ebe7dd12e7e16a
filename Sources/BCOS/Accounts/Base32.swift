/// RFC 4648 section 6 base32, the encoding authenticator apps expect for TOTP secrets.
///
/// `encode` writes the canonical form: uppercase and without `=` padding, because that is what
/// the Key Uri Format's `secret=` carries and what a person types from the setup page.
/// `decode` is tolerant of how people copy it (any case, spaces, hyphens, `=` padding or
/// not) and strict about everything else: any other character, a length no encoding can have,
/// or non-zero leftover bits give nil rather than a quietly different secret.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 0x1F)])
            }
        }
        // The last partial group is padded with zero bits on the right (RFC 4648 section 6).
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1F)]) }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        var sawPadding = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "-"):
                continue
            case UInt8(ascii: "="):
                sawPadding = true
            case _ where sawPadding:
                return nil // padding only at the end
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                values.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                values.append(byte - UInt8(ascii: "a"))
            case UInt8(ascii: "2")...UInt8(ascii: "7"):
                values.append(byte - UInt8(ascii: "2") + 26)
            default:
                return nil
            }
        }
        // 8 characters carry 5 bytes; a final group of 1, 3 or 6 characters cannot come from any
        // byte string, so it is a typo (a character lost or added), not a secret.
        guard ![1, 3, 6].contains(values.count % 8) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(values.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for value in values {
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        // What is left is the encoder's zero padding; anything else means a mistyped last character.
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return output
    }
}
