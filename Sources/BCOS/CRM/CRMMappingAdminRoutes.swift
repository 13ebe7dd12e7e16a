import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/formations/{id}/crm`: which integrations a course's enrollments go to, and the field
/// mapping of each (the seed's JSON format), with the available source fields and a preview of
/// the exact payload for a sample enrollment, built by the code that builds real deliveries.
struct CRMMappingAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer

    func register(_ router: inout RouteGroup) {
        router.get("/admin/formations/{id}/crm") { request in
            let course = try await loadCourse(request)
            return try await page(request, course, typed: [:], errors: [:])
        }
        router.post("/admin/formations/{id}/crm") { try await save($0) }
    }

    private func loadCourse(_ request: Request) async throws -> Course {
        let id = try request.uuidParameter()
        guard let course = try await database.run({ try $0.courses.course(id: id) }) else { throw HTTPError(.notFound) }
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
        let (stored, categoryName, integrations) = try await database.run { db in
            (try db.crmMappings.mappings(courseID: course.id), try course.categoryID.flatMap { try db.categories.find(id: $0) }.map { $0.nameFr ?? $0.name },
             try db.crmIntegrations.all())
        }
        let sample = CRMSources.sample(for: course, categoryName: categoryName ?? nil)
        let id = course.id.lowercasedString
        let cards = integrations.map { integration -> Model.Card in
            let current = stored[integration.id]
            // A stored mapping is shown as it is stored when it cannot be read, with the reason:
            // the admin repairs it rather than losing it.
            var error = errors[integration.id]
            let text: String
            if let typedText = typed[integration.id]?.text {
                text = typedText
            } else if let current {
                switch FieldMapping.parse(current.text) {
                case .success(let mapping): text = mapping.isEmpty ? "" : mapping.storedJSON
                case .failure(let problem):
                    text = current.text
                    error = error ?? problem.message
                }
            } else {
                text = ""
            }
            var parsed: FieldMapping?
            if case .success(let mapping) = FieldMapping.parse(text) { parsed = mapping }
            let defaultMapping = FieldMapping.defaultMapping(for: integration.kind, sources: sample.values.keys.sorted())
            let effective = (parsed?.isEmpty == false ? parsed : nil) ?? defaultMapping
            let job = DeliveryJob(logID: UUID(), integration: integration, payload: effective.payload(from: sample.values), sources: sample)
            return Model.Card(
                id: integration.id.lowercasedString, name: integration.name, kind: integration.kind.label, is_active: integration.isActive,
                attached: typed[integration.id]?.attached ?? (current?.active ?? false), mapping: text,
                default_mapping: defaultMapping.storedJSON,
                preview: CRMMappingAdminRoutes.preview(job).encodedString(pretty: true),
                preview_note: parsed?.isEmpty == false ? "avec cette correspondance" : "correspondance par défaut (champ vide)",
                error: error)
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
        var mappings: [(integrationID: UUID, attached: Bool, mapping: FieldMapping)] = []
        for integration in try await database.run({ try $0.crmIntegrations.all() }) {
            let key = integration.id.lowercasedString
            let attached = form["attach_\(key)"] == "on"
            let text = (form["mapping_\(key)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            typed[integration.id] = (attached, text)
            switch FieldMapping.parse(text) {
            case .failure(let problem):
                errors[integration.id] = problem.message
            case .success(let mapping):
                let problems = mapping.problems(knownSources: known)
                if !problems.isEmpty { errors[integration.id] = problems.joined(separator: " ") }
                mappings.append((integration.id, attached, mapping))
            }
        }
        guard errors.isEmpty else { return try await page(request, course, typed: typed, errors: errors, status: .unprocessableEntity) }
        let (courseID, changes) = (course.id, mappings)
        try await database.transaction { try $0.crmMappings.save(courseID: courseID, changes) }
        return .redirect(to: "/admin/formations/\(courseID.lowercasedString)/crm?ok=saved", status: .seeOther)
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
