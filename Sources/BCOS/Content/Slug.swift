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

    static func isValid(_ slug: String) -> Bool {
        !slug.isEmpty && slug.count <= 100 && !slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.contains("--")
            && slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
