import Foundation
import HTTPServer
import NIOHTTP1
import Templating

/// The course page, `GET /{lang}/formations/{slug}`, and its rendering for the enrollment flow
/// (the same page with errors after a failed submission).
struct CoursePageRoutes: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let cache: CourseCache
    /// Signs the enrollment form's token (course id and issue time, see `SubmissionToken`).
    let tokens: SubmissionTokenSigner
    /// Serves the page from the page cache or renders it; fills in each visitor's token, tracking
    /// inputs, view count and ETag.
    let pages: CachedPages

    func register(_ router: inout Router) {
        pages.route(&router, "/{lang}/formations/{slug}", key: { try CoursePageRoutes.cacheKey($0, page: "course") }) { try await show($0) }
    }

    /// Calls `body` with the visible course that the request's `{lang}` and `{slug}` name. An old
    /// slug of a renamed course answers a permanent redirect, handed to `redirected`; anything
    /// else unknown is a 404.
    func withVisibleCourse<Answer>(
        _ request: Request, redirected: (Response) -> Answer, _ body: (Language, CourseCache.Record, [CourseSession]) async throws -> Answer
    ) async throws -> Answer {
        let language = try request.languageParameter()
        // A slug no course can have (a NUL byte, spaces, 10 000 characters) is not looked up.
        guard let slug = request.parameters["slug"], Slug.isValid(slug) else { throw HTTPError(.notFound) }
        let database = self.database
        if let (record, sessions) = try await cache.course(slug: slug, database: database), record.course.isVisible {
            return try await body(language, record, sessions)
        }
        guard let current = try await database.run({ try $0.courses.redirectedSlug(from: slug) }) else {
            throw HTTPError(.notFound, "no visible course \(slug)")
        }
        let rest = request.pathSegments.dropFirst(3).map { "/" + PercentDecoding.encode($0) }.joined()
        return redirected(.redirect(to: "/\(language.rawValue)/formations/\(PercentDecoding.encode(current))\(rest)", status: .movedPermanently))
    }

    func withVisibleCourse(_ request: Request, _ body: (Language, CourseCache.Record, [CourseSession]) async throws -> Response) async throws -> Response {
        try await withVisibleCourse(request, redirected: { $0 }, body)
    }

    /// The key of a course's page (or its landing page) in the page cache: the query plays no
    /// part (its tracking parameters are the visitor's own, spliced in per request).
    static func cacheKey(_ request: Request, page: String) throws -> String {
        let language = try request.languageParameter()
        guard let slug = request.parameters["slug"], Slug.isValid(slug) else { throw HTTPError(.notFound) }
        return "\(page) \(language.rawValue) \(slug)"
    }

    /// The page as the cache keeps it, or a redirect from an old slug.
    func show(_ request: Request) async throws -> PageOutcome {
        // The sessions are read with the course's version on every render (their seats change
        // with every enrollment; a cached page is dropped by the seat trigger).
        try await withVisibleCourse(request, redirected: PageOutcome.other) { language, record, sessions in
            let response = try render(
                record.course, record.category, language: language, submitted: nil, errors: [:], tracking: PageHoles.tracking,
                status: .ok, token: PageHoles.token, record: record, sessions: sessions)
            return .page(response, CoursePageRoutes.facts(record, sessions: sessions, page: .course, language: language))
        }
    }

    /// What a course's page (or landing page) depends on: the course, its category, the time its
    /// first listed session starts; it carries the course's form and counts as a view of it.
    static func facts(_ record: CourseCache.Record, sessions: [CourseSession], page: PageViewCounter.Page, language: Language) -> PageFacts {
        let courseID = record.course.id
        var tags: Set<PageTag> = [.course(courseID)]
        if let category = record.category { tags.insert(.category(category.id)) }
        return PageFacts(
            tags: tags, sessionStarts: sessions.map(\.startsAt), formCourseID: courseID,
            view: PageView(courseID: courseID, page: page, language: language))
    }

    /// The page; `token` nil issues a fresh form token (every page after a submission gets one).
    func render(
        _ course: Course, _ category: Category?, language: Language, submitted: FormData?, errors: [String: String],
        tracking: [HiddenInput], status: HTTPResponseStatus, token: String? = nil,
        record: CourseCache.Record? = nil, sessions: [CourseSession]
    ) throws -> Response {
        let base = "/\(language.rawValue)/formations/\(course.slug)"
        let token = token ?? tokens.make(courseID: course.id)
        // The form and its sessions, encoded. On the page as first shown (no answers, no errors,
        // the marker token that `CachedPages` replaces) they are the same for every visitor while
        // the sessions read are the same, so they are kept with the course's version.
        let buildForm = { () throws -> PreparedForm in
            let form = CoursePageRoutes.enrollmentForm(
                course, language: language, token: token, submitted: submitted, errors: errors,
                sessionViews: CoursePageRoutes.sessionViews(sessions, course, language))
            return PreparedForm(view: form, encoded: try TemplateEncoder().encode(form), sessions: try TemplateEncoder().encode(form.sessions))
        }
        let asShown = submitted == nil && errors.isEmpty && token == PageHoles.token
        let form = try (asShown ? record.map { try $0.forms.value(language, sessions, build: buildForm) } : nil) ?? buildForm()
        let build = { try prepare(course, category, language: language, form: form.view) }
        let prepared = try record?.page(language, build: build) ?? build()
        let model = prepared.model
        // Only the form, its sessions (their seats change with every enrollment) and the tracking
        // inputs are set per request.
        var context = prepared.context
        context["form"] = form.encoded
        context["tracking"] = try TemplateEncoder().encode(tracking)
        context["sessions"] = form.sessions
        context["has_sessions"] = .bool(!form.view.sessions.isEmpty)
        var meta = PageMeta(
            language: language, title: PageMeta.title(model.title.text, failed: !errors.isEmpty, in: language), description: prepared.summary,
            path: base, alternates: [.fr: "/fr/formations/\(course.slug)", .ar: "/ar/formations/\(course.slug)"])
        meta.ogType = "article"
        meta.imageURL = model.cover_image_url
        let withSessions = { CourseStructuredData.jsonLD(course, model: model, language: language, baseURL: renderer.baseURL, sessions: sessions) }
        meta.jsonLD = sessions.isEmpty ? prepared.jsonLD : record?.jsonLD.value(language, sessions, build: withSessions) ?? withSessions()
        var response = try renderer.page("public/course", context: context, meta: meta, status: status)
        // The page carries a one-time form token: never cache it in shared caches.
        response.headers.add(name: "cache-control", value: "private, no-cache")
        return response
    }

    /// The course's enrollment form, posting to its `/inscription` (course and landing pages).
    static func enrollmentForm(
        _ course: Course, language: Language, token: String, submitted: FormData?, errors: [String: String], sessions: [CourseSession]
    ) -> EnrollmentFormView {
        enrollmentForm(course, language: language, token: token, submitted: submitted, errors: errors,
                       sessionViews: sessionViews(sessions, course, language))
    }

    static func sessionViews(_ sessions: [CourseSession], _ course: Course, _ language: Language) -> [SessionView] {
        sessions.map { SessionView($0, course: course, language: language) }
    }

    static func enrollmentForm(
        _ course: Course, language: Language, token: String, submitted: FormData?, errors: [String: String], sessionViews: [SessionView]
    ) -> EnrollmentFormView {
        EnrollmentFormView(
            fields: DefaultForm.effectiveFields(for: course), language: language,
            // The anchor brings the visitor back to the form (and its error summary) after a 422.
            action: "/\(language.rawValue)/formations/\(course.slug)/inscription#inscription", token: token, submitted: submitted,
            errors: errors, sessions: sessionViews)
    }

    /// The page values that depend only on the course, its category and the language.
    func prepare(_ course: Course, _ category: Category?, language: Language, form: EnrollmentFormView) throws -> PreparedCoursePage {
        let model = CoursePageModel(course: course, category: category, language: language, form: form)
        var context: [String: TemplateValue] = [:]
        if case .object(let values) = try TemplateEncoder().encode(model) { context = values }
        return PreparedCoursePage(
            model: model, context: context, jsonLD: CourseStructuredData.jsonLD(course, model: model, language: language, baseURL: renderer.baseURL),
            summary: CoursePageRoutes.summary(model.description?.text ?? model.title.text))
    }

    /// A meta description: the first ~160 characters, cut at a word boundary.
    static func summary(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > 160 else { return flat }
        let cut = flat.prefix(160)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }
}
