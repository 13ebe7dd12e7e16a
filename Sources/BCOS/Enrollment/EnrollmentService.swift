import Foundation
import HTTPServer
import Postgres

/// Validates and stores a public enrollment. The insert runs in one transaction; the CRM outbox
/// rows join that transaction (see DESIGN.md), so an enrollment and its pending deliveries are
/// committed together or not at all.
struct EnrollmentService: Sendable {
    enum Outcome: Sendable {
        case accepted(UUID?)
        case invalid(errors: [String: String])
    }

    let pool: PostgresPool
    var repository: EnrollmentRepository { EnrollmentRepository(pool: pool) }

    func submit(course: Course, form: FormData, language: Language, source: String) async throws -> Outcome {
        let fields = DefaultForm.effectiveFields(for: course)
        let validation = FormValidator(fields: fields).validate(form)
        let token = form["submission_token"] ?? ""
        var errors = validation.errors
        if !SubmissionToken.isWellFormed(token) { errors["_form"] = "form_error_expired" }
        guard errors.isEmpty else { return .invalid(errors: errors) }

        let enrollment = NewEnrollment(
            courseID: course.id, fields: fields, answers: validation.answers, language: language,
            source: source, submissionToken: token)
        let repository = self.repository
        let outcome = try await pool.withTransaction { connection in
            let outcome = try repository.insert(enrollment, on: connection)
            // Transactional outbox: the pending deliveries commit with the enrollment or not at all.
            if case .created(let id) = outcome {
                try CRMDeliveryRepository.enqueue(enrollmentID: id, courseID: course.id, on: connection)
            }
            return outcome
        }
        switch outcome {
        case .created(let id): return .accepted(id)
        case .duplicate: return .accepted(nil)
        }
    }

    /// The channel an enrollment came through: `website`, plus UTM parameters and the referrer that
    /// the course page saw, e.g. `website; utm_source=google; utm_campaign=rentree`.
    static func source(from form: FormData) -> String {
        var parts = ["website"]
        for key in ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] {
            if let value = form[key].map(clean), !value.isEmpty { parts.append("\(key)=\(value)") }
        }
        if let referrer = form["ref"].map(clean), !referrer.isEmpty { parts.append("referrer=\(referrer)") }
        if form["via"] == "presentation" { parts.append("page=presentation") }
        return parts.joined(separator: "; ")
    }

    private static func clean(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != ";" }.prefix(200))
    }
}
