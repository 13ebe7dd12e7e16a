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
    /// `all_courses`: every course sends to this integration unless it opts out.
    var allCourses = false
    /// `default_mapping`: the seed's JSON, as typed (empty: the provider's default).
    var defaultMappingText = ""
    var config = CRMConfig()
    /// The webhook's headers, one row each with its own "secret" box (values of secret rows are
    /// shown masked and kept when left masked).
    var headers: [HeaderRow] = []
    /// The "remove the signing secret" box: an empty field otherwise means "keep it".
    var removeSigningSecret = false
    /// Set by `merge` when the destination changed: stored secrets were not carried over, and
    /// those the admin did not type again are reported by `validate`.
    var secretsToRetype: [String] = []

    struct HeaderRow: Sendable, Equatable {
        var name: String
        var value: String
        var secret: Bool
    }

    /// Rows offered beyond the existing headers, so one can be added without script.
    static let spareHeaderRows = 2

    init() {}

    init(_ integration: CRMIntegration) {
        name = integration.name
        kind = integration.kind
        isActive = integration.isActive
        allCourses = integration.allCourses
        defaultMappingText = integration.defaultMapping.isEmpty ? "" : integration.defaultMapping.storedJSON
        config = integration.config
        headers = (integration.config.headers ?? [:]).sorted { $0.key < $1.key }.map {
            HeaderRow(name: $0.key, value: $0.value, secret: integration.config.isSecret(header: $0.key))
        }
        // A secret endpoint is never shown in full: its origin and a mask, kept when left so.
        if let endpoint = config.endpoint, SecretURL.carriesSecret(endpoint) { config.endpoint = SecretURL.masked(endpoint) }
    }

    /// As shown back in the editor: secret header values masked.
    var shownHeaders: [HeaderRow] {
        headers.map { row in
            var row = row
            if row.secret, !row.value.hasPrefix("••••") { row.value = SecretBox.masked(row.value) }
            return row
        }
    }

    init(form: FormData, kind fixedKind: CRMKind?) {
        func text(_ key: String) -> String? {
            let value = (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        name = text("name") ?? ""
        kind = fixedKind ?? text("kind").flatMap(CRMKind.init(rawValue:)) ?? .webhook
        isActive = form["is_active"] == "on" || form["is_active"] == "true"
        allCourses = form["all_courses"] == "on" || form["all_courses"] == "true"
        defaultMappingText = (form["default_mapping"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .webhook:
            config.endpoint = text("endpoint")
            config.method = WebhookMethod(configValue: text("method")) ?? .POST
            headers = CRMIntegrationInput.headerRows(form)
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
            if kind != .pipedrive {
                // Our status → the CRM's value; empty fields keep the defaults (StatusMap).
                let chosen = EnrollmentStatus.allCases.compactMap { status in text("status_\(status.rawValue)").map { (status.rawValue, String($0.prefix(120))) } }
                config.status_map = chosen.isEmpty ? nil : Dictionary(chosen, uniquingKeysWith: { first, _ in first })
            }
            config.instance_url = kind == .salesforce ? text("instance_url") : nil
            config.api_version = kind == .pipedrive ? nil : text("api_version")
            config.client_id = kind == .salesforce ? text("client_id") : nil
            config.client_secret = kind == .salesforce ? text("client_secret") : nil
            config.company_domain = kind == .pipedrive ? text("company_domain") : nil
        }
        // The form speaks seconds ("30"); the seed's config keeps milliseconds. A value that is not
        // a number is kept as an impossible one so validation names the field instead of dropping it.
        config.timeout = text("timeout").map { typed in
            // Checked before converting: Int("1e300" seconds) would trap.
            Double(typed.replacingOccurrences(of: ",", with: ".")).flatMap { (0...1_000_000).contains($0) ? Int(($0 * 1000).rounded()) : nil } ?? -1
        }
    }

    /// The header rows posted (`header_name_<i>`, `header_value_<i>`, `header_secret_<i>`), or
    /// the older one-textarea form (`headers`, `Name: value` per line, secret by name).
    /// The default mapping as typed; the empty mapping when it does not parse (`validate` says so).
    var defaultMapping: FieldMapping {
        if case .success(let mapping) = FieldMapping.parse(defaultMappingText) { return mapping }
        return FieldMapping()
    }

    static func headerRows(_ form: FormData) -> [HeaderRow] {
        let legacy = (form["headers"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !legacy.isEmpty {
            return legacy.split(whereSeparator: \.isNewline).map { line in
                guard let colon = line.firstIndex(of: ":") else { return HeaderRow(name: String(line), value: "", secret: false) }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces)
                return HeaderRow(name: name, value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces),
                                 secret: CRMConfig.isSecretHeader(name))
            }
        }
        return (0..<50).compactMap { i in
            let name = (form["header_name_\(i)"] ?? "").trimmingCharacters(in: .whitespaces)
            let value = (form["header_value_\(i)"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty || !value.isEmpty else { return nil }
            return HeaderRow(name: name, value: value, secret: form["header_secret_\(i)"] == "on")
        }
    }

    /// Where the stored secrets are sent: the integration's destination. When it changes, the
    /// secrets must be typed again, or anyone with an admin session could point a stored token
    /// at their own server.
    static func destination(_ kind: CRMKind, _ config: CRMConfig) -> String {
        switch kind {
        case .webhook: CRMConfig.origin(of: config.endpoint.map { $0.hasPrefix(SecretBox.prefix) ? "" : $0 }) ?? ""
        case .email: "\(config.smtp_config?.host?.lowercased() ?? ""):\(config.smtp_config?.port.map(String.init) ?? "")"
        case .salesforce: CRMConfig.origin(of: config.instance_url) ?? ""
        case .hubspot: CRMConfig.origin(of: config.endpoint) ?? ""
        case .pipedrive: (CRMConfig.origin(of: config.endpoint) ?? "") + "|" + (config.company_domain?.lowercased() ?? "")
        }
    }

    /// Keeps stored secrets where the form left them blank or masked — unless the destination
    /// changed, in which case nothing stored is carried over.
    mutating func merge(secretsFrom stored: CRMConfig, storedKind: CRMKind?) {
        // A secret endpoint shown masked (`https://hooks.slack.com/••••`) and left so keeps the stored one.
        if let typed = config.endpoint, typed.hasSuffix("/••••"), let old = stored.endpoint, CRMConfig.origin(of: old) == CRMConfig.origin(of: typed) {
            config.endpoint = old
        }
        let sameDestination = storedKind == nil || CRMIntegrationInput.destination(kind, config) == CRMIntegrationInput.destination(kind, stored)
        var retype: [String] = []
        func keep(_ key: String, _ typed: String?, _ old: String?) -> String? {
            if let typed, !typed.isEmpty, !typed.hasPrefix("••••") { return typed }
            guard let old, !old.isEmpty else { return nil }
            if sameDestination { return old }
            retype.append(key)
            return nil
        }
        config.signing_secret = removeSigningSecret ? nil : keep("signing_secret", config.signing_secret, stored.signing_secret)
        config.api_key = keep("api_key", config.api_key, stored.api_key)
        if kind == .salesforce { config.client_secret = keep("client_secret", config.client_secret, stored.client_secret) }
        if var smtp = config.smtp_config {
            smtp.password = keep("smtp_password", smtp.password, stored.smtp_config?.password)
            config.smtp_config = smtp
        }
        if kind == .webhook {
            var values: [String: String] = [:]
            for (index, row) in headers.enumerated() {
                let old = stored.headers?.first { $0.key.lowercased() == row.name.lowercased() }?.value
                if row.value.hasPrefix("••••") {
                    headers[index].value = keep("header_value_\(index)", row.value, old) ?? ""
                }
                values[row.name] = headers[index].value
            }
            config.headers = values
            config.secret_headers = headers.filter(\.secret).map(\.name)
        }
        secretsToRetype = retype
    }

    /// Field errors in French, keyed by input name.
    func validate() -> [String: String] {
        var errors: [String: String] = [:]
        if name.isEmpty || name.count > 120 { errors["name"] = "Donnez un nom (120 caractères au plus)." }
        if case .failure(let problem) = FieldMapping.parse(defaultMappingText) { errors["default_mapping"] = problem.message }
        func checkURL(_ key: String, _ value: String?, required: Bool) {
            guard let value else {
                if required { errors[key] = "Adresse obligatoire." }
                return
            }
            if CRMConfig.origin(of: value) == nil { errors[key] = "Adresse http:// ou https:// invalide." }
        }
        if let timeout = config.timeout, !(1_000...CRMConfig.maxTimeoutMilliseconds).contains(timeout) {
            errors["timeout"] = "Le délai est un nombre de secondes entre 1 et 120."
        }
        switch kind {
        case .webhook:
            checkURL("endpoint", config.endpoint, required: true)
            for (index, row) in headers.enumerated() {
                let token = !row.name.isEmpty && row.name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }
                if !token || row.value.contains(where: { $0.isNewline }) {
                    errors["headers"] = "En-tête invalide : « \(row.name) » (nom en lettres, chiffres, - et _, puis une valeur)."
                    errors["header_name_\(index)"] = "Nom d’en-tête invalide."
                }
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
            if let version = config.api_version, !HubSpotChannel.isValidVersion(version) {
                errors["api_version"] = "Version datée au format \(HubSpotChannel.defaultVersion), ou v3 pour les anciennes adresses."
            }
        case .salesforce:
            checkURL("instance_url", config.instance_url, required: true)
            if let version = config.api_version, version.range(of: #"^v?\d{2,3}\.\d$"#, options: .regularExpression) == nil {
                errors["api_version"] = "Version au format \(SalesforceChannel.defaultVersion)."
            }
            if config.client_id != nil, config.client_secret?.isEmpty ?? true {
                errors["client_secret"] = "Le secret du consommateur (client_secret) accompagne client_id."
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
        // Salesforce: the client credentials flow (client_id + client_secret) or a static token.
        if kind.type == "api", config.api_key?.isEmpty ?? true, kind != .salesforce || config.client_id == nil {
            errors["api_key"] = kind == .salesforce
                ? "Saisissez client_id et client_secret (recommandé), ou un jeton d’accès."
                : "Le jeton d’accès est obligatoire."
        }
        for key in secretsToRetype {
            errors[key] = "La destination a changé : saisissez de nouveau ce secret (il n’est jamais envoyé à une nouvelle adresse sans vous)."
            if key.hasPrefix("header_value_") { errors["headers"] = errors[key] }
        }
        return errors
    }
}

enum TemplateCheck {
    static func compile(_ source: String) throws -> Template { try Template(source, name: "check") }
}
