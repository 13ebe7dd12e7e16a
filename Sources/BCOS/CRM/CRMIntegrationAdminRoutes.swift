import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/crm`: the integrations — list with test results and 24-hour deliveries, create, edit
/// (secrets masked, kept when left blank), test connection, delete with confirmation.
struct CRMIntegrationAdminRoutes: Sendable {
    let database: AppDatabase
    let channels: CRMChannels
    let admin: AdminRenderer

    func register(_ router: inout AdminRoutes) {
        router.get("/admin/crm", .adminOnly) { try await list($0) }
        router.get("/admin/crm/new", .adminOnly) { request in
            var input = CRMIntegrationInput()
            input.kind = request.lenientQuery["type"].flatMap(CRMKind.init(rawValue:)) ?? .webhook
            return try await editor(request, input: input, id: nil, errors: [:])
        }
        router.post("/admin/crm/new", .adminOnly) { try await save($0, id: nil) }
        router.get("/admin/crm/{id}/edit", .adminOnly) { request in
            let id = try request.uuidParameter()
            guard let integration = try await database.run({ try $0.crmIntegrations.find(id) }) else { throw HTTPError(.notFound) }
            return try await editor(request, input: CRMIntegrationInput(integration), id: id, errors: [:])
        }
        router.post("/admin/crm/{id}/edit", .adminOnly) { try await save($0, id: try $0.uuidParameter()) }
        router.post("/admin/crm/{id}/test", .adminOnly) { try await test($0, id: try $0.uuidParameter()) }
        router.get("/admin/crm/{id}/delete", .adminOnly) { request in
            let id = try request.uuidParameter()
            let found = try await database.run { db in try db.crmIntegrations.find(id).map { ($0, try db.crmMappings.count(integrationID: id)) } }
            guard let (integration, courses) = found else { throw HTTPError(.notFound) }
            return try admin.page("admin/confirm", ConfirmPage(
                heading: "Supprimer « \(integration.name) » ?",
                message: "L’intégration et ses correspondances avec \(Plural.text(.course, count: courses, in: .fr)) seront supprimées. Son journal d’envois est conservé, sans lien vers elle. Pour simplement arrêter les envois, désactivez-la plutôt.",
                action: "/admin/crm/\(id.lowercasedString)/delete", cancel_href: "/admin/crm", button: "Supprimer définitivement"),
                title: ConfirmPage.title, request: request)
        }
        router.post("/admin/crm/{id}/delete", .adminOnly) { request in
            let id = try request.uuidParameter()
            let actor = request.admin
            try await database.transaction { db in
                try db.crmIntegrations.delete(id)
                try db.audit.record(AuditEvent(.crmIntegration, "deleted", record: id, "Intégration CRM supprimée."), by: actor)
            }
            return .redirect(to: "/admin/crm?ok=deleted", status: .seeOther)
        }
    }

    struct ListModel: Encodable {
        struct Item: Encodable {
            let id: String
            let name: String
            let kind: String
            let is_active: Bool
            let disabled_reason: String?
            let tested_at: String?
            let test_ok: Bool
            let test_failed: Bool
            let test_message: String?
            let problem: String?
            /// "3 réussis, 1 échec, 2 en attente" (the last 24 hours; pending now).
            let activity_text: String
            let sent_24h: Int
            let failed_24h: Int
            let pending: Int
            let course_count: Int
        }

        let items: [Item]
        let has_items: Bool
        let kinds: [Kind]

        struct Kind: Encodable {
            let value: String
            let label: String
        }
    }

    func list(_ request: Request) async throws -> Response {
        let (all, activity) = try await database.run { db in (try db.crmIntegrations.all(), try db.crmIntegrations.activity()) }
        let items = all.map { integration in
            let stat = activity[integration.id] ?? CRMIntegrationRepository.Activity()
            return ListModel.Item(
                id: integration.id.lowercasedString, name: integration.name, kind: integration.kind.label,
                is_active: integration.isActive, disabled_reason: integration.disabledReason,
                tested_at: integration.lastTestedAt.map(AdminFormat.dateTime), test_ok: integration.testStatus == .success,
                test_failed: integration.testStatus == .failed, test_message: integration.testMessage,
                problem: integration.storedDataProblem,
                activity_text: [Plural.text(.delivered, count: stat.sent, in: .fr), Plural.text(.failure, count: stat.failed, in: .fr)]
                    .joined(separator: ", ") + (stat.pending > 0 ? ", \(stat.pending) en attente" : ""),
                sent_24h: stat.sent, failed_24h: stat.failed, pending: stat.pending, course_count: stat.courses)
        }
        return try admin.page("admin/crm", ListModel(
            items: items, has_items: !items.isEmpty, kinds: CRMKind.allCases.map { .init(value: $0.rawValue, label: $0.label) }),
            title: "Intégrations CRM", request: request)
    }

    struct EditorModel: Encodable {
        let heading: String
        let action: String
        let action_test: String
        let is_new: Bool
        let kind: String
        let kind_label: String
        let is_webhook: Bool
        let is_email: Bool
        let is_api: Bool
        let is_salesforce: Bool
        let is_pipedrive: Bool
        /// HubSpot and Salesforce update the status of what they created.
        let has_status_map: Bool
        let status_field: String
        let fields: AdminFields
        let header_rows: [HeaderRow]
        let headers_error: String
        let has_headers_error: Bool
        let has_signing_secret: Bool

        /// One row of the webhook's headers: name, value (masked when secret), its "secret" box.
        struct HeaderRow: Encodable {
            let index: Int
            let name: String
            let value: String
            let secret: Bool
            let error: String
            let has_error: Bool
        }
        let has_errors: Bool
        let courses: [LinkedCourse]
        let has_courses: Bool
        let tests: [TestRow]
        let has_tests: Bool
        /// The latest test, shown first and large.
        let last_test: TestRow?

        struct TestRow: Encodable {
            let date: String
            let succeeded: Bool
            let title: String
            let detail: String
            let advice: String
        }

        struct LinkedCourse: Encodable {
            let title: String
            let href: String
            let active: Bool
        }
    }

    func editor(
        _ request: Request, input: CRMIntegrationInput, id: UUID?, errors: [String: String], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        // The courses whose enrollments go to this integration, each linking to its mapping.
        let (linked, tests) = try await id.asyncMap { id in
            try await database.run { db in (try db.crmMappings.linkedCourses(integrationID: id), try db.crmLogs.tests(integrationID: id)) }
        } ?? ([], [])
        let testRows = tests.map { entry in
            let report = ConnectionTestReport(entry)
            return EditorModel.TestRow(
                date: AdminFormat.dateTime(entry.createdAt), succeeded: report.succeeded, title: report.title, detail: report.detail,
                advice: report.advice)
        }
        let courses = linked.map {
            EditorModel.LinkedCourse(title: $0.title, href: "/admin/formations/\($0.courseID.lowercasedString)/crm", active: $0.active)
        }
        let model = EditorModel(
            heading: id == nil ? "Nouvelle intégration : \(input.kind.label)" : "Modifier : \(input.name)",
            action: id.map { "/admin/crm/\($0.lowercasedString)/edit" } ?? "/admin/crm/new",
            action_test: id.map { "/admin/crm/\($0.lowercasedString)/test" } ?? "", is_new: id == nil,
            kind: input.kind.rawValue, kind_label: input.kind.label, is_webhook: input.kind == .webhook, is_email: input.kind == .email,
            is_api: input.kind.type == "api", is_salesforce: input.kind == .salesforce, is_pipedrive: input.kind == .pipedrive,
            has_status_map: input.kind == .hubspot || input.kind == .salesforce,
            status_field: input.kind == .hubspot ? "hs_lead_status" : "Status",
            fields: CRMIntegrationFields.make(input, errors: errors),
            header_rows: (input.shownHeaders + Array(repeating: CRMIntegrationInput.HeaderRow(name: "", value: "", secret: false),
                                                      count: CRMIntegrationInput.spareHeaderRows)).enumerated().map { index, row in
                EditorModel.HeaderRow(
                    index: index, name: row.name, value: row.value, secret: row.secret, error: errors["header_name_\(index)"] ?? "",
                    has_error: errors["header_name_\(index)"] != nil)
            },
            headers_error: errors["headers"] ?? "", has_headers_error: errors["headers"] != nil,
            has_signing_secret: !(input.config.signing_secret ?? "").isEmpty,
            has_errors: !errors.isEmpty, courses: courses, has_courses: !courses.isEmpty,
            tests: testRows, has_tests: !testRows.isEmpty, last_test: testRows.first)
        return try admin.page("admin/crm-form", model, title: model.heading, request: request, status: status)
    }

    func save(_ request: Request, id: UUID?) async throws -> Response {
        let form = try request.formData()
        let stored = try await id.asyncMap { id in try await database.run { try $0.crmIntegrations.find(id) } } ?? nil
        if id != nil, stored == nil { throw HTTPError(.notFound) }
        var input = CRMIntegrationInput(form: form, kind: stored?.kind)
        input.merge(secretsFrom: stored?.config ?? CRMConfig(), storedKind: stored?.kind)
        var errors = input.validate()
        let name = input.name
        if errors["name"] == nil, try await database.run({ try $0.crmIntegrations.isNameTaken(name, except: id) }) {
            errors["name"] = "Une autre intégration porte déjà ce nom."
        }
        guard errors.isEmpty else {
            // Never echo secrets back into the page: show them masked.
            var shown = input
            shown.headers = input.shownHeaders
            if let endpoint = input.config.endpoint, SecretURL.carriesSecret(endpoint) { shown.config.endpoint = SecretURL.masked(endpoint) }
            return try await editor(request, input: shown, id: id, errors: errors, status: .unprocessableEntity)
        }
        let saving = input
        let actor = request.admin
        // The trail says that a secret changed, never what it is.
        let secretChanged = stored.map { Set($0.config.secretValues) != Set(saving.config.secretValues) } ?? false
        let saved = try await database.transaction { db in
            let saved = try db.crmIntegrations.save(
                id: id, name: saving.name, kind: saving.kind, config: saving.config, isActive: saving.isActive,
                allCourses: saving.allCourses, defaultMapping: saving.defaultMapping)
            try db.audit.record(AuditEvent(.crmIntegration, id == nil ? "created" : "updated", record: saved,
                                           "Intégration « \(saving.name) » \(id == nil ? "créée" : "modifiée")."), by: actor)
            if secretChanged {
                try db.audit.record(AuditEvent(.crmIntegration, "secret_changed", record: saved, "Secret de l’intégration « \(saving.name) » changé."), by: actor)
            }
            return saved
        }
        return .redirect(to: id == nil ? "/admin/crm/\(saved.lowercasedString)/edit?ok=created" : "/admin/crm?ok=saved", status: .seeOther)
    }

    /// Runs the channel's own test call, records it on the integration and in the log.
    func test(_ request: Request, id: UUID) async throws -> Response {
        guard let integration = try await database.run({ try $0.crmIntegrations.find(id) }) else { throw HTTPError(.notFound) }
        let attempt = await channels.channel(for: integration.kind).test(integration)
        try await database.run { db in
            try db.crmIntegrations.recordTest(id, status: attempt.outcome.isSuccess ? .success : .failed, message: attempt.outcome.message)
            try db.crmLogs.recordTest(integrationID: id, attempt: attempt)
        }
        // The result shows on the integration's page, in green or red, with what to check.
        return .redirect(to: "/admin/crm/\(id.lowercasedString)/edit#test", status: .seeOther)
    }
}
