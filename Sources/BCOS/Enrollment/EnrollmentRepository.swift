import Foundation
import Postgres

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
    var formData: [String: FormValidator.Answer]
    /// The field definitions the visitor saw (JSONB `form_fields_snapshot`).
    var snapshot: [FormField]
    var language: Language
    var source: String
    var submissionToken: String

    init(courseID: UUID, fields: [FormField], answers: [String: FormValidator.Answer], language: Language, source: String, submissionToken: String) {
        self.courseID = courseID
        var standard: [String: String] = [:]
        var custom: [String: FormValidator.Answer] = [:]
        for (name, answer) in answers {
            if NewEnrollment.standardColumns.contains(name) { standard[name] = answer.text } else { custom[name] = answer }
        }
        self.standard = standard
        self.formData = custom
        self.snapshot = fields
        self.language = language
        self.source = source
        self.submissionToken = submissionToken
    }
}

/// SQL for `enrollments`.
struct EnrollmentRepository: Sendable {
    let pool: PostgresPool

    /// Whether an enrollment was already made with this form token.
    func isTokenUsed(_ token: String) async throws -> Bool {
        try await pool.query("SELECT 1 FROM enrollments WHERE submission_token = $1", [token]).first != nil
    }

    enum Outcome: Sendable, Equatable {
        case created(UUID)
        /// The same form was already submitted (double click, back and resubmit).
        case duplicate
    }

    /// Inserts on the caller's connection, inside the caller's transaction (the CRM outbox rows
    /// are written in the same transaction).
    func insert(_ enrollment: NewEnrollment, on connection: PostgresConnection) throws -> Outcome {
        let s = enrollment.standard
        let result = try connection.query("""
            INSERT INTO enrollments (
              formation_id, full_name, email, phone, company, position, experience_level, motivation, preferred_date,
              how_did_you_hear, special_requirements, status, source, language_preference, form_data,
              form_fields_snapshot, submission_token, enrollment_date)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'new', $12, $13, $14::jsonb, $15::jsonb, $16, NOW())
            ON CONFLICT (submission_token) DO NOTHING
            RETURNING id
            """, [
                enrollment.courseID, s["full_name"] ?? "", s["email"] ?? "", s["phone"] ?? "", s["company"], s["position"],
                s["experience_level"], s["motivation"], s["preferred_date"], s["how_did_you_hear"], s["special_requirements"],
                enrollment.source, enrollment.language.rawValue, JSONText.encode(enrollment.formData),
                JSONText.encode(enrollment.snapshot), enrollment.submissionToken,
            ])
        guard let id = try result.first?.decode("id", as: UUID.self) else { return .duplicate }
        return .created(id)
    }
}

/// JSON text for JSONB parameters, keys sorted so equal values give equal text.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
