import Foundation
import Postgres

extension Repositories {
    var personData: PersonDataRepository { PersonDataRepository(connection: connection) }
}

/// SQL for a person's data rights (export, anonymisation, deletion, retention). A person is an
/// e-mail address, compared without case and surrounding spaces; their data is their
/// enrollments with the CRM log rows and outbox e-mails hanging off them. This repository is the
/// one place allowed to rewrite or delete those rows for that reason; the changes join the
/// caller's transaction, with the audit row that records them.
struct PersonDataRepository {
    let connection: PostgresConnection

    /// Every enrollment of the person who made enrollment `id` (itself included), oldest first;
    /// empty when there is no such enrollment. An enrollment without an e-mail is alone.
    /// `lock`: the rows stay locked until the end of the caller's transaction.
    func enrollmentIDs(sameEmailAs id: UUID, lock: Bool = false) throws -> [UUID] {
        try connection.query("""
            SELECT e.id FROM enrollments e
            WHERE e.id = $1 OR (btrim(e.email) <> '' AND lower(btrim(e.email)) = (SELECT lower(btrim(email)) FROM enrollments WHERE id = $1))
            ORDER BY e.created_at, e.reference_number\(lock ? " FOR UPDATE OF e" : "")
            """, [id]).rows.map { try $0.decode("id") }
    }

    private static func list(_ ids: [UUID]) -> [String] { ids.map(\.lowercasedString) }

    /// What a confirmation page lists: each enrollment with its course and how many CRM log rows
    /// and e-mails hang off it.
    func summaries(_ ids: [UUID]) throws -> [PersonEnrollment] {
        try connection.query("""
            SELECT e.id, e.reference_number, e.created_at, COALESCE(f.title_fr, f.title) AS course, e.status,
                   (SELECT count(*) FROM crm_logs l WHERE l.enrollment_id = e.id) AS crm_logs,
                   (SELECT count(*) FROM email_outbox o WHERE o.enrollment_id = e.id) AS emails
            FROM enrollments e LEFT JOIN formations f ON f.id = e.formation_id
            WHERE e.id = ANY($1::uuid[]) ORDER BY e.created_at, e.reference_number
            """, [PersonDataRepository.list(ids)]).rows.map { row in
            PersonEnrollment(
                id: try row.decode("id"), reference: (try row.decodeIfPresent("reference_number", as: Int.self)).map(EnrollmentReference.text),
                createdAt: try row.decodeIfPresent("created_at"), courseTitle: try row.decodeIfPresent("course"),
                status: try row.decodeIfPresent("status") ?? "", crmLogCount: try row.decode("crm_logs"), emailCount: try row.decode("emails"))
        }
    }

    // MARK: - Export

    /// Everything stored about these enrollments.
    func export(_ ids: [UUID]) throws -> PersonData {
        let enrollments = EnrollmentRepository(connection: connection)
        let outbox = EmailOutboxRepository(connection: connection)
        var exported: [PersonData.Enrollment] = []
        for id in ids {
            guard let record = try enrollments.record(id: id),
                  let row = try connection.query("""
                      SELECT to_jsonb(e)::text AS columns_json, s.id AS session_id, s.starts_at, s.ends_on::text AS ends_on, s.city, s.address, s.online_url
                      FROM enrollments e LEFT JOIN formation_sessions s ON s.id = e.session_id WHERE e.id = $1
                      """, [id]).first
            else { continue }
            var columns: [String: JSONValue] = [:]
            if let text: String = try row.decodeIfPresent("columns_json"), case .object(let object)? = JSONValue.parse(Array(text.utf8)) { columns = object }
            var session: PersonData.Session?
            if let sessionID: UUID = try row.decodeIfPresent("session_id") {
                session = PersonData.Session(
                    id: sessionID, startsAt: try row.decode("starts_at"), endsOn: try row.decodeIfPresent("ends_on"), city: try row.decodeIfPresent("city"),
                    address: try row.decodeIfPresent("address"), onlineURL: try row.decodeIfPresent("online_url"))
            }
            exported.append(PersonData.Enrollment(
                record: record, columns: columns, session: session, crmLogs: try crmLogs(enrollmentID: id),
                emails: try outbox.list(status: nil, enrollmentID: id, limit: 10_000, offset: 0).reversed()))
        }
        return PersonData(enrollments: exported)
    }

    private func crmLogs(enrollmentID: UUID) throws -> [PersonData.CRMLog] {
        func json(_ text: String?) -> JSONValue? { text.flatMap { JSONValue.parse(Array($0.utf8)) } }
        return try connection.query("""
            SELECT l.id, i.name AS integration, l.event, l.event_data::text AS event_data, l.status, COALESCE(l.retry_count, 0) AS retry_count,
                   l.created_at, l.attempted_at, l.response_status, l.outcome_message, l.error_message,
                   l.request_data::text AS request, l.response_data::text AS response
            FROM crm_logs l LEFT JOIN crm_integrations i ON i.id = l.crm_integration_id
            WHERE l.enrollment_id = $1 ORDER BY l.created_at, l.id
            """, [enrollmentID]).rows.map { row in
            PersonData.CRMLog(
                id: try row.decode("id"), integration: try row.decodeIfPresent("integration"), event: try row.decodeIfPresent("event") ?? "",
                eventData: json(try row.decodeIfPresent("event_data")), status: try row.decode("status"), retryCount: try row.decode("retry_count"),
                createdAt: try row.decodeIfPresent("created_at"), attemptedAt: try row.decodeIfPresent("attempted_at"),
                responseStatus: try row.decodeIfPresent("response_status"), outcomeMessage: try row.decodeIfPresent("outcome_message"),
                errorMessage: try row.decodeIfPresent("error_message"), request: json(try row.decodeIfPresent("request")),
                response: json(try row.decodeIfPresent("response")))
        }
    }

    // MARK: - Anonymisation

    /// True when `column` (a text column or parameter) quotes the person: their e-mail, name or
    /// phone, as given in $5, $6 and $7 (empty: not looked for).
    private static func quotes(_ column: String) -> String {
        """
        (\(column) IS NOT NULL AND (($5 <> '' AND strpos(lower(\(column)), lower($5)) > 0) OR ($6 <> '' AND strpos(lower(\(column)), lower($6)) > 0)
           OR ($7 <> '' AND strpos(\(column), $7) > 0)))
        """
    }

    /// Applies `Anonymisation` to these enrollments, inside the caller's transaction: the row
    /// (locked), its CRM log rows (request and response replaced by a note, messages that quoted
    /// the person replaced, deliveries not yet made cancelled) and its outbox e-mails (recipient,
    /// subject and bodies, e-mails not yet sent cancelled). Rows, statuses of what happened,
    /// counts and dates stay. Returns how many enrollments were anonymised.
    @discardableResult
    func anonymise(_ ids: [UUID]) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let standard = NewEnrollment.standardColumns
        let rows = try connection.query("""
            SELECT id, \(standard.joined(separator: ", ")), form_data::text AS answers_json, form_fields_snapshot::text AS snapshot_json
            FROM enrollments WHERE id = ANY($1::uuid[]) ORDER BY created_at FOR UPDATE
            """, [PersonDataRepository.list(ids)]).rows
        let assignments = standard.enumerated().map { "\($0.element) = $\($0.offset + 2)" }.joined(separator: ", ")
        let next = standard.count + 2
        for row in rows {
            let id: UUID = try row.decode("id")
            let snapshot: String? = try row.decodeIfPresent("snapshot_json")
            let fields = Anonymisation.fieldsByName(snapshot.map { StoredFormFields.read($0).fields })
            var values: [any PostgresEncodable] = [id]
            for column in standard {
                values.append(Anonymisation.standard(column, try row.decodeIfPresent(column, as: String.self), enrollment: id, fields: fields))
            }
            let answers = Anonymisation.answers(EnrollmentRepository.answers(try row.decodeIfPresent("answers_json")), fields: fields)
            try connection.query("""
                UPDATE enrollments SET \(assignments),
                       notes = CASE WHEN COALESCE(notes, '') = '' THEN notes ELSE $\(next) END,
                       commercial_notes = CASE WHEN COALESCE(commercial_notes, '') = '' THEN commercial_notes ELSE $\(next) END,
                       form_data = $\(next + 1)::jsonb, client_address_hash = NULL, answers_fingerprint = NULL
                WHERE id = $1
                """, values + [Anonymisation.text, JSONText.encode(answers)])

            // What the person was, to find it in messages (a name of one or two letters would match anything).
            let email = (try row.decodeIfPresent("email", as: String.self) ?? "").trimmingCharacters(in: .whitespaces)
            let name = (try row.decodeIfPresent("full_name", as: String.self) ?? "").trimmingCharacters(in: .whitespaces)
            let phone = (try row.decodeIfPresent("phone", as: String.self) ?? "").trimmingCharacters(in: .whitespaces)
            let person: [any PostgresEncodable] = [
                Anonymisation.isAnonymised(email: email) ? "" : email, name.count >= 3 ? name : "", phone.filter(\.isNumber).count >= 6 ? phone : "",
            ]
            try connection.query("""
                UPDATE crm_logs SET
                  request_data = CASE WHEN request_data IS NULL THEN NULL
                                      ELSE jsonb_build_object('anonymised', true, 'anonymised_at', NOW(), 'message', $2::text) END,
                  response_data = CASE WHEN response_data IS NULL OR response_data = 'null'::jsonb THEN response_data
                                       ELSE jsonb_build_object('anonymised', true, 'anonymised_at', NOW(), 'message', $2::text) END,
                  error_message = CASE WHEN status = 'pending' OR (status = 'failed' AND next_retry_at IS NOT NULL) THEN $3
                                       WHEN \(PersonDataRepository.quotes("error_message")) THEN $4 ELSE error_message END,
                  outcome_message = CASE WHEN \(PersonDataRepository.quotes("outcome_message")) THEN $4 ELSE outcome_message END,
                  status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
                  next_retry_at = NULL, locked_until = NULL, locked_by = NULL
                WHERE enrollment_id = $1
                """, [id, Anonymisation.erasedMessage, Anonymisation.cancelledDelivery, Anonymisation.erasedMessage] + person)
            try connection.query("""
                UPDATE email_outbox SET
                  to_addresses = CASE WHEN kind = 'team' THEN to_addresses ELSE $2 END,
                  subject = $3, text_body = '', html_body = '', calendar = NULL,
                  last_error = CASE WHEN status = 'pending' THEN $4 WHEN \(PersonDataRepository.quotes("last_error")) THEN $3 ELSE last_error END,
                  status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
                  locked_until = NULL, locked_by = NULL
                WHERE enrollment_id = $1
                """, [id, Anonymisation.email(for: id), Anonymisation.erasedMessage, Anonymisation.cancelledDelivery] + person)
        }
        return rows.count
    }

    // MARK: - Deletion

    /// Deletes these enrollments with their CRM log rows and outbox e-mails, inside the caller's
    /// transaction. (Both foreign keys cascade since migrations 002 and 011; the explicit deletes
    /// say what goes, and count it.)
    func delete(_ ids: [UUID]) throws -> (enrollments: Int, crmLogs: Int, emails: Int) {
        guard !ids.isEmpty else { return (0, 0, 0) }
        let list = PersonDataRepository.list(ids)
        let logs = try connection.query("DELETE FROM crm_logs WHERE enrollment_id = ANY($1::uuid[])", [list]).affectedRows
        let emails = try connection.query("DELETE FROM email_outbox WHERE enrollment_id = ANY($1::uuid[])", [list]).affectedRows
        let enrollments = try connection.query("DELETE FROM enrollments WHERE id = ANY($1::uuid[])", [list]).affectedRows
        return (enrollments, logs, emails)
    }

    // MARK: - Retention

    /// Up to `limit` enrollments created more than `months` months ago and not yet anonymised,
    /// oldest first, locked (others running the same purge skip them).
    func expired(olderThanMonths months: Int, limit: Int) throws -> [UUID] {
        try connection.query("""
            SELECT id FROM enrollments
            WHERE created_at < NOW() - make_interval(months => $1) AND lower(email) NOT LIKE $2
            ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED
            """, [months, "%@" + Anonymisation.emailDomain, limit]).rows.map { try $0.decode("id") }
    }
}
