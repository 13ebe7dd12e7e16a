import Foundation
import HTTPServer
import NIOHTTP1
import Postgres

/// `/admin/formations/{id}/crm`: which integrations a course's enrollments go to, and the field
/// mapping of each (the seed's JSON format), with the available source fields and a preview of
/// the exact payload for a sample enrollment, built by the code that builds real deliveries.
struct CRMMappingAdminRoutes: Sendable {
    let pool: PostgresPool
    let integrations: CRMIntegrationRepository
    let store: CourseEditorSQL
    let admin: AdminRenderer

    func register(_ router: inout Router) {
        router.get("/admin/formations/{id}/crm") { request in
            let course = try await loadCourse(request)
            return try await page(request, course, typed: [:], errors: [:])
        }
        router.post("/admin/formations/{id}/crm") { try await save($0) }
    }

    private func loadCourse(_ request: Request) async throws -> Course {
        guard let course = try await store.course(id: try AdminIDs.uuid(request.parameters["id"])) else { throw HTTPError(.notFound) }
        return course
    }

    struct Model: Encodable {
        struct Card: Encodable {
            let id: String
            let name: String
            let kind: String
            let is_active: Bool
            let attached: Bool
            let mapping: String
            let default_mapping: String
            let preview: String
            let preview_note: String
            let error: String?
        }

        struct Source: Encodable {
            let name: String
            let label: String
        }

        let heading: String
        let action: String
        let edit_href: String
        let cards: [Card]
        let has_cards: Bool
        let sources: [Source]
        let has_errors: Bool
    }

    func page(_ request: Request, _ course: Course, typed: [UUID: (attached: Bool, text: String)], errors: [UUID: String],
              status: HTTPResponseStatus = .ok) async throws -> Response {
        var stored: [UUID: (active: Bool, mapping: String)] = [:]
        for row in try await pool.query(
            "SELECT crm_integration_id, is_active, field_mappings::text AS mapping FROM formation_crm_mappings WHERE formation_id = $1",
            [course.id]).rows {
            stored[try row.decode("crm_integration_id")] = (try row.decodeIfPresent("is_active") ?? false, try row.decode("mapping"))
        }
        let categoryName: String? = try await course.categoryID.asyncMap { id in
            try await pool.query("SELECT COALESCE(name_fr, name) AS name FROM categories WHERE id = $1", [id]).first?.decodeIfPresent("name")
        } ?? nil
        let sample = CRMSources.sample(for: course, categoryName: categoryName)
        let id = course.id.uuidString.lowercased()
        let cards = try await integrations.all().map { integration -> Model.Card in
            let current = stored[integration.id]
            let text = typed[integration.id]?.text ?? current.map { CRMMappingAdminRoutes.pretty($0.mapping) } ?? ""
            let parsed = CRMMappingAdminRoutes.parse(text)
            let defaultMapping = FieldMapping.defaultMapping(for: integration.kind, sources: sample.values.keys.sorted())
            let effective = (parsed?.isEmpty == false ? parsed : nil) ?? defaultMapping
            let job = DeliveryJob(logID: UUID(), integration: integration, payload: effective.payload(from: sample.values), sources: sample)
            return Model.Card(
                id: integration.id.uuidString.lowercased(), name: integration.name, kind: integration.kind.label, is_active: integration.isActive,
                attached: typed[integration.id]?.attached ?? (current?.active ?? false), mapping: text,
                default_mapping: JSONValue.encodedMapping(defaultMapping),
                preview: CRMMappingAdminRoutes.preview(job).encodedString(pretty: true),
                preview_note: parsed?.isEmpty == false ? "avec cette correspondance" : "correspondance par défaut (champ vide)",
                error: errors[integration.id])
        }
        let model = Model(
            heading: "Envois CRM : \(course.titleFr ?? course.title ?? course.slug)", action: "/admin/formations/\(id)/crm",
            edit_href: "/admin/formations/\(id)/edit", cards: cards, has_cards: !cards.isEmpty,
            sources: CRMSources.available(customFields: course.formFields).map { .init(name: $0.name, label: $0.label) },
            has_errors: !errors.isEmpty)
        return try admin.page("admin/crm-mappings", model, title: model.heading, request: request, status: status)
    }

    func save(_ request: Request) async throws -> Response {
        let course = try await loadCourse(request)
        let form = try request.formData()
        let known = Set(CRMSources.available(customFields: course.formFields).map(\.name))
        var typed: [UUID: (attached: Bool, text: String)] = [:]
        var errors: [UUID: String] = [:]
        var mappings: [(UUID, Bool, FieldMapping)] = []
        for integration in try await integrations.all() {
            let key = integration.id.uuidString.lowercased()
            let attached = form["attach_\(key)"] == "on"
            let text = (form["mapping_\(key)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            typed[integration.id] = (attached, text)
            guard let mapping = CRMMappingAdminRoutes.parse(text) else {
                errors[integration.id] = "JSON invalide : attendu {\"source_to_target\": {…}, \"static_values\": {…}}."
                continue
            }
            let problems = mapping.problems(knownSources: known)
            if !problems.isEmpty { errors[integration.id] = problems.joined(separator: " ") }
            mappings.append((integration.id, attached, mapping))
        }
        guard errors.isEmpty else { return try await page(request, course, typed: typed, errors: errors, status: .unprocessableEntity) }
        let courseID = course.id
        let changes = mappings
        try await pool.withTransaction { connection in
            for (integrationID, attached, mapping) in changes {
                if attached || !mapping.isEmpty {
                    try connection.query("""
                        INSERT INTO formation_crm_mappings (formation_id, crm_integration_id, field_mappings, is_active) VALUES ($1, $2, $3::jsonb, $4)
                        ON CONFLICT (formation_id, crm_integration_id) DO UPDATE SET field_mappings = EXCLUDED.field_mappings, is_active = EXCLUDED.is_active
                        """, [courseID, integrationID, JSONValue.encodedMapping(mapping), attached])
                } else {
                    try connection.query("DELETE FROM formation_crm_mappings WHERE formation_id = $1 AND crm_integration_id = $2", [courseID, integrationID])
                }
            }
        }
        return .redirect(to: "/admin/formations/\(courseID.uuidString.lowercased())/crm?ok=saved", status: .seeOther)
    }

    /// Empty text is the empty mapping (the provider's default applies); nil means invalid JSON.
    static func parse(_ text: String) -> FieldMapping? {
        guard !text.isEmpty else { return FieldMapping() }
        guard let value = JSONValue.parse(Array(text.utf8)), case .object = value else { return nil }
        return try? JSONDecoder().decode(FieldMapping.self, from: Data(text.utf8))
    }

    static func pretty(_ stored: String) -> String {
        guard let mapping = parse(stored), !mapping.isEmpty else { return "" }
        return JSONValue.encodedMapping(mapping)
    }

    /// What the integration would receive: the body of the (first) request.
    static func preview(_ job: DeliveryJob) -> JSONValue {
        switch job.integration.kind {
        case .webhook, .email: job.payload
        case .hubspot: .object(["properties": job.payload])
        case .salesforce: SalesforceChannel.lead(job.payload, sources: job.sources)
        case .pipedrive: .object([
            "person (POST /api/v2/persons)": PipedriveChannel.person(job.payload, sources: job.sources),
            "lead (POST /api/v1/leads)": PipedriveChannel.lead(job.payload, sources: job.sources, personID: .string("<id de la personne>")),
        ])
        }
    }
}

extension JSONValue {
    /// The seed's format, both keys always present, sorted and indented for the editor.
    static func encodedMapping(_ mapping: FieldMapping) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return (try? encoder.encode(mapping)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
