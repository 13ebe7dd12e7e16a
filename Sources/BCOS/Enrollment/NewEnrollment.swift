import Foundation

/// A validated enrollment, ready to store.
struct NewEnrollment: Sendable {
    /// The seed's `enrollments` columns a form field can fill directly.
    static let standardColumns = [
        "full_name", "email", "phone", "company", "position", "experience_level", "motivation", "preferred_date",
        "how_did_you_hear", "special_requirements",
    ]

    var courseID: UUID
    var standard: [String: String]
    /// Answers to every other field (JSONB `form_data`).
    var formData: [String: Answer]
    /// The field definitions the visitor saw (JSONB `form_fields_snapshot`).
    var snapshot: [FormField]
    var language: Language
    var source: String
    var submissionToken: String
    /// With the token, the enrollment's idempotency key (`AnswersFingerprint`).
    var fingerprint: String
    /// Keyed hash of the client address, for the shared rate limit (`SubmissionRateLimiter`); nil
    /// for enrollments that did not come through the public form.
    var clientAddressHash: String?
    /// The session chosen, when the course has sessions.
    var sessionID: UUID?
    /// `new`, or `waitlist` when the session was full (decided under the session's lock).
    var status: EnrollmentStatus = .new
    /// The consent box ticked, if the form has one (`Consent`); its version is set in the insert's transaction.
    var consent: Consent.Given?

    init(courseID: UUID, fields: [FormField], answers: [String: Answer], language: Language, source: String, submissionToken: String,
         clientAddressHash: String? = nil) {
        self.courseID = courseID
        var standard: [String: String] = [:]
        var custom: [String: Answer] = [:]
        for (name, answer) in answers {
            if NewEnrollment.standardColumns.contains(name) { standard[name] = answer.text } else { custom[name] = answer }
        }
        self.standard = standard
        self.formData = custom
        self.snapshot = fields
        self.language = language
        self.source = source
        self.submissionToken = submissionToken
        self.fingerprint = AnswersFingerprint.of(answers)
        self.clientAddressHash = clientAddressHash
    }
}
