import Foundation
import HTTPServer
import Outbound
import Templating

/// The integration form (`/admin/crm/new`, `/admin/crm/{id}/edit`), with the seed's config keys
/// as field names (`endpoint`, `method`, `headers`, `timeout`, `to`, `cc`, `subject_template`,
/// `body_template`, `smtp_*`, `api_key`, …). Secret fields come back empty or masked when the
/// admin did not change them; `merge` then keeps the stored secret.
struct CRMIntegrationInput: Sendable {
    var name = ""
    var kind: CRMKind = .webhook
    var isActive = true
    var config = CRMConfig()
    /// `Name: value` per line, as typed (secret values masked when shown).
    var headersText = ""
    /// The "remove the signing secret" box: an empty field otherwise means "keep it".
    var removeSigningSecret = false

    init() {}

    init(_ integration: CRMIntegration) {
        name = integration.name
        kind = integration.kind
        isActive = integration.isActive
        config = integration.config
        headersText = (integration.config.headers ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key): \(CRMConfig.isSecretHeader($0.key) ? SecretBox.masked($0.value) : $0.value)" }.joined(separator: "\n")
    }

    init(form: FormData, kind fixedKind: CRMKind?) {
        func text(_ key: String) -> String? {
            let value = (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        name = text("name") ?? ""
        kind = fixedKind ?? text("kind").flatMap(CRMKind.init(rawValue:)) ?? .webhook
        isActive = form["is_active"] == "on" || form["is_active"] == "true"
        switch kind {
        case .webhook:
            config.endpoint = text("endpoint")
            config.method = WebhookMethod(configValue: text("method")) ?? .POST
            headersText = (form["headers"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            config.signing_secret = text("signing_secret")
            removeSigningSecret = form["remove_signing_secret"] == "on"
        case .email:
            config.to = text("to")
            config.cc = text("cc")
            config.subject_template = text("subject_template")
            config.body_template = text("body_template")
            config.smtp_config = SMTPSettings(
                host: text("smtp_host"), port: text("smtp_port").flatMap(Int.init), security: text("smtp_security").map(SMTPSecurity.init(configValue:)) ?? .starttls,
                user: text("smtp_user"), password: text("smtp_password"), from: text("smtp_from"))
        case .hubspot, .salesforce, .pipedrive:
            config.provider = kind.rawValue
            config.api_key = text("api_key")
            config.endpoint = text("endpoint")
            config.instance_url = kind == .salesforce ? text("instance_url") : nil
            config.api_version = kind == .salesforce ? text("api_version") : nil
            config.company_domain = kind == .pipedrive ? text("company_domain") : nil
        }
        config.timeout = text("timeout").flatMap(Int.init)
    }

    /// Keeps stored secrets where the form left them blank or masked.
    mutating func merge(secretsFrom stored: CRMConfig) {
        func keep(_ typed: String?, _ old: String?) -> String? {
            guard let typed, !typed.isEmpty, !typed.hasPrefix("••••") else { return old }
            return typed
        }
        config.signing_secret = removeSigningSecret ? nil : keep(config.signing_secret, stored.signing_secret)
        config.api_key = keep(config.api_key, stored.api_key)
        if var smtp = config.smtp_config {
            smtp.password = keep(smtp.password, stored.smtp_config?.password)
            config.smtp_config = smtp
        }
        if kind == .webhook {
            var headers: [String: String] = [:]
            for (name, value) in parsedHeaders() {
                headers[name] = value.hasPrefix("••••") ? stored.headers?.first { $0.key.lowercased() == name.lowercased() }?.value ?? "" : value
            }
            config.headers = headers
        }
    }

    func parsedHeaders() -> [(String, String)] {
        headersText.split(whereSeparator: \.isNewline).compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].trimmingCharacters(in: .whitespaces), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    /// Field errors in French, keyed by input name.
    func validate() -> [String: String] {
        var errors: [String: String] = [:]
        if name.isEmpty || name.count > 120 { errors["name"] = "Donnez un nom (120 caractères au plus)." }
        func checkURL(_ key: String, _ value: String?, required: Bool) {
            guard let value else {
                if required { errors[key] = "Adresse obligatoire." }
                return
            }
            if CRMConfig.origin(of: value) == nil { errors[key] = "Adresse http:// ou https:// invalide." }
        }
        if let timeout = config.timeout, !(1_000...CRMConfig.maxTimeoutMilliseconds).contains(timeout) {
            errors["timeout"] = "Le délai est compris entre 1000 et 120000 millisecondes."
        }
        switch kind {
        case .webhook:
            checkURL("endpoint", config.endpoint, required: true)
            for (header, value) in parsedHeaders() {
                let token = !header.isEmpty && header.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }
                if !token || value.contains(where: { $0.isNewline }) { errors["headers"] = "En-tête invalide : « \(header) »." }
            }
            if headersText.split(whereSeparator: \.isNewline).contains(where: { !$0.contains(":") }) {
                errors["headers"] = "Une ligne par en-tête, au format « Nom: valeur »."
            }
        case .email:
            let to = EmailChannel.addresses(config.to)
            if to.isEmpty || !to.allSatisfy({ MailAddress.isValid($0.address) }) { errors["to"] = "Adresse(s) e-mail invalide(s)." }
            if !EmailChannel.addresses(config.cc).allSatisfy({ MailAddress.isValid($0.address) }) { errors["cc"] = "Adresse(s) e-mail invalide(s)." }
            let smtp = config.smtp_config ?? SMTPSettings()
            if smtp.host?.isEmpty ?? true || smtp.host?.contains(where: { $0 == "/" || $0 == " " || $0 == ":" }) == true {
                errors["smtp_host"] = "Nom d’hôte du serveur SMTP obligatoire (sans « smtp:// »)."
            }
            if let port = smtp.port, !(1...65_535).contains(port) { errors["smtp_port"] = "Port invalide." }
            if smtp.security == nil { errors["smtp_security"] = "Choisissez une sécurité." }
            if !MailAddress.isValid(smtp.from ?? "") { errors["smtp_from"] = "Adresse d’expédition invalide." }
            for (key, template) in [("subject_template", config.subject_template), ("body_template", config.body_template)] {
                if let template, (try? TemplateCheck.compile(template)) == nil { errors[key] = "Modèle Mustache invalide (section non fermée ?)." }
            }
        case .hubspot:
            checkURL("endpoint", config.endpoint, required: false)
        case .salesforce:
            checkURL("instance_url", config.instance_url, required: true)
            if let version = config.api_version, version.range(of: #"^v?\d{2}\.\d$"#, options: .regularExpression) == nil {
                errors["api_version"] = "Version au format v62.0."
            }
        case .pipedrive:
            checkURL("endpoint", config.endpoint, required: false)
            if config.endpoint == nil {
                let domain = config.company_domain ?? ""
                if domain.isEmpty || !domain.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                    errors["company_domain"] = "Le sous-domaine de votre compte (« acme » pour acme.pipedrive.com)."
                }
            }
        }
        if kind.type == "api", config.api_key?.isEmpty ?? true { errors["api_key"] = "Le jeton d’accès est obligatoire." }
        return errors
    }
}

enum TemplateCheck {
    static func compile(_ source: String) throws -> Template { try Template(source, name: "check") }
}
