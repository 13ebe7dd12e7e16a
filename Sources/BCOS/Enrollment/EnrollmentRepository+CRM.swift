import Foundation
import Postgres

extension EnrollmentRepository {
    /// One enrollment (and its course, if it still exists) as the values a CRM mapping reads.
    func crmSources(enrollmentID: UUID) throws -> CRMSources? {
        guard let row = try connection.query(prepared: """
            SELECT e.id, e.full_name, e.email, e.phone, e.company, e.position, e.experience_level, e.motivation, e.preferred_date,
                   e.how_did_you_hear, e.special_requirements, e.status, e.source, e.language_preference, e.enrollment_date,
                   e.form_data::text AS answers_json, e.form_fields_snapshot::text AS snapshot_json,
                   f.title_fr, f.title_ar, f.title, f.reference, f.price_ht, f.price_ttc, f.vat_rate, f.currency,
                   COALESCE(c.name_fr, c.name) AS category,
                   s.starts_at AS session_start, s.ends_on::text AS session_end, s.city AS session_city, s.online_url AS session_online_url
            FROM enrollments e
            LEFT JOIN formations f ON f.id = e.formation_id
            LEFT JOIN categories c ON c.id = f.category_id
            LEFT JOIN formation_sessions s ON s.id = e.session_id
            WHERE e.id = $1
            """, [enrollmentID]).first else { return nil }
        var standard: [String: String] = [:]
        for column in CRMSources.enrollmentColumns {
            if let text: String = try row.decodeIfPresent(column) { standard[column] = text }
        }
        let titleFr: String? = try row.decodeIfPresent("title_fr") ?? row.decodeIfPresent("title")
        var session: CRMSources.SessionFacts?
        if let start: Date = try row.decodeIfPresent("session_start") {
            let city: String? = try row.decodeIfPresent("session_city")
            let link: String? = try row.decodeIfPresent("session_online_url")
            session = .init(start: start, end: try row.decodeIfPresent("session_end"), city: city,
                            online: !(link ?? "").isEmpty && (city ?? "").isEmpty)
        }
        return CRMSources.enrollment(
            id: try row.decode("id"), standard: standard,
            answersJSON: try row.decodeIfPresent("answers_json"), snapshotJSON: try row.decodeIfPresent("snapshot_json"),
            language: try row.decodeIfPresent("language_preference") ?? "fr", enrolledAt: try row.decodeIfPresent("enrollment_date"),
            course: .init(
                titleFr: titleFr, titleAr: try row.decodeIfPresent("title_ar"), reference: try row.decodeIfPresent("reference"),
                price: Price(ht: try row.decodeIfPresent("price_ht"), ttc: try row.decodeIfPresent("price_ttc"),
                             vatRate: try row.decodeIfPresent("vat_rate") ?? Price.defaultVATRate),
                currency: try row.decodeIfPresent("currency"), category: try row.decodeIfPresent("category")),
            session: session)
    }
}
