import Foundation
import Postgres

/// SQL for `formation_crm_mappings`: which integrations a course's enrollments go to, and with
/// which field mapping (stored as the seed's JSON, read back with `FieldMapping.parse`).
struct CRMMappingRepository {
    let connection: PostgresConnection

    /// A course's mappings by integration: switched on or not, and the stored JSON as text.
    func mappings(courseID: UUID) throws -> [UUID: (active: Bool, text: String)] {
        var stored: [UUID: (active: Bool, text: String)] = [:]
        for row in try connection.query(
            "SELECT crm_integration_id, is_active, field_mappings::text AS mapping FROM formation_crm_mappings WHERE formation_id = $1",
            [courseID]).rows {
            stored[try row.decode("crm_integration_id")] = (try row.decodeIfPresent("is_active") ?? false, try row.decodeIfPresent("mapping") ?? "")
        }
        return stored
    }

    enum Change: Sendable {
        /// A row for the course: its mapping (empty: the integration's default), on or off.
        case store(UUID, active: Bool, FieldMapping)
        case remove(UUID)
    }

    /// Writes a course's mappings. Run it in a transaction so the page's changes land together.
    func save(courseID: UUID, _ changes: [Change]) throws {
        for change in changes {
            switch change {
            case .store(let integrationID, let active, let mapping):
                try connection.query("""
                    INSERT INTO formation_crm_mappings (formation_id, crm_integration_id, field_mappings, is_active) VALUES ($1, $2, $3::jsonb, $4)
                    ON CONFLICT (formation_id, crm_integration_id) DO UPDATE SET field_mappings = EXCLUDED.field_mappings, is_active = EXCLUDED.is_active
                    """, [courseID, integrationID, mapping.storedJSON, active])
            case .remove(let integrationID):
                try connection.query(
                    "DELETE FROM formation_crm_mappings WHERE formation_id = $1 AND crm_integration_id = $2", [courseID, integrationID])
            }
        }
    }

    /// The courses mapped to an integration, for its page.
    func linkedCourses(integrationID: UUID) throws -> [(courseID: UUID, title: String, active: Bool)] {
        try connection.query("""
            SELECT f.id, COALESCE(f.title_fr, f.title, f.slug) AS title, COALESCE(m.is_active, false) AS active
            FROM formation_crm_mappings m JOIN formations f ON f.id = m.formation_id
            WHERE m.crm_integration_id = $1 ORDER BY 2
            """, [integrationID]).rows.map { (try $0.decode("id", as: UUID.self), try $0.decode("title", as: String.self), try $0.decode("active", as: Bool.self)) }
    }

    func count(integrationID: UUID) throws -> Int {
        try connection.query("SELECT count(*) AS n FROM formation_crm_mappings WHERE crm_integration_id = $1", [integrationID]).first?.decode("n") ?? 0
    }

    /// For a delivery: the mapping text that applies to the enrollment's course, or nil when the
    /// course is not sent to the integration (any more). A course's own active row wins; an
    /// integration for all courses applies its default mapping unless the course opted out
    /// (an inactive row). The same rule as `get_crm_integrations_for_formation` (migration 007).
    func deliveryMapping(enrollmentID: UUID, integrationID: UUID) throws -> String?? {
        guard let row = try connection.query(prepared: """
            SELECT m.id IS NOT NULL AS has_row, COALESCE(m.is_active, false) AS row_active, m.field_mappings::text AS mapping,
                   i.all_courses, i.default_mapping::text AS default_mapping
            FROM enrollments e JOIN crm_integrations i ON i.id = $2
            LEFT JOIN formation_crm_mappings m ON m.formation_id = e.formation_id AND m.crm_integration_id = i.id
            WHERE e.id = $1
            """, [enrollmentID, integrationID]).first else { return nil }
        let hasRow: Bool = try row.decode("has_row")
        let rowActive: Bool = try row.decode("row_active")
        let allCourses: Bool = try row.decodeIfPresent("all_courses") ?? false
        let own: String? = try row.decodeIfPresent("mapping")
        let fallback: String? = try row.decodeIfPresent("default_mapping")
        // An empty course mapping means "the integration's default": the worker falls back to it.
        if hasRow { return rowActive ? .some(own) : nil }
        return allCourses ? .some(fallback) : nil
    }

    /// A duplicated course forwards like its original: its mappings are copied.
    func copy(fromCourse source: UUID, toCourse target: UUID) throws {
        try connection.query("""
            INSERT INTO formation_crm_mappings (formation_id, crm_integration_id, field_mappings, is_active)
            SELECT $2, crm_integration_id, field_mappings, is_active FROM formation_crm_mappings WHERE formation_id = $1
            """, [source, target])
    }

    /// Published, active courses whose enrollments go to no active integration: what the
    /// dashboard warns about.
    func coursesForwardingNowhere() throws -> [(id: UUID, title: String)] {
        try connection.query("""
            SELECT f.id, COALESCE(f.title_fr, f.title, f.slug) AS title FROM formations f
            WHERE f.is_published AND f.is_active AND NOT EXISTS (SELECT 1 FROM get_crm_integrations_for_formation(f.id))
            ORDER BY 2
            """).rows.map { (try $0.decode("id", as: UUID.self), try $0.decode("title", as: String.self)) }
    }
}
