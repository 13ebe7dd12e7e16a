import Foundation
import HTTPServer
import Templating

/// What the course template sees. Plain values only; HTML fields have passed the sanitizer.
struct CoursePageModel: Encodable, Sendable {
    struct Fact: Encodable, Sendable {
        let label: String
        let value: String
        /// Set when the value is not in the page's language (a course code, a French duration).
        let lang: String?
        let dir: String?
    }

    struct HTMLText: Encodable, Sendable {
        let html: String
        let lang: String
        let dir: String
        let fallback: Bool
    }

    let slug: String
    let title: LocalizedText
    let category: LocalizedText?
    let category_color: String?
    let facts: [Fact]
    let price_ht: String?
    let price_ttc: String?
    let description: LocalizedText?
    let objectives: LocalizedList?
    let prerequisites: LocalizedText?
    let program: HTMLText?
    let audience: LocalizedText?
    let content: HTMLText?
    let cover_image_url: String?
    /// The enrollment form, generated from the course's `inscription_form_fields`.
    var form: EnrollmentFormView
    /// Hidden inputs carrying where the visitor came from (UTM parameters, referrer).
    var tracking: [HiddenInput]

    init(course f: Course, category: Category?, language: Language, form: EnrollmentFormView, tracking: [HiddenInput] = []) {
        self.form = form
        self.tracking = tracking
        let t = { (key: String) in Messages.text(key, in: language) }
        slug = f.slug
        title = LocalizedText.pick(fr: f.titleFr, ar: f.titleAr, legacy: f.title, in: language)
            ?? LocalizedText(text: f.slug, lang: "fr", dir: "ltr", fallback: true)
        self.category = category.flatMap { LocalizedText.pick(fr: $0.nameFr, ar: $0.nameAr, legacy: $0.name, in: language) }
        category_color = category?.color
        var facts: [Fact] = []
        if let reference = f.reference, !reference.isEmpty { facts.append(Fact(label: t("course_reference"), value: reference, lang: "fr", dir: "ltr")) }
        if let level = f.level {
            facts.append(Fact(label: t("course_level"), value: t(level.messageKey), lang: nil, dir: nil))
        }
        if let duration = f.duration, !duration.isEmpty {
            let shown = DurationText.localized(duration, in: language)
            let foreign = shown.lang != language.rawValue
            facts.append(Fact(label: t("course_duration"), value: shown.text, lang: foreign ? shown.lang : nil, dir: foreign ? shown.dir : nil))
        }
        facts.append(Fact(label: t("course_mode"), value: f.isOnline ? t("course_online") : t("course_onsite"), lang: nil, dir: nil))
        if let seats = f.maxParticipants { facts.append(Fact(label: t("course_seats"), value: String(seats), lang: nil, dir: nil)) }
        self.facts = facts
        price_ht = f.priceHT.map { PriceFormatter.format($0, currency: f.currency, in: language) }
        price_ttc = f.pricing.ttc.map { PriceFormatter.format($0, currency: f.currency, in: language) }
        description = LocalizedText.pick(fr: f.descriptionFr, ar: f.descriptionAr, legacy: f.description, in: language)
        objectives = LocalizedList.pick(fr: f.objectivesFr, ar: f.objectivesAr, in: language)
        prerequisites = LocalizedText.pick(fr: f.prerequisitesFr, ar: f.prerequisitesAr, in: language)
        program = LocalizedText.pick(fr: f.programFr, ar: f.programAr, in: language).map(CoursePageModel.sanitized)
        audience = LocalizedText.pick(fr: f.targetAudienceFr, ar: f.targetAudienceAr, in: language)
        content = LocalizedText.pick(fr: f.contentFr, ar: f.contentAr, legacy: f.content, in: language).map(CoursePageModel.sanitized)
        cover_image_url = f.coverImageURL.flatMap { HTMLSanitizer.safeURL($0, schemes: ["http", "https"]) }
    }

    private static func sanitized(_ text: LocalizedText) -> HTMLText {
        HTMLText(html: HTMLSanitizer.sanitize(text.text), lang: text.lang, dir: text.dir, fallback: text.fallback)
    }
}
