import Foundation

/// Everything stored about one person (the visitor's right of access, law 09-08 and the GDPR):
/// every enrollment with their e-mail address, each with its CRM log rows and its e-mails.
struct PersonData: Sendable {
    struct Session: Sendable {
        var id: UUID
        var startsAt: Date
        var endsOn: String?
        var city: String?
        var address: String?
        var onlineURL: String?
    }

    struct CRMLog: Sendable {
        var id: UUID
        var integration: String?
        var event: String
        var eventData: JSONValue?
        var status: String
        var retryCount: Int
        var createdAt: Date?
        var attemptedAt: Date?
        var responseStatus: Int?
        var outcomeMessage: String?
        var errorMessage: String?
        /// As stored: secrets were redacted when the attempt was recorded.
        var request: JSONValue?
        var response: JSONValue?
    }

    struct Enrollment: Sendable {
        /// The enrollment as the admin page reads it (answers, snapshot, course, notes…).
        var record: EnrollmentRecord
        /// Every column of the `enrollments` row, as PostgreSQL writes it in JSON (`to_jsonb`), so
        /// a column added later is exported without a change here.
        var columns: [String: JSONValue]
        var session: Session?
        var crmLogs: [CRMLog]
        /// Oldest first.
        var emails: [EmailOutboxRepository.Stored]

        var id: UUID { record.summary.id }
        var reference: String { record.reference ?? id.lowercasedString }
    }

    var enrollments: [Enrollment]
}

/// One enrollment a confirmation page lists before an anonymisation or a deletion.
struct PersonEnrollment: Sendable {
    var id: UUID
    var reference: String?
    var createdAt: Date?
    var courseTitle: String?
    var status: String
    var crmLogCount: Int
    var emailCount: Int
}
