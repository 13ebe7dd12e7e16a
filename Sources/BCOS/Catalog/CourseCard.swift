import Foundation

/// A course in a list (home, catalog): what a visitor needs to choose.
struct CourseCard: Encodable, Sendable {
    let href: String
    let title: LocalizedText
    let summary: LocalizedText?
    let category: LocalizedText?
    let level: String?
    let duration: String?
    let duration_lang: String
    let duration_dir: String
    let online: Bool
    let mode: String
    let price: String?
    let popular: Bool
    /// "lundi 12 janvier 2027": the next open session's first day, when there is one.
    let next_date: String?

    init(_ course: Course, _ category: Category?, language: Language, nextStart: Date? = nil) {
        href = "/\(language.rawValue)/formations/\(course.slug)"
        title = LocalizedText.pick(fr: course.titleFr, ar: course.titleAr, legacy: course.title, in: language)
            ?? LocalizedText(text: course.slug, lang: "fr", dir: "ltr", fallback: true)
        summary = LocalizedText.pick(fr: course.descriptionFr, ar: course.descriptionAr, legacy: course.description, in: language)
            .map { LocalizedText(text: CoursePageRoutes.summary($0.text), lang: $0.lang, dir: $0.dir, fallback: $0.fallback) }
        self.category = category.flatMap { LocalizedText.pick(fr: $0.nameFr, ar: $0.nameAr, legacy: $0.name, in: language) }
        level = course.level.map { Messages.text($0.messageKey, in: language) }
        let shownDuration = course.duration.map { DurationText.localized($0, in: language) }
        duration = shownDuration?.text
        duration_lang = shownDuration?.lang ?? language.rawValue
        duration_dir = shownDuration?.dir ?? language.direction
        online = course.isOnline
        mode = Messages.text(course.isOnline ? "course_online" : "course_onsite", in: language)
        price = course.pricing.ttc.map { PriceFormatter.format($0, currency: course.currency, in: language) }
        popular = course.isPopular
        next_date = nextStart.map { SessionDateText.day($0, in: language) }
    }
}

/// A category tile (home) or filter option (catalog).
struct CategoryTile: Encodable, Sendable {
    let slug: String
    let name: LocalizedText
    let description: LocalizedText?
    let icon: String?
    let color_class: String
    let count: Int
    /// "1 formation", "3 دورات": the count with its noun, by the language's plural rules.
    let count_text: String
    let href: String
    let selected: Bool

    init(_ category: Category, count: Int, language: Language, selected: Bool = false) {
        slug = category.slug
        name = LocalizedText.pick(fr: category.nameFr, ar: category.nameAr, legacy: category.name, in: language)
            ?? LocalizedText(text: category.slug, lang: "fr", dir: "ltr", fallback: true)
        description = LocalizedText.pick(fr: category.descriptionFr, ar: category.descriptionAr, in: language)
        icon = category.icon.flatMap { $0.isEmpty ? nil : $0 }
        color_class = CategoryPalette.className(for: category.color)
        self.count = count
        count_text = Plural.text(.course, count: count, in: language)
        href = "/\(language.rawValue)/formations?categorie=\(category.slug)"
        self.selected = selected
    }
}

/// Category colours without inline styles (the Content-Security-Policy forbids them): each admin
/// colour maps to the nearest of a fixed palette of CSS classes.
enum CategoryPalette {
    static let colors: [(name: String, rgb: (Int, Int, Int))] = [
        ("blue", (29, 78, 216)), ("teal", (15, 118, 110)), ("green", (21, 128, 61)), ("amber", (180, 83, 9)),
        ("red", (185, 28, 28)), ("purple", (109, 40, 217)), ("pink", (190, 24, 93)), ("slate", (71, 85, 105)),
    ]

    static func className(for hex: String?) -> String {
        guard let hex, hex.count == 7, hex.hasPrefix("#"), let value = Int(hex.dropFirst(), radix: 16) else { return "cat-slate" }
        let rgb = ((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)
        let nearest = colors.min { a, b in distance(a.rgb, rgb) < distance(b.rgb, rgb) }
        return "cat-" + (nearest?.name ?? "slate")
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2)
    }
}
