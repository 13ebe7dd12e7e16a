@testable import BCOS
import Foundation
import Postgres

/// Shared set-up for the CRM tests: fast retries, an integration mapped to the demo course, the
/// delivery rows as the admin pages read them.
enum CRMTestSupport {
    static let course = UUID(uuidString: "00000000-0000-4000-8000-0000000000f1")!

    /// The app with backoff, polling and leases shortened by configuration (not by sleeping).
    static func harness(maxRetries: Int = 3, leaseSeconds: Double = 3, configure: (inout AppConfiguration) -> Void = { _ in }) async throws -> AppHarness {
        try await AppHarness.start { configuration in
            configuration.crmRetryBaseSeconds = 0.2
            configuration.crmPollSeconds = 0.2
            configuration.crmLeaseSeconds = leaseSeconds
            configuration.crmMaxRetries = maxRetries
            configure(&configuration)
        }
    }

    struct FormRefused: Error, CustomStringConvertible {
        let description: String
    }

    /// Creates an integration the way an admin does, through `/admin/crm/new`, then links it to
    /// the course on the course's "Envois CRM" page (`mapping`: the seed's JSON). No test creates
    /// integrations through the repository alone: the forms are part of what is tested.
    @discardableResult
    static func integrate(
        _ harness: AppHarness, name: String = "Intégration de test", kind: CRMKind, config: CRMConfig, mapping: String = "{}", course: UUID = course
    ) async throws -> UUID {
        let client = try await AdminClient.signedIn(harness, email: "integrations@bcos.ma", landing: "/admin/crm/new?type=\(kind.rawValue)")
        let created = try await client.post("/admin/crm/new", [("kind", kind.rawValue), ("name", name), ("is_active", "on")] + formFields(kind, config))
        guard created.status == 303, let id = created.header("location")?.components(separatedBy: "/").dropFirst(3).first.flatMap(UUID.init(uuidString:)) else {
            let errors = created.text.components(separatedBy: "class=\"field-error\"").dropFirst().map { $0.prefix(160) }
            throw FormRefused(description: "the integration form answered \(created.status): \(errors)")
        }
        let key = id.uuidString.lowercased()
        let path = "/admin/formations/\(course.uuidString.lowercased())/crm"
        _ = try await client.get(path)
        let linked = try await client.post(path, [("attach_\(key)", "on"), ("mapping_\(key)", mapping == "{}" ? "" : mapping)])
        guard linked.status == 303 else { throw FormRefused(description: "the mapping page answered \(linked.status)") }
        return id
    }

    /// The integration form's fields for a config, with the seed's key names.
    static func formFields(_ kind: CRMKind, _ c: CRMConfig) -> [(String, String)] {
        var fields: [(String, String)] = []
        func add(_ name: String, _ value: String?) { if let value { fields.append((name, value)) } }
        add("timeout", c.timeout.map(CRMIntegrationFields.seconds))
        switch kind {
        case .webhook:
            add("endpoint", c.endpoint)
            add("method", c.method?.rawValue)
            add("signing_secret", c.signing_secret)
            for (index, header) in (c.headers ?? [:]).sorted(by: { $0.key < $1.key }).enumerated() {
                fields += [("header_name_\(index)", header.key), ("header_value_\(index)", header.value)]
                if c.isSecret(header: header.key) { fields.append(("header_secret_\(index)", "on")) }
            }
        case .email:
            add("to", c.to)
            add("cc", c.cc)
            add("subject_template", c.subject_template)
            add("body_template", c.body_template)
            let smtp = c.smtp_config ?? SMTPSettings()
            add("smtp_host", smtp.host)
            add("smtp_port", smtp.port.map(String.init))
            add("smtp_security", smtp.security?.rawValue)
            add("smtp_user", smtp.user)
            add("smtp_password", smtp.password)
            add("smtp_from", smtp.from)
        case .hubspot, .salesforce, .pipedrive:
            add("api_key", c.api_key)
            add("endpoint", c.endpoint)
            add("api_version", c.api_version)
            add("instance_url", c.instance_url)
            add("client_id", c.client_id)
            add("client_secret", c.client_secret)
            add("company_domain", c.company_domain)
            for (status, value) in c.status_map ?? [:] { add("status_\(status)", value) }
        }
        return fields
    }

    struct LogRow: Sendable {
        let id: UUID
        let status: String
        let retryCount: Int
        let error: String?
        let hasNextTry: Bool
        let request: String
        let response: String
    }

    static func logs(_ app: Application) async throws -> [LogRow] {
        try await app.pool.query("""
            SELECT id, status, COALESCE(retry_count, 0) AS retry_count, error_message, next_retry_at IS NOT NULL AS has_next,
                   COALESCE(request_data::text, '') AS request, COALESCE(response_data::text, '') AS response
            FROM crm_logs WHERE NOT is_test ORDER BY created_at
            """).rows.map {
            LogRow(id: try $0.decode("id"), status: try $0.decode("status"), retryCount: try $0.decode("retry_count"),
                   error: try $0.decodeIfPresent("error_message"), hasNextTry: try $0.decode("has_next"),
                   request: try $0.decode("request"), response: try $0.decode("response"))
        }
    }
}
