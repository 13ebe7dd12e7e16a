import Foundation
import HTTPServer
import NIOHTTP1

/// What `public/landing` sees: the landing page's texts (hero HTML sanitized on save and again
/// here) around the course's facts, prices and enrollment form, taken from the course page model.
struct LandingPageModel: Encodable, Sendable {
    let title: String
    let hero_html: String
    let features: [LandingPage.Feature]
    let has_features: Bool
    let testimonials: [LandingPage.Testimonial]
    let has_testimonials: Bool
    let cta_text: String
    let course_href: String
    let course: CoursePageModel
}

/// `GET /{lang}/formations/{slug}/presentation`: the course's active landing page in that
/// language, or 404. The form posts to the course's usual `/inscription` with `via=presentation`,
/// so a submission with errors comes back to this page.
struct LandingPageRoutes: Sendable {
    let coursePages: CoursePageRoutes
    let database: AppDatabase

    static let formMarker = HiddenInput(name: "via", value: "presentation")

    func register(_ router: inout Router) {
        let key: @Sendable (Request) throws -> String? = { try CoursePageRoutes.cacheKey($0, page: "landing") }
        coursePages.pages.route(&router, "/{lang}/formations/{slug}/presentation", key: key) { request in
            try await coursePages.withVisibleCourse(request, redirected: PageOutcome.other) { language, record, sessions in
                let response = try await page(
                    record.course, record.category, language: language, submitted: nil, errors: [:], tracking: PageHoles.tracking,
                    token: PageHoles.token, status: .ok, sessions: sessions)
                // Counted once the page exists (an inactive landing page answers 404 above).
                return .page(response, CoursePageRoutes.facts(record, sessions: sessions, page: .landing, language: language))
            }
        }
    }

    /// The page after a failed submission (422), with a fresh token and the submitted tracking inputs.
    func render(
        _ course: Course, _ category: Category?, language: Language, submitted: FormData?, errors: [String: String],
        tracking: [HiddenInput], status: HTTPResponseStatus
    ) async throws -> Response {
        let sessions = try await database.run { try $0.sessions.offered(courseID: course.id) }
        return try await page(
            course, category, language: language, submitted: submitted, errors: errors, tracking: tracking,
            token: coursePages.tokens.make(courseID: course.id), status: status, sessions: sessions)
    }

    /// The page listing `sessions` (read with the course's version, or after a submission).
    private func page(
        _ course: Course, _ category: Category?, language: Language, submitted: FormData?, errors: [String: String],
        tracking: [HiddenInput], token: String, status: HTTPResponseStatus, sessions: [CourseSession]
    ) async throws -> Response {
        // The page, and the languages with an active page (for hreflang), in one checkout.
        let (found, active) = try await database.run { db in
            (try db.landingPages.page(courseID: course.id, language: language), try db.landingPages.activeLanguages(courseID: course.id))
        }
        guard let page = found, page.isActive else {
            throw HTTPError(.notFound, "no active \(language.rawValue) landing page for \(course.slug)")
        }
        let coursePath = "/\(language.rawValue)/formations/\(course.slug)"
        let form = CoursePageRoutes.enrollmentForm(
            course, language: language, token: token, submitted: submitted, errors: errors,
            sessions: sessions)
        let courseModel = CoursePageModel(course: course, category: category, language: language, form: form,
                                     tracking: tracking + [LandingPageRoutes.formMarker])
        let model = LandingPageModel(
            title: page.title, hero_html: HTMLSanitizer.sanitize(page.heroContent),
            features: page.features, has_features: !page.features.isEmpty,
            testimonials: page.publishedTestimonials, has_testimonials: !page.publishedTestimonials.isEmpty,
            cta_text: page.ctaText.isEmpty ? Messages.text("course_enroll", in: language) : page.ctaText,
            course_href: coursePath, course: courseModel)

        // hreflang only names landing pages that exist; the switcher falls back to the course page.
        var alternates: [Language: String] = [:]
        for other in active { alternates[other] = "/\(other.rawValue)/formations/\(course.slug)/presentation" }
        var meta = PageMeta(
            language: language, title: PageMeta.title(page.title, failed: !errors.isEmpty, in: language),
            description: page.metaDescription.isEmpty ? CoursePageRoutes.summary(courseModel.description?.text ?? page.title) : page.metaDescription,
            path: coursePath + "/presentation", alternates: alternates)
        meta.switchHref = alternates[language.other] ?? "/\(language.other.rawValue)/formations/\(course.slug)"
        meta.keywords = page.seoKeywords.joined(separator: ", ")
        meta.imageURL = courseModel.cover_image_url
        var response = try coursePages.renderer.page("public/landing", model, meta: meta, status: status)
        response.headers.add(name: "cache-control", value: "private, no-cache")
        return response
    }
}
