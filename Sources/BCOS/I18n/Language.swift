/// The two languages of the site. Arabic pages are right-to-left.
public enum Language: String, Sendable, CaseIterable, Codable {
    case fr, ar

    public var direction: String { self == .ar ? "rtl" : "ltr" }
    public var other: Language { self == .fr ? .ar : .fr }
    /// The language's own name, for the switcher.
    public var nativeName: String { self == .fr ? "Français" : "العربية" }
    /// Open Graph locale.
    public var ogLocale: String { self == .fr ? "fr_FR" : "ar_MA" }

    /// The preferred language from an `Accept-Language` header (French when nothing matches).
    public static func negotiate(acceptLanguage header: String?) -> Language {
        guard let header else { return .fr }
        var best: (Language, Double)?
        for entry in header.split(separator: ",") {
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased() else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let language: Language? = tag.hasPrefix("ar") ? .ar : tag.hasPrefix("fr") ? .fr : nil
            if let language, quality > (best?.1 ?? 0) { best = (language, quality) }
        }
        return best?.0 ?? .fr
    }

    /// The language of a path like `/ar/formations/x`, if it has one.
    public static func fromPath(_ segments: [String]) -> Language? {
        segments.first.flatMap(Language.init(rawValue:))
    }
}
