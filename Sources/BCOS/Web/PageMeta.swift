import Foundation

/// Facts about a public page that the base layout needs: language, title, SEO links.
public struct PageMeta: Sendable {
    public var language: Language
    public var title: String
    public var description: String
    /// Path of this page (`/fr/formations/x`), used for the canonical URL.
    public var path: String
    /// The same page in each language, for `hreflang` and the language switcher.
    public var alternates: [Language: String]
    /// Path for `x-default` (the French page by convention).
    public var defaultAlternate: String?
    public var ogType: String = "website"
    public var imageURL: String?
    /// Pre-serialised JSON-LD (already safe to embed: see `JSONLD`).
    public var jsonLD: String?
    public var noIndex = false
    /// Pagination neighbours (`rel="prev"`/`rel="next"`).
    public var prevHref: String?
    public var nextHref: String?
    /// Where the language switcher leads when the other language has no twin of this page.
    public var switchHref: String?
    /// `<meta name="keywords">` (landing pages list their SEO keywords).
    public var keywords: String?

    public init(language: Language, title: String, description: String, path: String, alternates: [Language: String] = [:]) {
        self.language = language
        self.title = title
        self.description = description
        self.path = path
        self.alternates = alternates
        self.defaultAlternate = alternates[.fr]
    }
}

extension PageMeta {
    /// A page shown again after a failed submission says so first, in the tab and to screen
    /// readers: "Erreur : …" / "خطأ: …" (no space before the colon in Arabic).
    static func title(_ title: String, failed: Bool, in language: Language) -> String {
        guard failed else { return title }
        return language == .fr ? "Erreur : \(title)" : "خطأ: \(title)"
    }
}
