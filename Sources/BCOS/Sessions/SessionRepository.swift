import Foundation
import Postgres

/// SQL for `formation_sessions`, and the seat counts read from `enrollments`.
struct SessionRepository {
    let connection: PostgresConnection

    /// `'new', 'to_confirm', 'confirmed'`: the statuses that hold a seat, as `EnrollmentStatus.holdsSeat`
    /// says (the rule lives there). Literals from the enum's own raw values, never from input.
    static let seatHoldingStatuses = EnrollmentStatus.allCases.filter(\.holdsSeat).map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// What makes a session (`s`) one a visitor may choose: open and not started.
    static let offeredCondition = "s.status = 'open' AND s.starts_at > NOW()"

    /// The columns read into a `CourseSession`, under an `s_` prefix for joins.
    static let columns = """
        s.id AS s_id, s.formation_id AS s_formation_id, s.starts_at AS s_starts_at, s.ends_on::text AS s_ends_on, s.city AS s_city,
        s.address AS s_address, s.online_url AS s_online_url, s.language AS s_language, s.seats AS s_seats, s.price_ht AS s_price_ht,
        s.status AS s_status,
        (SELECT count(*) FROM enrollments e WHERE e.session_id = s.id AND e.status IN (\(SessionRepository.seatHoldingStatuses))) AS s_taken,
        (SELECT count(*) FROM enrollments e WHERE e.session_id = s.id AND e.status = '\(EnrollmentStatus.waitlist.rawValue)') AS s_waiting
        """


    /// Every session of a course, latest first (the admin's list: past ones included).
    func all(courseID: UUID) throws -> [CourseSession] {
        try connection.query(
            "SELECT \(SessionRepository.columns) FROM formation_sessions s WHERE s.formation_id = $1 ORDER BY s.starts_at DESC", [courseID]
        ).rows.map(CourseSession.init(row:))
    }

    /// The sessions a visitor may choose: open and not started, soonest first.
    func offered(courseID: UUID) throws -> [CourseSession] {
        try connection.query(prepared: """
            SELECT \(SessionRepository.columns) FROM formation_sessions s
            WHERE s.formation_id = $1 AND \(SessionRepository.offeredCondition) ORDER BY s.starts_at
            """, [courseID]).rows.map(CourseSession.init(row:))
    }

    func find(_ id: UUID) throws -> CourseSession? {
        try connection.query("SELECT \(SessionRepository.columns) FROM formation_sessions s WHERE s.id = $1", [id]).first
            .map(CourseSession.init(row:))
    }

    /// The session with its row locked until the transaction ends, so that counting its seats
    /// and inserting an enrollment cannot interleave with another enrollment for it (on any
    /// instance). The count is read after the lock, so it includes every committed seat.
    func lockForEnrollment(_ id: UUID, courseID: UUID) throws -> CourseSession? {
        guard try connection.query(
            "SELECT 1 FROM formation_sessions WHERE id = $1 AND formation_id = $2 FOR UPDATE", [id, courseID]
        ).first != nil else { return nil }
        return try find(id)
    }

    /// Creates (id nil) or updates a session; returns its id.
    @discardableResult
    func save(_ input: SessionInput.Valid, courseID: UUID, id: UUID?) throws -> UUID {
        let values: [any PostgresEncodable] = [
            input.startsAtText, SiteTime.zoneIdentifier, input.endsOn, input.city, input.address, input.onlineURL,
            input.teaching.rawValue, input.seats, input.priceHT, input.status.rawValue,
        ]
        if let id {
            try connection.query("""
                UPDATE formation_sessions SET starts_at = ($1::timestamp AT TIME ZONE $2), ends_on = $3::date, city = $4, address = $5,
                       online_url = $6, language = $7, seats = $8, price_ht = $9, status = $10
                WHERE id = $11 AND formation_id = $12
                """, values + [id, courseID])
            return id
        }
        let row = try connection.query("""
            INSERT INTO formation_sessions (formation_id, starts_at, ends_on, city, address, online_url, language, seats, price_ht, status)
            VALUES ($11, ($1::timestamp AT TIME ZONE $2), $3::date, $4, $5, $6, $7, $8, $9, $10) RETURNING id
            """, values + [courseID]).first
        return try row?.decode("id", as: UUID.self) ?? UUID()
    }

    func setStatus(_ id: UUID, courseID: UUID, _ status: CourseSession.Status) throws {
        try connection.query("UPDATE formation_sessions SET status = $1 WHERE id = $2 AND formation_id = $3", [status.rawValue, id, courseID])
    }

    /// The start of each course's next offered session (the catalog's "next date").
    func nextStarts() throws -> [UUID: Date] {
        var result: [UUID: Date] = [:]
        for row in try connection.query(prepared: """
            SELECT formation_id, min(starts_at) AS next FROM formation_sessions
            WHERE status = 'open' AND starts_at > NOW() GROUP BY formation_id
            """).rows {
            result[try row.decode("formation_id")] = try row.decode("next")
        }
        return result
    }
}
