import Foundation
import Outbound
import Templating

/// The `email` integration: a multipart text + HTML message built from `subject_template` and
/// `body_template` with our Mustache engine (French defaults when empty), sent over SMTP by
/// libcurl. Headers are encoded per RFC 2047 and stripped of CR/LF by `MailMessage`.
struct EmailChannel: CRMChannel {
    let smtp: SMTPClient
    let baseURL: String

    static let defaultSubject = "Nouvelle inscription : {{course_title}} — {{full_name}}"
    static let defaultBody = """
        <h1>Nouvelle inscription</h1>
        <p><strong>{{full_name}}</strong> s’est inscrit(e) à la formation <strong>{{course_title}}</strong>{{#course_reference}} ({{course_reference}}){{/course_reference}}.</p>
        <table>
        {{#answers}}<tr><th align="left">{{label}}</th><td>{{value}}</td></tr>
        {{/answers}}
        </table>
        {{#admin_url}}<p><a href="{{admin_url}}">Voir l’inscription dans l’administration</a></p>{{/admin_url}}
        """

    static func server(_ config: CRMConfig) -> SMTPServer {
        let settings = config.smtp_config ?? SMTPSettings()
        return SMTPServer(
            host: settings.host ?? "", port: settings.port, security: (settings.security ?? .starttls).server,
            username: settings.user?.nilIfEmpty, password: settings.password?.nilIfEmpty,
            timeout: config.timeoutDuration, connectTimeout: min(.seconds(10), config.timeoutDuration))
    }

    static func addresses(_ list: String?) -> [MailAddress] {
        (list ?? "").split(whereSeparator: { $0 == "," || $0 == ";" }).map { MailAddress($0.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.address.isEmpty }
    }

    /// The template context: every source as text, the labelled answers, a link to the admin page.
    func context(_ job: DeliveryJob) -> TemplateValue {
        var values: [String: TemplateValue] = [:]
        for (key, value) in job.sources.values { if let text = value.text { values[key] = .string(text) } }
        let contact = ["full_name", "email", "phone", "company", "position"]
        var labelled: [(String, String)] = contact.map { column in (column, DefaultForm.fields.first { $0.name == column }?.label_fr ?? column) }
        labelled += job.sources.labels.filter { !contact.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        values["answers"] = .array(labelled.compactMap { name, label -> TemplateValue? in
            guard let text = job.sources.values[name]?.text, !text.isEmpty else { return nil }
            return .object(["label": .string(label), "value": .string(text)])
        })
        if let id = job.sources.values["enrollment_id"]?.text { values["admin_url"] = .string("\(baseURL)/admin/inscriptions/\(id)") }
        values["payload"] = .string(job.payload.encodedString(pretty: true))
        return .object(values)
    }

    func message(_ job: DeliveryJob) throws -> MailMessage {
        let config = job.integration.config
        let context = context(job)
        let subjectSource = config.subject_template?.nilIfEmpty ?? EmailChannel.defaultSubject
        let bodySource = config.body_template?.nilIfEmpty ?? EmailChannel.defaultBody
        // Mustache escapes for HTML; a subject is plain text, so the five escapes are undone.
        let subject = HTMLEntities.unescape(try Template(subjectSource, name: "subject_template").render(context))
        let html = try Template(bodySource, name: "body_template").render(context)
        var text = "Nouvelle inscription\n\n"
        if case .array(let answers)? = context["answers"] {
            for case .object(let answer) in answers {
                if case .string(let label)? = answer["label"], case .string(let value)? = answer["value"] { text += "\(label) : \(value)\n" }
            }
        }
        if case .string(let link)? = context["admin_url"] { text += "\n\(link)\n" }
        return MailMessage(
            from: MailAddress(config.smtp_config?.from ?? "", name: "BCOS Formation"), to: EmailChannel.addresses(config.to),
            cc: EmailChannel.addresses(config.cc), subject: subject, textBody: text, htmlBody: html)
    }

    func deliver(_ job: DeliveryJob) async -> DeliveryAttempt {
        let config = job.integration.config
        let server = EmailChannel.server(config)
        let message: MailMessage
        do {
            message = try self.message(job)
        } catch {
            return DeliveryAttempt(request: .object(["smtp": .string(server.description)]), response: nil, responseStatus: nil,
                                   outcome: .fail("Modèle d’e-mail invalide : \(error)"))
        }
        let logged = JSONValue.object([
            "smtp": .string(server.description), "from": .string(message.from.address),
            "to": .array(message.to.map { .string($0.address) }), "cc": .array(message.cc.map { .string($0.address) }),
            "subject": .string(message.subject), "message_id": .string(message.messageID), "payload": job.payload,
        ])
        return await send(message, server: server, logged: logged, secrets: config.secretValues)
    }

    /// Connects, negotiates TLS, authenticates (NOOP, no mail), then sends a test message to the
    /// configured recipients so the admin sees it arrive.
    func test(_ integration: CRMIntegration) async -> DeliveryAttempt {
        let config = integration.config
        let server = EmailChannel.server(config)
        let checked = JSONValue.object(["smtp": .string(server.description), "check": "EHLO, TLS, AUTH, NOOP"])
        do {
            try await smtp.check(server)
        } catch {
            return DeliveryAttempt(request: checked, response: nil, responseStatus: nil, outcome: EmailChannel.outcome(error, secrets: config.secretValues))
        }
        let message = MailMessage(
            from: MailAddress(config.smtp_config?.from ?? "", name: "BCOS Formation"), to: EmailChannel.addresses(config.to),
            cc: EmailChannel.addresses(config.cc), subject: "Test de connexion BCOS : « \(integration.name) »",
            textBody: "Ce message de test confirme que BCOS peut envoyer les inscriptions à cette adresse. Aucune inscription n’est concernée.")
        let logged = JSONValue.object([
            "smtp": .string(server.description), "to": .array(message.to.map { .string($0.address) }), "subject": .string(message.subject), "test": .bool(true),
        ])
        return await send(message, server: server, logged: logged, secrets: config.secretValues)
    }

    private func send(_ message: MailMessage, server: SMTPServer, logged: JSONValue, secrets: [String]) async -> DeliveryAttempt {
        do {
            try await smtp.send(message, via: server)
            return DeliveryAttempt(request: logged, response: .object(["result": "accepted"]), responseStatus: nil,
                                   outcome: .delivered("E-mail accepté par \(server.host)."))
        } catch {
            return DeliveryAttempt(request: logged, response: nil, responseStatus: nil, outcome: EmailChannel.outcome(error, secrets: secrets))
        }
    }

    /// Addresses and credentials refused are permanent; connection trouble is retried.
    static func outcome(_ error: any Error, secrets: [String]) -> DeliveryOutcome {
        guard let error = error as? OutboundError else { return .retry(Redaction.scrub("\(error)", secrets: secrets), after: nil) }
        let text = Redaction.scrub(error.adminMessage, secrets: secrets)
        switch error {
        case .invalidMailAddress, .missingRecipients, .invalidMailServer, .authenticationFailed, .invalidURL, .protocolNotAllowed, .addressRefused:
            return .fail(text)
        default:
            return .retry(text, after: nil)
        }
    }
}

enum HTMLEntities {
    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}

extension TemplateValue {
    subscript(key: String) -> TemplateValue? {
        if case .object(let values) = self { return values[key] }
        return nil
    }
}
