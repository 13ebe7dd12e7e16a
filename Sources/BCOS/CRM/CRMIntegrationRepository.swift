import Foundation
import Postgres

/// SQL for `crm_integrations`. Secrets are sealed with `SecretBox` on the way in and opened on
/// the way out; nothing else in the app sees the stored form.
struct CRMIntegrationRepository {
    let connection: PostgresConnection
    let box: SecretBox

    static let columns = """
        id, name, type, provider, config::text AS config, is_active, last_tested_at, test_status, test_message, disabled_reason,
        all_courses, default_mapping::text AS default_mapping, property_names::text AS property_names
        """

    /// A row as an integration. Stored JSON is outside input: a config or type that cannot be read
    /// gives an integration marked with `storedDataProblem`, never a silent default.
    func integration(from row: Row) throws -> CRMIntegration {
        let type: String = try row.decode("type")
        let provider: String? = try row.decodeIfPresent("provider")
        var problem: String?
        let kind = CRMKind(type: type, provider: provider) ?? .webhook
        if CRMKind(type: type, provider: provider) == nil {
            problem = "Type d’intégration inconnu en base : « \(type)\(provider.map { " / \($0)" } ?? "") »."
        }
        var config = CRMConfig()
        let text: String = try row.decodeIfPresent("config") ?? "{}"
        do {
            config = try JSONDecoder().decode(CRMConfig.self, from: Data(text.utf8))
        } catch {
            problem = problem ?? "Configuration illisible en base (JSON modifié à la main ?) : \(StoredJSON.describe(error)). Corrigez-la dans l’administration."
        }
        var defaultMapping = FieldMapping()
        switch FieldMapping.parse(try row.decodeIfPresent("default_mapping")) {
        case .success(let mapping): defaultMapping = mapping
        case .failure(let error): problem = problem ?? "\(error.message) (correspondance par défaut de l’intégration)"
        }
        // A secret sealed under another SECRET_KEY opens as empty: the admin re-enters it.
        var integration = CRMIntegration(
            id: try row.decode("id"), name: try row.decode("name"), kind: kind,
            config: config.mappingSecrets { box.open($0) ?? "" },
            isActive: try row.decodeIfPresent("is_active") ?? false, lastTestedAt: try row.decodeIfPresent("last_tested_at"),
            testStatus: try row.decodeIfPresent("test_status", as: String.self).flatMap(ConnectionTestStatus.init(rawValue:)),
            testMessage: try row.decodeIfPresent("test_message"),
            disabledReason: try row.decodeIfPresent("disabled_reason"), storedDataProblem: problem,
            propertyNames: CRMIntegrationRepository.propertyNames(try row.decodeIfPresent("property_names")))
        integration.allCourses = try row.decodeIfPresent("all_courses") ?? false
        integration.defaultMapping = defaultMapping
        return integration
    }

    /// The cached property names: only a cache for suggestions, so anything that is not an array
    /// of strings reads as "not cached yet" (the next connection test rewrites it).
    static func propertyNames(_ text: String?) -> [String]? {
        guard let text, case .array(let values)? = JSONValue.parse(Array(text.utf8)) else { return nil }
        return values.compactMap { if case .string(let name) = $0 { name } else { nil } }
    }

    /// Stores the contact property names a HubSpot connection test read.
    func recordPropertyNames(_ id: UUID, _ names: [String]) throws {
        try connection.query(
            "UPDATE crm_integrations SET property_names = $2::jsonb, property_names_at = NOW() WHERE id = $1",
            [id, JSONValue.array(names.map(JSONValue.string)).encodedString()])
    }

    func find(_ id: UUID) throws -> CRMIntegration? {
        try connection.query(prepared: "SELECT \(CRMIntegrationRepository.columns) FROM crm_integrations WHERE id = $1", [id])
            .first.map(integration(from:))
    }

    func all() throws -> [CRMIntegration] {
        try connection.query("SELECT \(CRMIntegrationRepository.columns) FROM crm_integrations ORDER BY name").rows.map(integration(from:))
    }

    /// `(id, name)` of every integration, for the journal's filter.
    func names() throws -> [(id: UUID, name: String)] {
        try connection.query("SELECT id, name FROM crm_integrations ORDER BY name").rows.map {
            (try $0.decode("id", as: UUID.self), try $0.decode("name", as: String.self))
        }
    }

    func isNameTaken(_ name: String, except id: UUID?) throws -> Bool {
        try connection.query("SELECT 1 FROM crm_integrations WHERE name = $1 AND id IS DISTINCT FROM $2", [name, id]).first != nil
    }

    /// Inserts or updates; returns the id.
    @discardableResult
    func save(
        id: UUID?, name: String, kind: CRMKind, config: CRMConfig, isActive: Bool, allCourses: Bool = false,
        defaultMapping: FieldMapping = FieldMapping()
    ) throws -> UUID {
        let sealed = PostgresJSON(config.mappingSecrets { box.seal($0) })
        let mapping = defaultMapping.storedJSON
        if let id {
            // Re-activating clears the reason the worker switched it off.
            try connection.query("""
                UPDATE crm_integrations SET name = $1, type = $2, provider = $3, config = $4::jsonb, is_active = $5,
                       disabled_reason = CASE WHEN $5 THEN NULL ELSE disabled_reason END, all_courses = $7, default_mapping = $8::jsonb
                WHERE id = $6
                """, [name, kind.type, kind.provider, sealed, isActive, id, allCourses, mapping])
            return id
        }
        let row = try connection.query("""
            INSERT INTO crm_integrations (name, type, provider, config, is_active, all_courses, default_mapping)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb) RETURNING id
            """, [name, kind.type, kind.provider, sealed, isActive, allCourses, mapping]).first
        guard let id = try row?.decode("id", as: UUID.self) else { throw PostgresError.decoding(column: "id", reason: "no id returned") }
        return id
    }

    func delete(_ id: UUID) throws {
        try connection.query("DELETE FROM crm_integrations WHERE id = $1", [id])
    }

    func recordTest(_ id: UUID, status: ConnectionTestStatus, message: String) throws {
        try connection.query("""
            UPDATE crm_integrations SET last_tested_at = NOW(), test_status = $2, test_message = $3 WHERE id = $1
            """, [id, status.rawValue, String(message.prefix(1_000))])
    }

    /// Switched off by the worker (webhook 410 Gone); the reason shows on the CRM page.
    func deactivate(_ id: UUID, reason: String) throws {
        try connection.query("UPDATE crm_integrations SET is_active = false, disabled_reason = $2 WHERE id = $1", [id, reason])
    }

    /// Per integration: deliveries of the last 24 hours (sent, failed), pending now, courses mapped.
    struct Activity: Sendable {
        var sent = 0, failed = 0, pending = 0, courses = 0
    }

    func activity() throws -> [UUID: Activity] {
        var activity: [UUID: Activity] = [:]
        for row in try connection.query("""
            SELECT i.id,
              (SELECT count(*) FROM crm_logs l WHERE l.crm_integration_id = i.id AND NOT l.is_test AND l.status = $1 AND l.created_at > NOW() - interval '24 hours') AS sent,
              (SELECT count(*) FROM crm_logs l WHERE l.crm_integration_id = i.id AND NOT l.is_test AND l.status = $2 AND l.created_at > NOW() - interval '24 hours') AS failed,
              (SELECT count(*) FROM crm_logs l WHERE l.crm_integration_id = i.id AND l.status = $3) AS pending,
              (SELECT count(*) FROM formation_crm_mappings m WHERE m.crm_integration_id = i.id AND m.is_active) AS courses
            FROM crm_integrations i
            """, [DeliveryStatus.success.rawValue, DeliveryStatus.failed.rawValue, DeliveryStatus.pending.rawValue]).rows {
            activity[try row.decode("id")] = Activity(
                sent: try row.decode("sent"), failed: try row.decode("failed"), pending: try row.decode("pending"), courses: try row.decode("courses"))
        }
        return activity
    }
}
