import Foundation
import HTTPServer
import NIOHTTP1
import Logging

/// `POST /{lang}/formations/{slug}/inscription` and the thank-you page. Post/Redirect/Get: success
/// answers 303 to `/merci`; invalid input answers 422 with the same page, the visitor's input kept
/// and every error tied to its field, in the page's language.
struct EnrollmentRoutes: Sendable {
    let coursePages: CoursePageRoutes
    /// Re-renders a landing page when the form came from one (`via=presentation`).
    let landing: LandingPageRoutes
    let service: EnrollmentService
    /// Signs the thank-you page's link to the enrollment it sums up.
    let thanksLinks: ThanksLink
    /// Whether a confirmation e-mail is sent (the thank-you page says so only then).
    let mailConfigured: Bool
    let logger: Logger

    func register(_ router: inout Router) {
        // The longest form (a 5,000-character answer per textarea) fits many times in 64 KB.
        router.post("/{lang}/formations/{slug}/inscription", maxBodyBytes: 64 * 1024) { try await submit($0) }
        router.get("/{lang}/formations/{slug}/merci") { try await thanks($0) }
    }

    func submit(_ request: Request) async throws -> Response {
        let logger = request.logger(or: self.logger)
        return try await coursePages.withVisibleCourse(request) { language, record, _ in
            let course = record.course
            let coursePath = "/\(language.rawValue)/formations/\(course.slug)"
            let form = try request.formData()
            // Honeypot: people never see this field; bots fill it. Pretend success, store nothing.
            if let trap = form["website"], !trap.isEmpty {
                logger.notice("enrollment honeypot triggered from \(request.remoteAddress ?? "unknown")")
                return .redirect(to: coursePath + "/merci", status: .seeOther)
            }
            let outcome = try await service.submit(
                course: course, form: form, language: language, source: Tracking.source(from: form), clientAddress: request.remoteAddress,
                trace: request.trace)
            switch outcome {
            case .accepted(let id, let isNew):
                if let id, isNew { logger.info("enrollment \(id) for \(course.slug)") }
                return .redirect(to: coursePath + "/merci" + (id.map { "?" + thanksLinks.queryString(for: $0) } ?? ""), status: .seeOther)
            case .invalid(let errors):
                return try await formAgain(course, record.category, language: language, form: form, errors: errors, status: .unprocessableEntity)
            case .rateLimited:
                logger.notice("enrollment rate limit reached for \(request.remoteAddress ?? "unknown")")
                // The form again with everything typed: the visitor can send it once the window has passed.
                var response = try await formAgain(
                    course, record.category, language: language, form: form, errors: ["_form": "form_error_rate_limited"], status: .tooManyRequests)
                response.headers.replaceOrAdd(name: "retry-after", value: String(Int(service.limiter.window)))
                return response
            }
        }
    }

    /// The page the form came from (course page, or landing page with `via=presentation`), with
    /// the visitor's input, their tracking inputs and the errors, and a fresh token.
    private func formAgain(
        _ course: Course, _ category: Category?, language: Language, form: FormData, errors: [String: String], status: HTTPResponseStatus
    ) async throws -> Response {
        let tracking = Tracking.fromSubmission(form)
        if form["via"] == LandingPageRoutes.formMarker.value {
            return try await landing.render(course, category, language: language, submitted: form, errors: errors, tracking: tracking, status: status)
        }
        let sessions = try await coursePages.database.run { try $0.sessions.offered(courseID: course.id) }
        return try coursePages.render(
            course, category, language: language, submitted: form, errors: errors, tracking: tracking, status: status, sessions: sessions)
    }

    struct ThanksModel: Encodable {
        let course_title: LocalizedText
        let course_href: String
        /// Set when the link names the enrollment (signed, recent): what was sent, and what next.
        let details: Details?
    }

    struct Details: Encodable {
        let reference: String
        let is_waitlist: Bool
        let session: SessionView?
        let price: String?
        let answers: [MailLine]
        /// "Un e-mail de confirmation est en route vers salma@example.ma." when e-mail is on.
        let email_notice: String?
    }

    func thanks(_ request: Request) async throws -> Response {
        try await coursePages.withVisibleCourse(request) { language, record, _ in
            let course = record.course
            var details: Details?
            if let id = thanksLinks.enrollment(request.lenientQuery) {
                let facts = try await service.database.run { db -> EnrollmentMailFacts? in
                    guard let stored = try db.enrollments.record(id: id), stored.courseID == course.id else { return nil }
                    return EnrollmentMailFacts(record: stored, course: course, session: try stored.sessionID.flatMap { try db.sessions.find($0) })
                }
                details = facts.map { thanksDetails($0, course: course, language: language) }
            }
            return try thanksPage(course, language: language, details: details)
        }
    }

    private func thanksDetails(_ facts: EnrollmentMailFacts, course: Course, language: Language) -> Details {
        let price = (facts.session?.price(for: course) ?? course.pricing).ttc.map { PriceFormatter.format($0, currency: course.currency, in: language) }
        return Details(
            reference: facts.reference, is_waitlist: facts.status == .waitlist,
            session: facts.session.map { SessionView($0, course: course, language: language) }, price: price,
            answers: facts.labelledAnswers(in: language),
            email_notice: mailConfigured ? Messages.text("thanks_email_sent", in: language).replacingOccurrences(of: "%@", with: facts.email) : nil)
    }

    private func thanksPage(_ course: Course, language: Language, details: Details?) throws -> Response {
        let title = LocalizedText.pick(fr: course.titleFr, ar: course.titleAr, legacy: course.title, in: language)
            ?? LocalizedText(text: course.slug, lang: "fr", dir: "ltr", fallback: true)
        let path = "/\(language.rawValue)/formations/\(course.slug)"
        var meta = PageMeta(
            language: language, title: Messages.text("thanks_title", in: language), description: Messages.text("thanks_text", in: language),
            path: path + "/merci", alternates: [.fr: "/fr/formations/\(course.slug)/merci", .ar: "/ar/formations/\(course.slug)/merci"])
        meta.noIndex = true
        var response = try coursePages.renderer.page("public/thanks", ThanksModel(course_title: title, course_href: path, details: details), meta: meta)
        // Personal data on the page: never kept by a shared cache.
        response.headers.replaceOrAdd(name: "cache-control", value: "private, no-store")
        return response
    }
}
