import Foundation

/// URL slugs: lowercase ASCII letters, digits and single dashes, from a French title
/// ("Management d’équipe & leadership" → "management-d-equipe-leadership").
enum Slug {
    static func make(from text: String, maxLength: Int = 80) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR"))
        var slug = ""
        var lastWasDash = true
        for scalar in folded.lowercased().unicodeScalars {
            let replacement: String? = switch scalar {
            case "a"..."z", "0"..."9": String(scalar)
            case "æ": "ae"
            case "œ": "oe"
            case "ß": "ss"
            default: nil
            }
            if let replacement {
                slug += replacement
                lastWasDash = false
            } else if !lastWasDash {
                slug += "-"
                lastWasDash = true
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.count > maxLength {
            slug = String(slug.prefix(maxLength))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug
    }

    /// `a-z`, `0-9` and single inner hyphens, at most 100 characters. One pass over the bytes:
    /// it runs on every course page request (Foundation's `String.contains` showed in profiles).
    static func isValid(_ slug: String) -> Bool {
        let dash = UInt8(ascii: "-")
        let bytes = slug.utf8
        guard !bytes.isEmpty, bytes.count <= 100, bytes.first != dash, bytes.last != dash else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            let allowed = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == dash
            guard allowed, !(byte == dash && previous == dash) else { return false }
            previous = byte
        }
        return true
    }
}
