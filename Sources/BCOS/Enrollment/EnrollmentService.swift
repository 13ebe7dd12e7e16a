import Foundation
import HTTPServer
import Logging
import Postgres

/// Validates and stores a public enrollment. The insert runs in one transaction; the CRM outbox
/// rows join that transaction (see docs/architecture.md), so an enrollment and its pending
/// deliveries are committed together or not at all.
///
/// Nothing is lost and nothing is silently dropped:
/// - the form token must be ours, for this course, and recent (`SubmissionTokenSigner`); if not,
///   the form comes back with the visitor's input;
/// - the same token with the same answers is the same enrollment (answered as accepted, stored
///   once, outbox written once); other answers are a new enrollment;
/// - the rate limit counts accepted enrollments only and refuses by showing the form again;
/// - when COMMIT gets no answer (the database stopped under it), the service looks for the
///   enrollment by its token and fingerprint and reports what is true.
struct EnrollmentService: Sendable {
    enum Outcome: Sendable, Equatable {
        /// Stored now (`isNew`), or stored earlier from the same form and answers; nil id only
        /// when a COMMIT without answer turned out to have been stored.
        case accepted(UUID?, isNew: Bool)
        case invalid(errors: [String: String])
        /// Over the per-address limit: nothing stored, the form comes back.
        case rateLimited
    }

    let database: AppDatabase
    let tokens: SubmissionTokenSigner
    let limiter: SubmissionRateLimiter
    let logger: Logger
    /// The visitor's confirmation and the team's notification, written with the enrollment
    /// (nil: no SMTP server configured, nothing is sent).
    var mail: EnrollmentMail?
    /// How long to keep asking, after a COMMIT without answer, whether the enrollment was stored
    /// (the database is usually back within seconds of a restart). After that, 503: the visitor
    /// sends again, and the token makes that safe.
    var commitCheckTimeout: Duration = .seconds(10)
    /// Counts stored enrollments (`enrollments_total`); nil counts nothing.
    var metrics: AppMetrics?

    /// `trace`: the request's id and logger; the id is stored with the CRM outbox rows, so the
    /// delivery worker's lines carry it too.
    func submit(
        course: Course, form: FormData, language: Language, source: String, clientAddress: String?, trace: RequestTrace?
    ) async throws -> Outcome {
        let logger = trace?.logger ?? self.logger
        let requestID = trace?.id
        // A course with sessions on offer asks for one (and no longer for a preferred date).
        let offered = try await database.run { try $0.sessions.offered(courseID: course.id) }
        let fields = DefaultForm.effectiveFields(for: course, withSessions: !offered.isEmpty)
        let validation = FormValidator(fields: fields).validate(form)
        let token = form["submission_token"] ?? ""
        var errors = validation.errors
        let sessionID = form["session_id"].flatMap { UUID(uuidString: $0) }
        if !offered.isEmpty {
            if (form["session_id"] ?? "").isEmpty { errors["session_id"] = "session_error_required" }
            else if sessionID.map({ id in !offered.contains { $0.id == id } }) ?? true { errors["session_id"] = "session_error_unavailable" }
        }
        switch tokens.check(token, courseID: course.id) {
        case .valid: break
        case .expired:
            errors["_form"] = "form_error_expired"
        case .wrongCourse, .forged:
            logger.notice("enrollment refused for \(course.slug): the form token is not one of ours for this course")
            errors["_form"] = "form_error_expired"
        }
        guard errors.isEmpty else { return .invalid(errors: errors) }

        let addressHash = limiter.addressHash(clientAddress)
        var draft = NewEnrollment(
            courseID: course.id, fields: fields, answers: validation.answers, language: language,
            source: source, submissionToken: token, clientAddressHash: addressHash)
        draft.sessionID = offered.isEmpty ? nil : sessionID
        draft.consent = Consent.given(fields: fields, answers: validation.answers, language: language)
        let enrollment = draft
        let (limit, window) = (limiter.limit, limiter.window)
        do {
            let outcome = try await database.transaction { db -> Outcome in
                // Same address, one at a time (all instances): the count below stays true until commit.
                try db.enrollments.lockAddress(addressHash)
                // A resubmission is accepted whatever the limit: it adds nothing.
                if let stored = try db.enrollments.stored(token: enrollment.submissionToken, fingerprint: enrollment.fingerprint) {
                    return .accepted(stored, isNew: false)
                }
                if try db.enrollments.acceptedCount(addressHash: addressHash, window: window) >= limit {
                    return .rateLimited
                }
                var enrollment = enrollment
                if let sessionID = enrollment.sessionID {
                    // The seat check and the insert under the session's row lock: enrollments for
                    // the same session queue here (on every instance), so seats are never overbooked.
                    guard let session = try db.sessions.lockForEnrollment(sessionID, courseID: course.id), session.isOffered() else {
                        return .invalid(errors: ["session_id": "session_error_unavailable"])
                    }
                    enrollment.status = session.isFull ? .waitlist : .new
                }
                // The privacy policy as it stands when the consent is stored.
                if enrollment.consent != nil { enrollment.consent?.version = try db.legalPages.version(.privacy) }
                switch try db.enrollments.insert(enrollment) {
                case .created(let id, _):
                    // Transactional outbox: the pending deliveries and e-mails commit with the
                    // enrollment or not at all.
                    try db.crmLogs.enqueue(enrollmentID: id, courseID: course.id, requestID: requestID?.value)
                    try mail?.enqueueAccepted(enrollmentID: id, in: db)
                    return .accepted(id, isNew: true)
                case .duplicate:
                    // Stored meanwhile from another address with the same token and answers.
                    return .accepted(try db.enrollments.stored(token: enrollment.submissionToken, fingerprint: enrollment.fingerprint), isNew: false)
                }
            }
            if case .accepted(_, isNew: true) = outcome { metrics?.enrollmentStored(language: language) }
            return outcome
        } catch let error as PostgresError where error.isCommitOutcomeUnknown {
            logger.warning("enrollment for \(course.slug): \(error); checking whether it was stored")
            guard let id = try await wasStored(enrollment) else { throw error }
            logger.notice("enrollment for \(course.slug) was committed although COMMIT got no answer")
            return .accepted(id, isNew: false)
        }
    }

    /// The enrollment's id if it is in the database, asking again while the database is
    /// unreachable, up to `commitCheckTimeout`. Throws when it cannot be known.
    private func wasStored(_ enrollment: NewEnrollment) async throws -> UUID? {
        let (token, fingerprint) = (enrollment.submissionToken, enrollment.fingerprint)
        let deadline = ContinuousClock.now + commitCheckTimeout
        while true {
            do {
                return try await database.run { try $0.enrollments.stored(token: token, fingerprint: fingerprint) }
            } catch let error as PostgresError where error.isUnavailable && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
