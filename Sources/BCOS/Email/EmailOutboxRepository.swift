import Foundation
import Postgres

/// SQL for `email_outbox`: rows written in the transaction of what causes them, claimed by the
/// mail worker with `FOR UPDATE SKIP LOCKED` and a lease (any number of workers may share the
/// database), and the back office's list.
struct EmailOutboxRepository {
    let connection: PostgresConnection

    enum Status: String, Sendable, CaseIterable {
        case pending, sent, failed

        var label: String {
            switch self {
            case .pending: "En attente"
            case .sent: "Envoyé"
            case .failed: "Échec"
            }
        }
    }

    /// Inside the caller's transaction; the insert trigger NOTIFYs `email_outbox` at commit.
    func enqueue(_ mail: EmailComposer.Composed, enrollmentID: UUID?) throws {
        try connection.query("""
            INSERT INTO email_outbox (kind, language, enrollment_id, to_addresses, subject, text_body, html_body, calendar)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, [mail.kind, mail.language.rawValue, enrollmentID, mail.to.joined(separator: ", "), mail.subject, mail.text, mail.html,
                  mail.calendar])
    }

    /// One stored message (claimed for sending, or shown in the back office).
    struct Stored: Sendable {
        var id: UUID
        var kind: String
        var language: String
        var enrollmentID: UUID?
        var to: String
        var subject: String
        var text: String
        var html: String
        var calendar: String?
        var status: String
        var attempts: Int
        var lastError: String?
        var createdAt: Date
        var sentAt: Date?
        var nextAttemptAt: Date

        init(row: Row) throws {
            id = try row.decode("id")
            kind = try row.decode("kind")
            language = try row.decode("language")
            enrollmentID = try row.decodeIfPresent("enrollment_id")
            to = try row.decode("to_addresses")
            subject = try row.decode("subject")
            text = try row.decode("text_body")
            html = try row.decode("html_body")
            calendar = try row.decodeIfPresent("calendar")
            status = try row.decode("status")
            attempts = try row.decode("attempts")
            lastError = try row.decodeIfPresent("last_error")
            createdAt = try row.decode("created_at")
            sentAt = try row.decodeIfPresent("sent_at")
            nextAttemptAt = try row.decode("next_attempt_at")
        }
    }

    private static let columns = """
        id, kind, language, enrollment_id, to_addresses, subject, text_body, html_body, calendar, status, attempts, last_error,
        created_at, sent_at, next_attempt_at
        """

    /// Up to `limit` due messages, leased to `worker` for `lease`, attempt counted.
    func claim(limit: Int, lease: Duration, worker: String) throws -> [Stored] {
        guard limit > 0 else { return [] }
        let seconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        return try connection.query(prepared: """
            WITH due AS (
              SELECT id FROM email_outbox
              WHERE status = 'pending' AND next_attempt_at <= NOW() AND (locked_until IS NULL OR locked_until < NOW())
              ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
            )
            UPDATE email_outbox o SET locked_until = NOW() + make_interval(secs => $2), locked_by = $3, attempts = o.attempts + 1
            FROM due WHERE o.id = due.id
            RETURNING o.*
            """, [limit, seconds, worker]).rows.map(Stored.init(row:))
    }

    /// Messages that carry a one-time sign-in link: never shown in the back office, and their
    /// bodies are dropped once sent (whoever reads the outbox must not be able to use them).
    static let privateKinds = ["invitation", "reset"]

    /// Sent: done. Only the lease holder records (a worker whose lease ran out does not).
    func markSent(_ id: UUID, worker: String) throws {
        try connection.query("""
            UPDATE email_outbox SET status = 'sent', sent_at = NOW(), last_error = NULL, locked_until = NULL, locked_by = NULL,
                   text_body = CASE WHEN kind = ANY($3) THEN '(lien à usage unique retiré après l’envoi)' ELSE text_body END,
                   html_body = CASE WHEN kind = ANY($3) THEN '' ELSE html_body END
            WHERE id = $1 AND locked_by = $2
            """, [id, worker, EmailOutboxRepository.privateKinds])
    }

    /// Not sent: again after `retryAfter` seconds, or failed for good when nil.
    func markFailed(_ id: UUID, worker: String, error: String, retryAfter: Double?) throws {
        try connection.query("""
            UPDATE email_outbox SET status = CASE WHEN $3::float8 IS NULL THEN 'failed' ELSE 'pending' END,
                   next_attempt_at = CASE WHEN $3::float8 IS NULL THEN next_attempt_at ELSE NOW() + make_interval(secs => $3::float8) END,
                   last_error = $4, locked_until = NULL, locked_by = NULL
            WHERE id = $1 AND locked_by = $2
            """, [id, worker, retryAfter, String(error.prefix(2_000))])
    }

    /// Leases of a stopping worker, given back at once.
    func release(worker: String) throws {
        try connection.query("UPDATE email_outbox SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1 AND status = 'pending'", [worker])
    }

    /// The admin's "send again" for a failed message: pending now, attempts from zero.
    func retry(_ id: UUID) throws -> Bool {
        try connection.query("""
            UPDATE email_outbox SET status = 'pending', attempts = 0, next_attempt_at = NOW(), last_error = NULL
            WHERE id = $1 AND status = 'failed'
            """, [id]).affectedRows == 1
    }

    func find(_ id: UUID) throws -> Stored? {
        try connection.query("SELECT \(EmailOutboxRepository.columns) FROM email_outbox WHERE id = $1", [id]).first.map(Stored.init(row:))
    }

    func list(status: Status?, enrollmentID: UUID? = nil, limit: Int, offset: Int) throws -> [Stored] {
        try connection.query("""
            SELECT \(EmailOutboxRepository.columns) FROM email_outbox
            WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR enrollment_id = $2)
            ORDER BY created_at DESC LIMIT $3 OFFSET $4
            """, [status?.rawValue, enrollmentID, limit, offset]).rows.map(Stored.init(row:))
    }

    func count(status: Status?) throws -> Int {
        try connection.query("SELECT count(*) AS n FROM email_outbox WHERE ($1::text IS NULL OR status = $1)", [status?.rawValue])
            .first?.decode("n") ?? 0
    }

    /// Messages per status, for the dashboard.
    func countsByStatus() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try connection.query("SELECT status, count(*) AS n FROM email_outbox GROUP BY status").rows {
            counts[try row.decode("status")] = try row.decode("n")
        }
        return counts
    }
}

/// SQL for `email_templates`: the admin's versions of the visitor e-mail templates.
struct EmailTemplateRepository {
    let connection: PostgresConnection

    /// The stored parts of a language's template (absent parts use the default).
    func overrides(_ language: Language) throws -> [MailTemplateText.Part: String] {
        var parts: [MailTemplateText.Part: String] = [:]
        for row in try connection.query("SELECT part, body FROM email_templates WHERE language = $1", [language.rawValue]).rows {
            if let part = MailTemplateText.Part(rawValue: try row.decode("part")) { parts[part] = try row.decode("body") }
        }
        return parts
    }

    func save(_ template: MailTemplateText, language: Language) throws {
        for part in MailTemplateText.Part.allCases {
            try connection.query("""
                INSERT INTO email_templates (language, part, body) VALUES ($1, $2, $3)
                ON CONFLICT (language, part) DO UPDATE SET body = EXCLUDED.body, updated_at = NOW()
                """, [language.rawValue, part.rawValue, template[part]])
        }
    }

    func reset(_ language: Language) throws {
        try connection.query("DELETE FROM email_templates WHERE language = $1", [language.rawValue])
    }
}
