import Foundation
import Postgres

/// An enrollment in a list (admin list, dashboard).
struct EnrollmentSummary: Sendable {
    var id: UUID
    var createdAt: Date
    var fullName: String
    var email: String
    var phone: String
    /// As stored: one of `EnrollmentStatus`, or whatever an import wrote.
    var status: String
    var language: String?
    var source: String?
    var courseTitle: String?
    /// The chosen session's start and place, when there is one.
    var sessionStart: Date?
    var sessionPlace: String?

    /// "12/01/2027 09:00 — Casablanca", or "—".
    var sessionLabel: String {
        guard let sessionStart else { return "—" }
        return AdminFormat.dateTime(sessionStart) + (sessionPlace.map { " — \($0)" } ?? "")
    }
}

/// One enrollment with everything stored about it (its admin page).
struct EnrollmentRecord: Sendable {
    var summary: EnrollmentSummary
    var courseSlug: String?
    /// The `enrollments` columns a form field can fill (`NewEnrollment.standardColumns`).
    var standard: [String: String]
    var answers: [String: Answer]
    /// The form the visitor saw (nil: not stored; the default form applies).
    var snapshot: [FormField]?
    var notes: String
    var commercialNotes: String
    var contactDay: String?
    var followUpDay: String?
    /// "BC-000123" (`reference_number`); nil only for rows written before migration 011 ran.
    var reference: String?
    var courseID: UUID?
    var sessionID: UUID?
}

/// A row of the CSV export: every stored answer, with the form the visitor saw.
struct EnrollmentExportRow: Sendable {
    var summary: EnrollmentSummary
    /// The standard columns (`NewEnrollment.standardColumns`) that hold a value.
    var standard: [String: String]
    var answers: [String: Answer]
    /// The form the visitor saw (nil: the default form).
    var snapshot: [FormField]?
}

/// The back office's reads and updates of `enrollments`.
extension EnrollmentRepository {
    /// WHERE clause over `e` (enrollments) for a filter, and its parameters $1…$9.
    private static func clause(_ filter: EnrollmentFilter) -> (sql: String, parameters: [any PostgresEncodable]) {
        ("""
            ($1::text IS NULL OR e.status = $1) AND ($2::uuid IS NULL OR e.formation_id = $2)
            AND ($3 = '' OR e.source ILIKE $4) AND ($5::text IS NULL OR e.language_preference = $5)
            AND ($6::date IS NULL OR e.created_at >= $6::date) AND ($7::date IS NULL OR e.created_at < $7::date + 1)
            AND ($8 = '' OR e.full_name ILIKE $9 OR e.email ILIKE $9 OR e.phone ILIKE $9 OR e.company ILIKE $9)
            """,
         [filter.status?.rawValue, filter.courseID, filter.source, SQLPattern.contains(filter.source), filter.language?.rawValue,
          filter.from, filter.to, filter.text, SQLPattern.contains(filter.text)])
    }

    private static let summaryColumns = """
        e.id, e.created_at, e.full_name, e.email, e.phone, e.status, e.language_preference, e.source,
        COALESCE(f.title_fr, f.title) AS course, s.starts_at AS session_start,
        COALESCE(NULLIF(s.city, ''), CASE WHEN s.online_url IS NOT NULL THEN 'En ligne' END) AS session_place
        """

    private static func summary(_ row: Row) throws -> EnrollmentSummary {
        EnrollmentSummary(
            id: try row.decode("id"), createdAt: try row.decode("created_at"), fullName: try row.decodeIfPresent("full_name") ?? "",
            email: try row.decodeIfPresent("email") ?? "", phone: try row.decodeIfPresent("phone") ?? "",
            status: try row.decodeIfPresent("status") ?? "", language: try row.decodeIfPresent("language_preference"),
            source: try row.decodeIfPresent("source"), courseTitle: try row.decodeIfPresent("course"),
            sessionStart: try row.decodeIfPresent("session_start"), sessionPlace: try row.decodeIfPresent("session_place"))
    }

    func count(_ filter: EnrollmentFilter) throws -> Int {
        let (sql, parameters) = EnrollmentRepository.clause(filter)
        return try connection.query("SELECT count(*) AS n FROM enrollments e WHERE \(sql)", parameters).first?.decode("n") ?? 0
    }

    /// Counts by stored status within a filter.
    func countsByStatus(_ filter: EnrollmentFilter) throws -> [String: Int] {
        let (sql, parameters) = EnrollmentRepository.clause(filter)
        var counts: [String: Int] = [:]
        for row in try connection.query("SELECT e.status, count(*) AS n FROM enrollments e WHERE \(sql) GROUP BY e.status", parameters).rows {
            counts[try row.decodeIfPresent("status") ?? ""] = try row.decode("n")
        }
        return counts
    }

    /// Newest first.
    func list(_ filter: EnrollmentFilter, limit: Int, offset: Int) throws -> [EnrollmentSummary] {
        let (sql, parameters) = EnrollmentRepository.clause(filter)
        return try connection.query("""
            SELECT \(EnrollmentRepository.summaryColumns)
            FROM enrollments e LEFT JOIN formations f ON f.id = e.formation_id LEFT JOIN formation_sessions s ON s.id = e.session_id
            WHERE \(sql) ORDER BY e.created_at DESC LIMIT $10 OFFSET $11
            """, parameters + [limit, offset]).rows.map(EnrollmentRepository.summary)
    }

    func export(_ filter: EnrollmentFilter, limit: Int = 50_000) throws -> [EnrollmentExportRow] {
        let (sql, parameters) = EnrollmentRepository.clause(filter)
        let standard = NewEnrollment.standardColumns.map { "e.\($0)" }.joined(separator: ", ")
        return try connection.query("""
            SELECT \(EnrollmentRepository.summaryColumns), \(standard),
                   e.form_data::text AS answers_json, e.form_fields_snapshot::text AS snapshot_json
            FROM enrollments e LEFT JOIN formations f ON f.id = e.formation_id LEFT JOIN formation_sessions s ON s.id = e.session_id
            WHERE \(sql) ORDER BY e.created_at DESC LIMIT $10
            """, parameters + [limit]).rows.map { row in
            var values: [String: String] = [:]
            for column in NewEnrollment.standardColumns {
                if let value: String = try row.decodeIfPresent(column), !value.isEmpty { values[column] = value }
            }
            return EnrollmentExportRow(
                summary: try EnrollmentRepository.summary(row), standard: values,
                answers: EnrollmentRepository.answers(try row.decodeIfPresent("answers_json")),
                snapshot: (try row.decodeIfPresent("snapshot_json", as: String.self)).map { StoredFormFields.read($0).fields })
        }
    }

    /// `form_data` read tolerantly: answers that are not an object of answers show as none.
    static func answers(_ json: String?) -> [String: Answer] {
        guard case .object(let stored)? = json.flatMap({ JSONValue.parse(Array($0.utf8)) }) else { return [:] }
        var answers: [String: Answer] = [:]
        for (name, value) in stored {
            answers[name] = (try? JSONDecoder().decode(Answer.self, from: Data(value.encoded()))) ?? .text(value.text ?? "")
        }
        return answers
    }

    func record(id: UUID) throws -> EnrollmentRecord? {
        guard let row = try connection.query("""
            SELECT e.*, e.form_data::text AS answers_json, e.form_fields_snapshot::text AS snapshot_json,
                   to_char(e.contact_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS contact_day,
                   to_char(e.follow_up_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS follow_up_day,
                   f.slug AS course_slug, COALESCE(f.title_fr, f.title) AS course, s.starts_at AS session_start,
                   COALESCE(NULLIF(s.city, ''), CASE WHEN s.online_url IS NOT NULL THEN 'En ligne' END) AS session_place
            FROM enrollments e LEFT JOIN formations f ON f.id = e.formation_id LEFT JOIN formation_sessions s ON s.id = e.session_id WHERE e.id = $1
            """, [id]).first else { return nil }
        var standard: [String: String] = [:]
        for column in NewEnrollment.standardColumns {
            if let value: String = try row.decodeIfPresent(column) { standard[column] = value }
        }
        let snapshotText: String? = try row.decodeIfPresent("snapshot_json")
        let answers = EnrollmentRepository.answers(try row.decodeIfPresent("answers_json"))
        return EnrollmentRecord(
            summary: try EnrollmentRepository.summary(row), courseSlug: try row.decodeIfPresent("course_slug"), standard: standard,
            answers: answers, snapshot: snapshotText.map { StoredFormFields.read($0).fields },
            notes: try row.decodeIfPresent("notes") ?? "", commercialNotes: try row.decodeIfPresent("commercial_notes") ?? "",
            contactDay: try row.decodeIfPresent("contact_day"), followUpDay: try row.decodeIfPresent("follow_up_day"),
            reference: (try row.decodeIfPresent("reference_number", as: Int.self)).map(EnrollmentReference.text),
            courseID: try row.decodeIfPresent("formation_id"), sessionID: try row.decodeIfPresent("session_id"))
    }

    /// The back office's changes to an enrollment; false when there is no such enrollment.
    func update(id: UUID, status: EnrollmentStatus, notes: String, commercialNotes: String, contactDay: String?, followUpDay: String?) throws -> Bool {
        try connection.query("""
            UPDATE enrollments SET status = $1, notes = $2, commercial_notes = $3, contact_date = $4::date, follow_up_date = $5::date
            WHERE id = $6
            """, [status.rawValue, notes, commercialNotes, contactDay, followUpDay, id]).affectedRows == 1
    }

    /// The stored status, course and session of an enrollment, locked until the end of the
    /// transaction (a status change compares against it).
    func statusAndCourse(id: UUID) throws -> (status: String, courseID: UUID?, sessionID: UUID?)? {
        guard let row = try connection.query("SELECT status, formation_id, session_id FROM enrollments WHERE id = $1 FOR UPDATE", [id]).first
        else { return nil }
        return (try row.decodeIfPresent("status") ?? "", try row.decodeIfPresent("formation_id"), try row.decodeIfPresent("session_id"))
    }

    /// A session's waitlist, first come first served.
    func waitlist(sessionID: UUID) throws -> [EnrollmentSummary] {
        try connection.query("""
            SELECT \(EnrollmentRepository.summaryColumns)
            FROM enrollments e LEFT JOIN formations f ON f.id = e.formation_id LEFT JOIN formation_sessions s ON s.id = e.session_id
            WHERE e.session_id = $1 AND e.status = 'waitlist' ORDER BY e.created_at, e.reference_number
            """, [sessionID]).rows.map(EnrollmentRepository.summary)
    }

    /// Only the status, inside the caller's transaction (moving someone off the waitlist).
    func setStatus(id: UUID, _ status: EnrollmentStatus) throws {
        try connection.query("UPDATE enrollments SET status = $1 WHERE id = $2", [status.rawValue, id])
    }

    /// Enrollments of one course (kept when it is deleted).
    func count(courseID: UUID) throws -> Int {
        try connection.query("SELECT count(*) AS n FROM enrollments WHERE formation_id = $1", [courseID]).first?.decode("n") ?? 0
    }

    /// This week's and last week's enrollments (weeks start on Monday, database time).
    func weekCounts() throws -> (thisWeek: Int, lastWeek: Int) {
        let row = try connection.query("""
            SELECT count(*) FILTER (WHERE created_at >= date_trunc('week', NOW())) AS this_week,
                   count(*) FILTER (WHERE created_at >= date_trunc('week', NOW()) - interval '7 days'
                                      AND created_at < date_trunc('week', NOW())) AS last_week
            FROM enrollments
            """).first
        return (try row?.decode("this_week") ?? 0, try row?.decode("last_week") ?? 0)
    }
}
