/// Lowercase hexadecimal of bytes (digests, MACs): the one place that writes it. By table, not
/// `String(format: "%02x")` per byte, which goes through Foundation's formatter each time (a
/// page ETag is hashed on every uncached page).
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
