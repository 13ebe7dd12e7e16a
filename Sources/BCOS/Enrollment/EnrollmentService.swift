import Foundation
import HTTPServer

/// Validates and stores a public enrollment. The insert runs in one transaction; the CRM outbox
/// rows join that transaction (see docs/architecture.md), so an enrollment and its pending
/// deliveries are committed together or not at all.
struct EnrollmentService: Sendable {
    enum Outcome: Sendable {
        case accepted(UUID?)
        case invalid(errors: [String: String])
    }

    let database: AppDatabase

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
        let outcome = try await database.transaction { db in
            let outcome = try db.enrollments.insert(enrollment)
            // Transactional outbox: the pending deliveries commit with the enrollment or not at all.
            if case .created(let id) = outcome {
                try db.crmLogs.enqueue(enrollmentID: id, courseID: course.id)
            }
            return outcome
        }
        switch outcome {
        case .created(let id): return .accepted(id)
        case .duplicate: return .accepted(nil)
        }
    }
}
