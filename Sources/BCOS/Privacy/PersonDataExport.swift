import Foundation

/// A person's data as files to hand them (right of access and portability): JSON for machines,
/// CSV for a spreadsheet. Both hold the same things: every enrollment (all its columns, its
/// answers with the labels of the form the visitor saw, course, session, status, notes), its CRM
/// log rows (what was sent and answered, secrets already redacted there) and its e-mails.
struct PersonDataExport {
    let data: PersonData
    let exportedAt: Date

    // MARK: - Answers

    struct AnswerRow {
        let field: String
        let labelFr: String
        let labelAr: String
        /// As the team reads it: option labels, "Oui"/"Non".
        let value: String
        /// As stored.
        let stored: JSONValue
    }

    /// The answers in the order of the form, then any stored answer the form does not describe.
    static func answers(_ record: EnrollmentRecord) -> [AnswerRow] {
        var rows: [AnswerRow] = []
        var seen = Set<String>()
        for field in (record.snapshot ?? DefaultForm.fields).sorted(by: { $0.order < $1.order }) {
            seen.insert(field.name)
            if NewEnrollment.standardColumns.contains(field.name) {
                guard let text = record.standard[field.name], !text.isEmpty else { continue }
                let label = field.options?.first { $0.value == text }?.label_fr ?? text
                rows.append(AnswerRow(field: field.name, labelFr: LabelMarkup.plainText(field.label_fr), labelAr: LabelMarkup.plainText(field.label_ar), value: label, stored: .string(text)))
            } else if let answer = record.answers[field.name] {
                rows.append(AnswerRow(field: field.name, labelFr: LabelMarkup.plainText(field.label_fr), labelAr: LabelMarkup.plainText(field.label_ar), value: answer.display(field),
                                      stored: JSONValue.parse(Array(JSONText.encode(answer).utf8)) ?? .null))
            }
        }
        for (name, answer) in record.answers.sorted(by: { $0.key < $1.key }) where !seen.contains(name) {
            rows.append(AnswerRow(field: name, labelFr: name, labelAr: name, value: answer.text,
                                  stored: JSONValue.parse(Array(JSONText.encode(answer).utf8)) ?? .null))
        }
        return rows
    }

    // MARK: - JSON

    private static func iso(_ date: Date?) -> JSONValue {
        guard let date else { return .null }
        return .string(ISO8601DateFormatter().string(from: date))
    }

    private static func string(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    private static func number(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }

    func json() -> String {
        let enrollments: [JSONValue] = data.enrollments.map { item in
            let record = item.record
            let s = record.summary
            let course: JSONValue = record.courseID == nil && s.courseTitle == nil ? .null : .object([
                "id": Self.string(record.courseID?.lowercasedString), "title": Self.string(s.courseTitle), "slug": Self.string(record.courseSlug),
            ])
            let session: JSONValue = item.session.map { session in
                .object([
                    "id": .string(session.id.lowercasedString), "starts_at": Self.iso(session.startsAt), "ends_on": Self.string(session.endsOn),
                    "city": Self.string(session.city), "address": Self.string(session.address), "online_url": Self.string(session.onlineURL),
                ])
            } ?? .null
            let answers: [JSONValue] = Self.answers(record).map { answer in
                .object(["field": .string(answer.field), "label_fr": .string(answer.labelFr), "label_ar": .string(answer.labelAr),
                         "value": .string(answer.value), "stored": answer.stored])
            }
            let logs: [JSONValue] = item.crmLogs.map { log in
                .object([
                    "id": .string(log.id.lowercasedString), "integration": Self.string(log.integration), "event": .string(log.event),
                    "event_data": log.eventData ?? .null, "status": .string(log.status), "retry_count": Self.number(log.retryCount),
                    "created_at": Self.iso(log.createdAt), "attempted_at": Self.iso(log.attemptedAt), "response_status": Self.number(log.responseStatus),
                    "outcome_message": Self.string(log.outcomeMessage), "error_message": Self.string(log.errorMessage),
                    "request": log.request ?? .null, "response": log.response ?? .null,
                ])
            }
            let emails: [JSONValue] = item.emails.map { mail in
                .object([
                    "id": .string(mail.id.lowercasedString), "kind": .string(mail.kind), "language": .string(mail.language), "to": .string(mail.to),
                    "subject": .string(mail.subject), "text_body": .string(mail.text), "html_body": .string(mail.html),
                    "calendar": Self.string(mail.calendar), "status": .string(mail.status), "attempts": Self.number(mail.attempts),
                    "last_error": Self.string(mail.lastError), "created_at": Self.iso(mail.createdAt), "sent_at": Self.iso(mail.sentAt),
                ])
            }
            return .object([
                "id": .string(item.id.lowercasedString), "reference": Self.string(record.reference), "created_at": Self.iso(s.createdAt),
                "full_name": .string(s.fullName), "email": .string(s.email), "phone": .string(s.phone),
                "course": course, "session": session, "status": .string(s.status), "status_label": .string(EnrollmentStatus.label(s.status)),
                "language": Self.string(s.language), "source": Self.string(s.source),
                "notes": .string(record.notes), "commercial_notes": .string(record.commercialNotes),
                "contact_date": Self.string(record.contactDay), "follow_up_date": Self.string(record.followUpDay),
                "answers": .array(answers), "columns": .object(item.columns), "crm_logs": .array(logs), "emails": .array(emails),
            ])
        }
        let emails = Array(Set(data.enrollments.map { $0.record.summary.email.trimmingCharacters(in: .whitespaces).lowercased() })).sorted()
        return JSONValue.object([
            "exported_at": Self.iso(exportedAt), "emails": .array(emails.map(JSONValue.string)),
            "enrollment_count": .number(Double(data.enrollments.count)), "enrollments": .array(enrollments),
        ]).encodedString(pretty: true) + "\n"
    }

    // MARK: - CSV

    /// A cell for a stored JSON value: text as is, objects and lists as JSON.
    private static func cell(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: ""
        case .string(let text)?: text
        case .bool(let flag)?: flag ? "true" : "false"
        case .number?: value?.text ?? ""
        case let other?: other.encodedString()
        }
    }

    private static func date(_ date: Date?) -> String { date.map(AdminFormat.dateTime) ?? "" }

    /// One line per stored value: « Rubrique », « Inscription » (its reference), « Élément » (the
    /// CRM log row or e-mail), « Champ », « Valeur ». UTF-8 with a byte-order mark, `;` by default,
    /// formula-looking cells neutralised (`CSV`). Dates at Morocco's time.
    func csv(separator: String = ";") -> String {
        var text = "\u{FEFF}" + CSV.line(["Rubrique", "Inscription", "Élément", "Champ", "Valeur"], separator: separator)
        func line(_ section: String, _ reference: String, _ item: String, _ field: String, _ value: String) {
            text += CSV.line([section, reference, item, field, value], separator: separator)
        }
        for item in data.enrollments {
            let record = item.record
            let s = record.summary
            let reference = item.reference
            let enrollment = "Inscription"
            line(enrollment, reference, "", "Reçue le", Self.date(s.createdAt))
            line(enrollment, reference, "", "Nom complet", s.fullName)
            line(enrollment, reference, "", "E-mail", s.email)
            line(enrollment, reference, "", "Téléphone", s.phone)
            line(enrollment, reference, "", "Formation", s.courseTitle ?? "")
            line(enrollment, reference, "", "Session", s.sessionStart == nil ? "" : s.sessionLabel)
            line(enrollment, reference, "", "Statut", EnrollmentStatus.label(s.status))
            line(enrollment, reference, "", "Langue", AdminFormat.language(s.language))
            line(enrollment, reference, "", "Source", s.source ?? "")
            line(enrollment, reference, "", "Notes", record.notes)
            line(enrollment, reference, "", "Notes commerciales", record.commercialNotes)
            line(enrollment, reference, "", "Date de contact", record.contactDay ?? "")
            line(enrollment, reference, "", "Date de relance", record.followUpDay ?? "")
            for answer in Self.answers(record) { line("Réponse", reference, "", answer.labelFr, answer.value) }
            for key in item.columns.keys.sorted() { line("Colonne", reference, "", key, Self.cell(item.columns[key])) }
            for log in item.crmLogs {
                let id = log.id.lowercasedString
                let section = "Journal CRM"
                line(section, reference, id, "Date", Self.date(log.createdAt))
                line(section, reference, id, "Intégration", log.integration ?? "(supprimée)")
                line(section, reference, id, "Événement", log.event)
                line(section, reference, id, "Statut", log.status)
                line(section, reference, id, "Tentatives", String(log.retryCount))
                line(section, reference, id, "Dernière tentative", Self.date(log.attemptedAt))
                line(section, reference, id, "Code HTTP", log.responseStatus.map(String.init) ?? "")
                line(section, reference, id, "Résultat", log.outcomeMessage ?? "")
                line(section, reference, id, "Erreur", log.errorMessage ?? "")
                line(section, reference, id, "Données de l’événement", Self.cell(log.eventData))
                line(section, reference, id, "Requête envoyée", Self.cell(log.request))
                line(section, reference, id, "Réponse reçue", Self.cell(log.response))
            }
            for mail in item.emails {
                let id = mail.id.lowercasedString
                let section = "E-mail"
                line(section, reference, id, "Date", Self.date(mail.createdAt))
                line(section, reference, id, "Type", mail.kind)
                line(section, reference, id, "Langue", AdminFormat.language(mail.language))
                line(section, reference, id, "Destinataires", mail.to)
                line(section, reference, id, "Objet", mail.subject)
                line(section, reference, id, "Statut", EmailOutboxRepository.Status(rawValue: mail.status)?.label ?? mail.status)
                line(section, reference, id, "Envoyé le", Self.date(mail.sentAt))
                line(section, reference, id, "Erreur", mail.lastError ?? "")
                line(section, reference, id, "Texte", mail.text)
                line(section, reference, id, "HTML", mail.html)
                if let calendar = mail.calendar { line(section, reference, id, "Agenda (.ics)", calendar) }
            }
        }
        return text
    }
}
