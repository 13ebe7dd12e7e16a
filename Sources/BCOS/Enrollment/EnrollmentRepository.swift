import Foundation
import Postgres

/// SQL for `enrollments`: the public insert here, the back office's reads and updates in
/// `EnrollmentRepository+Admin.swift`, the CRM's read in `EnrollmentRepository+CRM.swift`.
struct EnrollmentRepository {
    let connection: PostgresConnection

    /// Whether an enrollment was already made with this form token (whatever the answers).
    func isTokenUsed(_ token: String) throws -> Bool {
        try connection.query("SELECT 1 FROM enrollments WHERE submission_token = $1 LIMIT 1", [token]).first != nil
    }

    /// The enrollment made from this form with these answers, if any: how a resubmission is
    /// recognised, and how a COMMIT that got no answer is found out.
    func stored(token: String, fingerprint: String) throws -> UUID? {
        try connection.query(
            "SELECT id FROM enrollments WHERE submission_token = $1 AND answers_fingerprint = $2", [token, fingerprint]
        ).first?.decode("id", as: UUID.self)
    }

    enum Outcome: Sendable, Equatable {
        case created(UUID, reference: String)
        /// The same form with the same answers was already submitted (double click, back and resubmit).
        case duplicate
    }

    /// Inserts inside the caller's transaction (the CRM outbox rows are written in the same one),
    /// with the consent given, stamped with the transaction's time.
    func insert(_ enrollment: NewEnrollment) throws -> Outcome {
        let s = enrollment.standard
        let result = try connection.query("""
            INSERT INTO enrollments (
              formation_id, full_name, email, phone, company, position, experience_level, motivation, preferred_date,
              how_did_you_hear, special_requirements, status, source, language_preference, form_data,
              form_fields_snapshot, submission_token, answers_fingerprint, client_address_hash, session_id, enrollment_date,
              consent_text, consent_at, consent_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $17, $12, $13, $14::jsonb, $15::jsonb, $16, $18, $19, $20, NOW(),
                    $21::text, CASE WHEN $21::text IS NULL THEN NULL ELSE NOW() END, $22::integer)
            ON CONFLICT (submission_token, answers_fingerprint) DO NOTHING
            RETURNING id, reference_number
            """, [
                enrollment.courseID, s["full_name"] ?? "", s["email"] ?? "", s["phone"] ?? "", s["company"], s["position"],
                s["experience_level"], s["motivation"], s["preferred_date"], s["how_did_you_hear"], s["special_requirements"],
                enrollment.source, enrollment.language.rawValue, JSONText.encode(enrollment.formData),
                JSONText.encode(enrollment.snapshot), enrollment.submissionToken, enrollment.status.rawValue,
                enrollment.fingerprint, enrollment.clientAddressHash, enrollment.sessionID,
                enrollment.consent?.text, enrollment.consent?.version,
            ])
        guard let row = result.first else { return .duplicate }
        return .created(try row.decode("id"), reference: EnrollmentReference.text(try row.decode("reference_number")))
    }
}
