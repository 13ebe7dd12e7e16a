import Foundation

/// schema.org data serialised for a `<script type="application/ld+json">` block: compact, keys
/// sorted, and `<`, `>`, `&`, U+2028 and U+2029 written as `\u003c`-style escapes so no value can
/// close the script element. Written out by hand: `JSONSerialization` and a second pass for the
/// escapes were a quarter of an uncached course page. The output is `JSONSerialization`'s
/// (`.sortedKeys`, `.withoutEscapingSlashes`) with those escapes; a generated test holds it to that.
enum JSONLD {
    /// Nil when `object` holds something JSON has no word for (only strings, booleans, integers,
    /// arrays and objects are written).
    static func serialize(_ object: [String: Any]) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(2_048)
        guard write(object, into: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: Any, into out: inout [UInt8]) -> Bool {
        switch value {
        case let text as String:
            write(string: text, into: &out)
        case let flag as Bool:
            out.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case let number as Int:
            out.append(contentsOf: Array(String(number).utf8))
        case let object as [String: Any]:
            out.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted(by: JSONLD.keyOrder).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(string: key, into: &out)
                out.append(UInt8(ascii: ":"))
                guard let member = object[key], write(member, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard write(element, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        default:
            return false
        }
        return true
    }

    /// `JSONSerialization`'s `.sortedKeys` order for the ASCII names of schema.org: case-insensitive,
    /// then by code point.
    private static func keyOrder(_ first: String, _ second: String) -> Bool {
        let (a, b) = (first.lowercased(), second.lowercased())
        return a == b ? first.utf8.lexicographicallyPrecedes(second.utf8) : a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func write(string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: [0x5C, 0x22])
            case "\\": out.append(contentsOf: [0x5C, 0x5C])
            case "\n": out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case "\r": out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case "\t": out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case "\u{08}": out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case "\u{0C}": out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case "<", ">", "&", "\u{2028}", "\u{2029}", "\u{00}"..."\u{1F}":
                let code = Int(scalar.value)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), hex[code >> 12 & 15], hex[code >> 8 & 15], hex[code >> 4 & 15], hex[code & 15]])
            default:
                UTF8.encode(scalar) { out.append($0) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
