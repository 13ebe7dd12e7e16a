import Foundation
import Postgres

/// SQL for `audit_events`. `record` joins the caller's transaction, so a change and its trace
/// commit together or not at all.
struct AuditRepository {
    let connection: PostgresConnection

    func record(_ event: AuditEvent, by actor: AdminIdentity?) throws {
        try connection.query("""
            INSERT INTO audit_events (actor_id, actor_email, kind, action, record_id, summary) VALUES ($1, $2, $3, $4, $5, $6)
            """, [actor?.userID, actor?.email, event.kind.rawValue, event.action, event.recordID, String(event.summary.prefix(2_000))])
    }

    /// A sign-in attempt, by the e-mail typed (no account may exist).
    func recordSignIn(email: String, userID: UUID?, succeeded: Bool) throws {
        try connection.query("""
            INSERT INTO audit_events (actor_id, actor_email, kind, action, summary) VALUES ($1, $2, 'sign_in', $3, $4)
            """, [userID, String(email.prefix(254)), succeeded ? "signed_in" : "failed",
                  succeeded ? "Connexion réussie." : "Échec de connexion (e-mail ou mot de passe incorrect)."])
    }

    struct Filter: Sendable, Equatable {
        var actorEmail: String?
        var kind: AuditEvent.Kind?
        /// `YYYY-MM-DD`, Casablanca days, inclusive.
        var from: String?
        var to: String?
    }

    struct Entry: Sendable {
        var at: Date
        var actorEmail: String?
        var kind: String
        var action: String
        var recordID: String?
        var summary: String
    }

    private static func clause(_ filter: Filter) -> (String, [any PostgresEncodable]) {
        ("""
            ($1::text IS NULL OR lower(actor_email) = lower($1)) AND ($2::text IS NULL OR kind = $2)
            AND ($3::date IS NULL OR at >= ($3::date::timestamp AT TIME ZONE $5::text))
            AND ($4::date IS NULL OR at < (($4::date + 1)::timestamp AT TIME ZONE $5::text))
            """, [filter.actorEmail, filter.kind?.rawValue, filter.from, filter.to, SiteTime.zoneIdentifier])
    }

    func list(_ filter: Filter, limit: Int, offset: Int) throws -> [Entry] {
        let (sql, parameters) = AuditRepository.clause(filter)
        return try connection.query("""
            SELECT at, actor_email, kind, action, record_id, summary FROM audit_events WHERE \(sql)
            ORDER BY at DESC, id DESC LIMIT $6 OFFSET $7
            """, parameters + [limit, offset]).rows.map { row in
            Entry(at: try row.decode("at"), actorEmail: try row.decodeIfPresent("actor_email"), kind: try row.decode("kind"),
                  action: try row.decode("action"), recordID: try row.decodeIfPresent("record_id"), summary: try row.decode("summary"))
        }
    }

    func count(_ filter: Filter) throws -> Int {
        let (sql, parameters) = AuditRepository.clause(filter)
        return try connection.query("SELECT count(*) AS n FROM audit_events WHERE \(sql)", parameters).first?.decode("n") ?? 0
    }

    /// The people who appear in the trail, for the filter.
    func actors() throws -> [String] {
        try connection.query("SELECT DISTINCT actor_email FROM audit_events WHERE actor_email IS NOT NULL ORDER BY 1 LIMIT 500").rows
            .map { try $0.decode("actor_email") }
    }

    /// `AUDIT_RETENTION_DAYS`: older rows go (housekeeping).
    @discardableResult
    func purge(olderThanDays days: Int) throws -> Int {
        try connection.query("DELETE FROM audit_events WHERE at < NOW() - make_interval(days => $1)", [days]).affectedRows
    }
}
