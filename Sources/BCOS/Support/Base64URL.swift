/// Unpadded base64url (RFC 4648 §5), the alphabet of every token the site hands out. Written
/// out rather than Foundation's base64 with three `replacingOccurrences` after it: a course page
/// makes a token per visitor, and that detour cost more than signing it.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        let count = (input.count * 4 + 2) / 3
        return String(unsafeUninitializedCapacity: count) { out in
            var written = 0
            var index = 0
            while index + 3 <= input.count {
                let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                for shift in [18, 12, 6, 0] { out[written] = alphabet[Int(value >> UInt32(shift) & 63)]; written += 1 }
                index += 3
            }
            let rest = input.count - index
            if rest > 0 {
                let value = UInt32(input[index]) << 16 | (rest == 2 ? UInt32(input[index + 1]) << 8 : 0)
                for shift in [18, 12, 6].prefix(rest + 1) { out[written] = alphabet[Int(value >> UInt32(shift) & 63)]; written += 1 }
            }
            return written
        }
    }
}
