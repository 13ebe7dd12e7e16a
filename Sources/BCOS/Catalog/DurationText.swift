import Foundation

/// Durations are typed once, in French ("3 jours (21 heures)"). Arabic pages get them in Arabic,
/// with the counted noun in the right form (2 → dual, 3–10 → plural, 11+ → singular accusative).
/// A duration that cannot be read this way is shown as typed, marked as French.
enum DurationText {
    /// Compiled once: NSRegularExpression is immutable and safe to share.
    nonisolated(unsafe) static let pattern = try? NSRegularExpression(
        pattern: "(\\d+)\\s*(jours?|j|heures?|h|semaines?|mois)\\b", options: [.caseInsensitive])

    static func localized(_ text: String, in language: Language) -> (text: String, lang: String, dir: String) {
        guard language == .ar else { return (text, "fr", "ltr") }
        guard let regex = DurationText.pattern else { return (text, "fr", "ltr") }
        var result = text
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let whole = Range(match.range, in: text), let numberRange = Range(match.range(at: 1), in: text),
                  let unitRange = Range(match.range(at: 2), in: text), let number = Int(text[numberRange]) else { continue }
            let unit = text[unitRange].lowercased()
            let forms: (one: String, two: String, few: String, many: String) = switch unit.first {
            case "j": ("يوم واحد", "يومان", "أيام", "يومًا")
            case "h": ("ساعة واحدة", "ساعتان", "ساعات", "ساعة")
            case "s": ("أسبوع واحد", "أسبوعان", "أسابيع", "أسبوعًا")
            default: ("شهر واحد", "شهران", "أشهر", "شهرًا")
            }
            let arabic = switch number {
            case 1: forms.one
            case 2: forms.two
            case 3...10: "\(number) \(forms.few)"
            default: "\(number) \(forms.many)"
            }
            result.replaceSubrange(whole, with: arabic)
        }
        if result.unicodeScalars.contains(where: { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }) {
            return (text, "fr", "ltr")
        }
        return (result, "ar", "rtl")
    }
}
