import Crypto
import Foundation
import HTTPServer
import NIOHTTP1
import NIOCore
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
    var tracking: [Hidden]

    struct Hidden: Encodable, Sendable {
        let name: String
        let value: String
    }

    init(course f: Course, category: Category?, language: Language, form: EnrollmentFormView, tracking: [Hidden] = []) {
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
        if let level = f.level, !level.isEmpty {
            let label = Messages.text("level_\(level)", in: language)
            facts.append(Fact(label: t("course_level"), value: label == "level_\(level)" ? level : label, lang: nil, dir: nil))
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
        price_ttc = (f.priceTTC ?? f.priceHT.map { $0 * (1 + f.vatRate / 100) }).map { PriceFormatter.format($0, currency: f.currency, in: language) }
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

/// The course page, `GET /{lang}/formations/{slug}`, and its rendering for the enrollment flow
/// (the same page with errors after a failed submission).
struct CoursePageRoutes: Sendable {
    let repository: CourseRepository
    let catalog: CatalogRepository
    let enrollments: EnrollmentRepository
    let renderer: PageRenderer
    let cache: CourseCache

    /// The visible course named by the request's `{slug}`, or 404.
    func visibleCourse(_ request: Request) async throws -> (Language, Course, Category?) {
        let (language, record) = try await visibleRecord(request)
        return (language, record.course, record.category)
    }

    /// The same, as the current cached record (see `CourseCache`).
    func visibleRecord(_ request: Request) async throws -> (Language, CourseCache.Record) {
        guard let language = request.parameters["lang"].flatMap(Language.init(rawValue:)),
              let slug = request.parameters["slug"] else { throw HTTPError(.notFound) }
        guard let record = try await cache.course(slug: slug, repository: repository), record.course.isVisible else {
            // A renamed course answers from its old slug with a permanent redirect.
            if let current = try await catalog.redirectedSlug(from: slug) {
                let rest = request.pathSegments.dropFirst(3).map { "/" + PercentDecoding.encode($0) }.joined()
                throw HTTPError(.movedPermanently, "renamed course", headers: ["location": "/\(language.rawValue)/formations/\(PercentDecoding.encode(current))\(rest)"])
            }
            throw HTTPError(.notFound, "no visible course \(slug)")
        }
        return (language, record)
    }

    func show(_ request: Request) async throws -> Response {
        let (language, record) = try await visibleRecord(request)
        let tracking = CoursePageRoutes.tracking(request, baseURL: renderer.baseURL)
        // Conditional GET: the ETag is the page's content hash plus the form token it carried. The
        // cached page may be reused (304) only while its token is unused, or a second enrollment
        // from it would be taken for a duplicate of the first.
        let presented = request.header("if-none-match").flatMap(PageETag.init(header:))
        var token = SubmissionToken.make()
        if let presented, try await !enrollments.isTokenUsed(presented.token) { token = presented.token }
        var response = try render(
            record.course, record.category, language: language, submitted: nil, errors: [:], tracking: tracking, status: .ok, token: token,
            record: record)
        let etag = PageETag(body: response.body, token: token)
        if presented == etag {
            response = Response(status: .notModified, headers: ["cache-control": "private, no-cache"])
        }
        response.headers.replaceOrAdd(name: "etag", value: etag.headerValue)
        return response
    }

    func render(
        _ course: Course, _ category: Category?, language: Language, submitted: FormData?, errors: [String: String],
        tracking: [CoursePageModel.Hidden], status: HTTPResponseStatus, token: String = SubmissionToken.make(),
        record: CourseCache.Record? = nil
    ) throws -> Response {
        let base = "/\(language.rawValue)/formations/\(course.slug)"
        let form = CoursePageRoutes.enrollmentForm(course, language: language, token: token, submitted: submitted, errors: errors)
        let build = { prepare(course, category, language: language, form: form) }
        let prepared = record?.page(language, build: build) ?? build()
        let model = prepared.model
        // Only the form and the tracking inputs are encoded per request.
        var context = prepared.context
        context["form"] = try TemplateEncoder().encode(form)
        context["tracking"] = try TemplateEncoder().encode(tracking)
        var meta = PageMeta(
            language: language, title: model.title.text, description: prepared.summary,
            path: base, alternates: [.fr: "/fr/formations/\(course.slug)", .ar: "/ar/formations/\(course.slug)"])
        meta.ogType = "article"
        meta.imageURL = model.cover_image_url
        meta.jsonLD = prepared.jsonLD
        var response = try renderer.page("public/course", context: context, meta: meta, status: status)
        // The page carries a one-time form token: never cache it in shared caches.
        response.headers.add(name: "cache-control", value: "private, no-cache")
        return response
    }

    /// The course's enrollment form, posting to its `/inscription` (course and landing pages).
    static func enrollmentForm(
        _ course: Course, language: Language, token: String, submitted: FormData?, errors: [String: String]
    ) -> EnrollmentFormView {
        EnrollmentFormView(
            fields: DefaultForm.effectiveFields(for: course), language: language,
            action: "/\(language.rawValue)/formations/\(course.slug)/inscription", token: token, submitted: submitted, errors: errors)
    }

    /// The page values that depend only on the course, its category and the language.
    func prepare(_ course: Course, _ category: Category?, language: Language, form: EnrollmentFormView) -> PreparedCoursePage {
        let model = CoursePageModel(course: course, category: category, language: language, form: form)
        var context: [String: TemplateValue] = [:]
        if case .object(let values)? = try? TemplateEncoder().encode(model) { context = values }
        return PreparedCoursePage(
            model: model, context: context, jsonLD: CourseStructuredData.jsonLD(course, model: model, language: language, baseURL: renderer.baseURL),
            summary: CoursePageRoutes.summary(model.description?.text ?? model.title.text))
    }

    /// Hidden inputs that carry where the visitor came from: UTM parameters of the address and an
    /// outside referrer.
    static func tracking(_ request: Request, baseURL: String) -> [CoursePageModel.Hidden] {
        let query = request.lenientQuery
        var tracking: [CoursePageModel.Hidden] = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"].compactMap { key in
            query[key].flatMap { $0.isEmpty ? nil : CoursePageModel.Hidden(name: key, value: String($0.prefix(200))) }
        }
        if let referrer = request.header("referer"), !referrer.isEmpty, !referrer.hasPrefix(baseURL) {
            tracking.append(.init(name: "ref", value: String(referrer.prefix(200))))
        }
        return tracking
    }

    /// A meta description: the first ~160 characters, cut at a word boundary.
    static func summary(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > 160 else { return flat }
        let cut = flat.prefix(160)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }
}

/// `W/"<hash of the page without its token>.<token>"`.
struct PageETag: Equatable, Sendable {
    let hash: String
    let token: String

    /// Hashes the body with every occurrence of the token left out, straight from the bytes
    /// (turning a 10 KB page back into a String to remove it cost more than rendering it).
    init(body: ByteBuffer, token: String) {
        var hasher = SHA256()
        let needle = Array(token.utf8)
        body.withUnsafeReadableBytes { bytes in
            var start = 0
            var index = 0
            let end = bytes.count - needle.count
            while !needle.isEmpty, index <= end {
                if bytes[index] == needle[0], needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) {
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                    index += needle.count
                    start = index
                } else {
                    index += 1
                }
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[start...]))
        }
        hash = hasher.finalize().prefix(12).map { String(format: "%02x", $0) }.joined()
        self.token = token
    }

    init?(header: String) {
        var value = header.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("W/") { value.removeFirst(2) }
        guard value.hasPrefix("\""), value.hasSuffix("\""), value.count > 2 else { return nil }
        let parts = value.dropFirst().dropLast().split(separator: ".", maxSplits: 1)
        guard parts.count == 2, SubmissionToken.isWellFormed(String(parts[1])) else { return nil }
        hash = String(parts[0])
        token = String(parts[1])
    }

    var headerValue: String { "W/\"\(hash).\(token)\"" }
}
