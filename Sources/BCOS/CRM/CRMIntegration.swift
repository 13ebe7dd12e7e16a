import Foundation

/// What an integration is: the seed's `type` plus, for `api`, its `provider`.
enum CRMKind: String, Sendable, CaseIterable, Encodable {
    case webhook, email, hubspot, salesforce, pipedrive

    init?(type: String, provider: String?) {
        switch (type, provider?.lowercased()) {
        case ("webhook", _): self = .webhook
        case ("email", _): self = .email
        case ("api", "hubspot"): self = .hubspot
        case ("api", "salesforce"): self = .salesforce
        case ("api", "pipedrive"): self = .pipedrive
        default: return nil
        }
    }

    var type: String {
        switch self {
        case .webhook: "webhook"
        case .email: "email"
        case .hubspot, .salesforce, .pipedrive: "api"
        }
    }

    var provider: String? { type == "api" ? rawValue : nil }

    var label: String {
        switch self {
        case .webhook: "Webhook"
        case .email: "E-mail (SMTP)"
        case .hubspot: "HubSpot"
        case .salesforce: "Salesforce"
        case .pipedrive: "Pipedrive"
        }
    }
}

/// SMTP settings of an e-mail integration (`config.smtp_config`).
struct SMTPSettings: Codable, Sendable, Equatable {
    var host: String?
    var port: Int?
    var security: SMTPSecurity?
    var user: String?
    var password: String?
    var from: String?
}

/// `crm_integrations.config`, with the keys of the seed's examples. One struct for the three
/// types: each type uses its own keys and leaves the others out of the JSON.
struct CRMConfig: Codable, Sendable, Equatable {
    // webhook
    var endpoint: String?
    var method: WebhookMethod?
    var headers: [String: String]?
    /// Which of `headers` are credentials (sealed at rest, masked, redacted in logs), chosen per
    /// header by the admin. Missing (older rows): the names that look like credentials.
    var secret_headers: [String]?
    /// Milliseconds, as in the seed (`30000`).
    var timeout: Int?
    var signing_secret: String?
    // email
    var to: String?
    var cc: String?
    var subject_template: String?
    var body_template: String?
    var smtp_config: SMTPSettings?
    // api
    var provider: String?
    /// HubSpot Bearer token (private app or OAuth), Salesforce static access token (when no
    /// `client_id`), Pipedrive API token.
    var api_key: String?
    /// Salesforce My Domain (`https://acme.my.salesforce.com`): token endpoint and REST API.
    var instance_url: String?
    /// Salesforce REST API version (`v66.0`), HubSpot date version (`2026-09`) or `v3`.
    var api_version: String?
    /// Salesforce External Client App consumer key (client credentials flow). Not a secret.
    var client_id: String?
    /// Salesforce External Client App consumer secret: sealed, masked, redacted like `api_key`.
    var client_secret: String?
    /// Pipedrive company domain (`acme` for acme.pipedrive.com).
    var company_domain: String?
    /// HubSpot and Salesforce: the provider's value for each of our statuses
    /// (`{"confirmed": "CONNECTED"}`), sent when an admin changes an enrollment's status. Missing
    /// keys take `StatusMap`'s defaults.
    var status_map: [String: String]?

    static let defaultTimeoutMilliseconds = 30_000
    static let maxTimeoutMilliseconds = 120_000

    var timeoutDuration: Duration {
        .milliseconds(min(max(timeout ?? CRMConfig.defaultTimeoutMilliseconds, 1_000), CRMConfig.maxTimeoutMilliseconds))
    }

    /// Whether a header of this integration is a credential: the admin's choice, or by name.
    func isSecret(header name: String) -> Bool {
        guard let chosen = secret_headers else { return CRMConfig.isSecretHeader(name) }
        return chosen.contains { $0.lowercased() == name.lowercased() }
    }

    /// Header names that look like credentials: the default of the "secret" box.
    static func isSecretHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie"
            || lower.contains("token") || lower.contains("secret") || lower.contains("api-key") || lower.contains("apikey")
    }

    /// Applies `transform` to every secret value (seal before saving, open after loading).
    func mappingSecrets(_ transform: (String) -> String?) -> CRMConfig {
        var copy = self
        copy.signing_secret = signing_secret.flatMap(transform)
        copy.api_key = api_key.flatMap(transform)
        copy.client_secret = client_secret.flatMap(transform)
        copy.smtp_config?.password = smtp_config?.password.flatMap(transform)
        if let headers {
            copy.headers = Dictionary(uniqueKeysWithValues: headers.map { name, value in
                (name, isSecret(header: name) ? transform(value) ?? "" : value)
            })
        }
        // A webhook address that carries its own credential (a token in the path or query, as
        // Slack and Zapier hooks do) is a secret too. A sealed one is opened whatever it holds.
        if let endpoint, endpoint.hasPrefix(SecretBox.prefix) || SecretURL.carriesSecret(endpoint) {
            copy.endpoint = transform(endpoint)
        }
        return copy
    }

    /// Every secret value in plain text, to scrub them from anything logged.
    var secretValues: [String] {
        var values = [signing_secret, api_key, client_secret, smtp_config?.password].compactMap { $0 }
        values += (headers ?? [:]).filter { isSecret(header: $0.key) }.map(\.value)
        if let endpoint, SecretURL.carriesSecret(endpoint) { values += SecretURL.secretParts(endpoint) }
        return values.filter { $0.count >= 4 }
    }
}

/// A `crm_integrations` row with its secrets opened.
struct CRMIntegration: Sendable {
    var id: UUID
    var name: String
    var kind: CRMKind
    var config: CRMConfig
    var isActive: Bool
    var lastTestedAt: Date?
    var testStatus: ConnectionTestStatus?
    var testMessage: String?
    var disabledReason: String?
    /// Applies to every course (each course can override the mapping or opt out).
    var allCourses = false
    /// The mapping for courses without one of their own (the seed's format; empty: the provider's default).
    var defaultMapping = FieldMapping()
    /// Set when the stored row could not be read as it is (a `config` that does not decode, an
    /// unknown type): the integration shows with this French warning and every delivery to it
    /// fails with it, rather than being sent a guess.
    var storedDataProblem: String?
    /// HubSpot contact property names read by the last connection test (a cache for the mapping
    /// page's suggestions, `crm_integrations.property_names`); nil until a test read them.
    var propertyNames: [String]? = nil
}
