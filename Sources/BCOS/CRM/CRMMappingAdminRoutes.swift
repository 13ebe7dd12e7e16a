import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/formations/{id}/crm`: which integrations a course's enrollments go to, and how the
/// fields map, as rows (`CRMMappingForm`) with the JSON under "Avancé"; a preview of the exact
/// payload for a sample enrollment of this course, built by the code that builds deliveries,
/// refreshed live by `admin.js` through `…/crm/preview` or by the "Prévisualiser" button.
struct CRMMappingAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer

    func register(_ router: inout AdminRoutes) {
        router.get("/admin/formations/{id}/crm", .adminOnly) { request in
            let context = try await load(request)
            return try page(request, context, typed: nil, errors: [:])
        }
        router.post("/admin/formations/{id}/crm", .adminOnly) { try await save($0) }
        router.post("/admin/formations/{id}/crm/preview", .adminOnly) { try await livePreview($0) }
    }

    /// The course, its integrations and what is stored, read once per request.
    struct Context: Sendable {
        let course: Course
        let integrations: [CRMIntegration]
        let stored: [UUID: (active: Bool, text: String)]
        let sample: CRMSources
        var sources: [(name: String, label: String)] { CRMSources.available(customFields: course.formFields) }
    }

    private func load(_ request: Request) async throws -> Context {
        let id = try request.uuidParameter()
        let found = try await database.run { db -> (Course, [CRMIntegration], [UUID: (active: Bool, text: String)], String?)? in
            guard let course = try db.courses.course(id: id) else { return nil }
            let category = try course.categoryID.flatMap { try db.categories.find(id: $0) }
            return (course, try db.crmIntegrations.all(), try db.crmMappings.mappings(courseID: id), category.flatMap { $0.nameFr ?? $0.name })
        }
        guard let (course, integrations, stored, categoryName) = found else { throw HTTPError(.notFound) }
        return Context(course: course, integrations: integrations, stored: stored, sample: CRMSources.sample(for: course, categoryName: categoryName))
    }

    struct Model: Encodable {
        struct Card: Encodable {
            let id: String
            let name: String
            let kind: String
            let is_active: Bool
            let all_courses: Bool
            let attached: Bool
            let mapping: String
            let use_json: Bool
            let rows: [CRMMappingForm.Row]
            let statics: [CRMMappingForm.StaticRow]
            let targets: [String]
            let default_mapping: String
            let preview: String
            let preview_note: String
            let warnings: [String]
            let has_warnings: Bool
            let error: String
            let has_error: Bool
        }

        let heading: String
        let action: String
        let preview_action: String
        let edit_href: String
        let cards: [Card]
        let has_cards: Bool
        let has_errors: Bool
        let sources: [Source]

        struct Source: Encodable {
            let name: String
            let label: String
        }
    }

    /// What the page shows for one integration: the mapping as typed (`typed`) or as stored.
    struct CardState {
        var attached: Bool
        var mapping: FieldMapping
        var json: String
        var useJSON: Bool
        var error: String?
    }

    func state(_ integration: CRMIntegration, _ context: Context, typed: [UUID: CardState]?) -> CardState {
        if let typed = typed?[integration.id] { return typed }
        guard let current = context.stored[integration.id] else {
            // No row: an integration for all courses applies (with its default mapping).
            return CardState(attached: integration.allCourses, mapping: FieldMapping(), json: "", useJSON: false)
        }
        switch FieldMapping.parse(current.text) {
        case .success(let mapping):
            return CardState(attached: current.active, mapping: mapping, json: mapping.isEmpty ? "" : mapping.storedJSON, useJSON: false)
        case .failure(let problem):
            // Shown as stored, with the reason: the admin repairs it rather than losing it.
            return CardState(attached: current.active, mapping: FieldMapping(), json: current.text, useJSON: true, error: problem.message)
        }
    }

    /// The payload preview and the warnings for one integration's mapping.
    func preview(_ integration: CRMIntegration, mapping: FieldMapping, sample: CRMSources) -> (text: String, note: String, warnings: [String]) {
        let fallback = integration.defaultMapping.isEmpty
            ? FieldMapping.defaultMapping(for: integration.kind, sources: sample.values.keys.sorted()) : integration.defaultMapping
        let effective = mapping.isEmpty ? fallback : mapping
        let job = DeliveryJob(logID: UUID(), integration: integration, payload: effective.payload(from: sample.values), sources: sample)
        let note = mapping.isEmpty
            ? (integration.defaultMapping.isEmpty ? "correspondance standard du fournisseur" : "correspondance par défaut de l’intégration")
            : "avec cette correspondance"
        return (CRMMappingAdminRoutes.preview(job).encodedString(pretty: true), note, MappingTargets.warnings(effective, kind: integration.kind))
    }

    func page(_ request: Request, _ context: Context, typed: [UUID: CardState]?, errors: [UUID: String],
              status: HTTPResponseStatus = .ok) throws -> Response {
        let course = context.course
        let id = course.id.lowercasedString
        let sourceNames = context.sources.map(\.name)
        let cards = context.integrations.map { integration -> Model.Card in
            let card = state(integration, context, typed: typed)
            let shown = preview(integration, mapping: card.mapping, sample: context.sample)
            let error = errors[integration.id] ?? card.error
            return Model.Card(
                id: integration.id.lowercasedString, name: integration.name, kind: integration.kind.label, is_active: integration.isActive,
                all_courses: integration.allCourses, attached: card.attached, mapping: card.json, use_json: card.useJSON,
                rows: CRMMappingForm.rows(card.mapping, sources: context.sources), statics: CRMMappingForm.staticRows(card.mapping),
                targets: MappingTargets.suggested(for: integration, sources: sourceNames),
                default_mapping: FieldMapping.defaultMapping(for: integration.kind, sources: context.sample.values.keys.sorted()).storedJSON,
                preview: shown.text, preview_note: shown.note, warnings: shown.warnings, has_warnings: !shown.warnings.isEmpty,
                error: error ?? "", has_error: error != nil)
        }
        let model = Model(
            heading: "Envois CRM : \(course.titleFr ?? course.title ?? course.slug)", action: "/admin/formations/\(id)/crm",
            preview_action: "/admin/formations/\(id)/crm/preview", edit_href: "/admin/formations/\(id)/edit", cards: cards,
            has_cards: !cards.isEmpty, has_errors: !errors.isEmpty,
            sources: context.sources.map { Model.Source(name: $0.name, label: $0.label) })
        return try admin.page("admin/crm-mappings", model, title: model.heading, request: request, status: status)
    }

    /// Reads every integration's card from the form; errors by integration.
    func read(_ form: FormData, _ context: Context) -> (typed: [UUID: CardState], errors: [UUID: String]) {
        let known = Set(context.sources.map(\.name))
        var typed: [UUID: CardState] = [:]
        var errors: [UUID: String] = [:]
        for integration in context.integrations {
            let key = integration.id.lowercasedString
            // A card that is not in the post (an integration created after the page was opened,
            // a script posting one card) is left as it is, never detached by omission.
            guard form["mapping_\(key)"] != nil || form["map_\(key)_source_0"] != nil || form["static_\(key)_target_0"] != nil else { continue }
            let attached = form["attach_\(key)"] == "on"
            let json = (form["mapping_\(key)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            switch CRMMappingForm.mapping(form, key: key) {
            case .failure(let problem):
                errors[integration.id] = problem.message
                typed[integration.id] = CardState(attached: attached, mapping: FieldMapping(), json: json, useJSON: true)
            case .success(let mapping):
                let problems = mapping.problems(knownSources: known)
                if !problems.isEmpty { errors[integration.id] = problems.joined(separator: " ") }
                typed[integration.id] = CardState(
                    attached: attached, mapping: mapping, json: mapping.isEmpty ? "" : mapping.storedJSON, useJSON: form["use_json_\(key)"] == "on")
            }
        }
        return (typed, errors)
    }

    func save(_ request: Request) async throws -> Response {
        let context = try await load(request)
        let form = try request.formData()
        let (typed, errors) = read(form, context)
        if form["action"] == "preview" || !errors.isEmpty {
            return try page(request, context, typed: typed, errors: errors, status: errors.isEmpty ? .ok : .unprocessableEntity)
        }
        // An integration for all courses needs no row to send this course; unticking it stores
        // the opt-out (an inactive row). Other integrations keep a row only when it says something.
        let changes: [CRMMappingRepository.Change] = context.integrations.compactMap { integration in
            guard let card = typed[integration.id] else { return nil }
            if integration.allCourses {
                return card.attached && card.mapping.isEmpty ? .remove(integration.id) : .store(integration.id, active: card.attached, card.mapping)
            }
            return card.attached || !card.mapping.isEmpty ? .store(integration.id, active: card.attached, card.mapping) : .remove(integration.id)
        }
        let courseID = context.course.id
        let actor = request.admin
        try await database.transaction { db in
            try db.crmMappings.save(courseID: courseID, changes)
            try db.audit.record(AuditEvent(.crmMapping, "updated", record: courseID, "Envois CRM de la formation modifiés."), by: actor)
        }
        return .redirect(to: "/admin/formations/\(courseID.lowercasedString)/crm?ok=saved", status: .seeOther)
    }

    /// `POST …/crm/preview` (from `admin.js`): the previews and warnings of the form as typed, as JSON.
    func livePreview(_ request: Request) async throws -> Response {
        let context = try await load(request)
        let (typed, errors) = read(try request.formData(), context)
        var cards: [String: JSONValue] = [:]
        for integration in context.integrations {
            let mapping = typed[integration.id]?.mapping ?? FieldMapping()
            let shown = preview(integration, mapping: mapping, sample: context.sample)
            cards[integration.id.lowercasedString] = .object([
                "preview": .string(shown.text), "note": .string(shown.note),
                "warnings": .array(shown.warnings.map(JSONValue.string)), "error": errors[integration.id].map(JSONValue.string) ?? .null,
            ])
        }
        var response = Response.text(JSONValue.object(["cards": .object(cards)]).encodedString(), contentType: "application/json; charset=utf-8")
        response.headers.replaceOrAdd(name: "cache-control", value: "no-store")
        return response
    }

    /// What the integration would receive: the body of the (first) request.
    static func preview(_ job: DeliveryJob) -> JSONValue {
        switch job.integration.kind {
        case .webhook, .email: job.payload
        case .hubspot: HubSpotChannel.preview(job)
        case .salesforce: SalesforceChannel.lead(job.payload, sources: job.sources)
        case .pipedrive: .object([
            "person (POST /api/v2/persons)": PipedriveChannel.person(job.payload, sources: job.sources),
            "lead (POST /api/v1/leads)": PipedriveChannel.lead(job.payload, sources: job.sources, personID: .string("<id de la personne>")),
        ])
        }
    }
}
