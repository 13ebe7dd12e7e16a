/// A text shown in the page's language when it exists, otherwise in the other language (or the
/// seed's legacy column), carrying its own `lang`/`dir` so a French paragraph on an Arabic page is
/// still read and laid out as French.
struct LocalizedText: Encodable, Sendable, Equatable {
    let text: String
    let lang: String
    let dir: String
    /// True when the text is not in the page's language.
    let fallback: Bool

    static func pick(fr: String?, ar: String?, legacy: String? = nil, in language: Language) -> LocalizedText? {
        func usable(_ text: String?) -> String? {
            guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return text
        }
        let wanted = language == .fr ? usable(fr) : usable(ar)
        if let wanted { return LocalizedText(text: wanted, lang: language.rawValue, dir: language.direction, fallback: false) }
        let other = language.other
        if let alternative = other == .fr ? usable(fr) : usable(ar) {
            return LocalizedText(text: alternative, lang: other.rawValue, dir: other.direction, fallback: true)
        }
        if let legacy = usable(legacy) {
            // Legacy columns were written in French.
            return LocalizedText(text: legacy, lang: "fr", dir: "ltr", fallback: language != .fr)
        }
        return nil
    }
}

/// A list (objectives) with the same fallback rule.
struct LocalizedList: Encodable, Sendable {
    let items: [String]
    let lang: String
    let dir: String
    let fallback: Bool

    static func pick(fr: [String], ar: [String], in language: Language) -> LocalizedList? {
        let clean = { (items: [String]) in items.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
        let wanted = clean(language == .fr ? fr : ar)
        if !wanted.isEmpty { return LocalizedList(items: wanted, lang: language.rawValue, dir: language.direction, fallback: false) }
        let other = language.other
        let alternative = clean(other == .fr ? fr : ar)
        if !alternative.isEmpty { return LocalizedList(items: alternative, lang: other.rawValue, dir: other.direction, fallback: true) }
        return nil
    }
}
