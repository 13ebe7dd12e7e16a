import Foundation

/// French formats of the back office.
enum AdminFormat {
    /// `31/12/2026 18:05`, Casablanca time.
    static func dateTime(_ date: Date) -> String { casablanca("dd/MM/yyyy HH:mm", date) }

    /// `24/11`, Casablanca time (chart labels).
    static func dayMonth(_ date: Date) -> String { casablanca("dd/MM", date) }

    private static func casablanca(_ format: String, _ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = SiteTime.zone
        formatter.dateFormat = format
        return formatter.string(from: date)
    }

    /// A `tel:` link for a stored phone number: digits and a leading `+` only (RFC 3966 global
    /// numbers), so a hand-edited value with spaces, dots or letters still dials; nil when no
    /// digit is left.
    static func telephoneHref(_ phone: String) -> String? {
        var digits = phone.filter(\.isASCII).filter(\.isNumber)
        guard !digits.isEmpty else { return nil }
        if phone.trimmingCharacters(in: .whitespaces).hasPrefix("+") { digits = "+" + digits }
        return "tel:" + digits
    }

    /// An optional text for a table cell: "—" when there is none.
    static func orDash(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "—" }
        return text
    }

    /// `fr` → "Français", `ar` → "Arabe" (codes never shown as such).
    static func language(_ code: String?) -> String {
        switch code {
        case "fr": "Français"
        case "ar": "Arabe"
        case .some(let other) where !other.isEmpty: other
        default: "—"
        }
    }

    /// `website; utm_source=google; page=presentation` → "Site web ; utm_source=google ; page de présentation".
    static func source(_ stored: String?) -> String {
        guard let stored, !stored.isEmpty else { return "—" }
        return stored.split(separator: ";").map { part -> String in
            let text = part.trimmingCharacters(in: .whitespaces)
            switch text {
            case "website": return "Site web"
            case "page=presentation": return "page de présentation"
            default: return text
            }
        }.joined(separator: " ; ")
    }
}

