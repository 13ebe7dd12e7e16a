import Foundation

/// The consent stored with an enrollment (`EnrollmentRepository.insert` writes it), for the
/// back office's enrollment page.
struct StoredConsent: Sendable, Equatable {
    var text: String
    var at: Date?
    var version: Int?
    var language: Language
}

extension EnrollmentRepository {
    func consent(id: UUID) throws -> StoredConsent? {
        guard let row = try connection.query("""
            SELECT consent_text, consent_at, consent_version, language_preference FROM enrollments WHERE id = $1 AND consent_text IS NOT NULL
            """, [id]).first else { return nil }
        return StoredConsent(
            text: try row.decode("consent_text"), at: try row.decodeIfPresent("consent_at"), version: try row.decodeIfPresent("consent_version"),
            language: Language(rawValue: try row.decodeIfPresent("language_preference") ?? "") ?? .fr)
    }
}
