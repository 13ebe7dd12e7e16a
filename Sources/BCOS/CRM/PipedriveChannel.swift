import Foundation
import Outbound

/// Pipedrive: the person (API v2, `emails`/`phones` arrays), then a lead (`/api/v1/leads`, leads
/// have no v2 create) titled with the course and linked to the person. `x-api-token` on both.
///
/// Mapping targets: `person.*` (name, email, phone, other person fields) and `lead.*` (title,
/// other lead fields). Before creating a person, it is looked up by e-mail
/// (`GET /api/v2/persons/search?term=…&fields=email&exact_match=true`, answered
/// `{"success": true, "data": {"items": [{"result_score", "item": {"id", "name", "emails", …}}]}}`,
/// developers.pipedrive.com "Persons API v2: Search persons") and reused when found, so repeated
/// enrollments of one visitor do not create duplicate persons. A retry after the person was
/// created reuses it too (its id is in the previous attempt's response).
struct PipedriveChannel: CRMChannel {
    let exchange: HTTPExchange

    static func base(_ config: CRMConfig) -> String {
        CRMConfig.origin(of: config.endpoint) ?? "https://\(config.company_domain ?? "api").pipedrive.com"
    }

    private func request(_ config: CRMConfig, _ method: String, _ path: String, body: JSONValue? = nil) -> LoggedHTTPCall {
        .jsonAPI(config, auth: OutboundHeader("x-api-token", config.api_key ?? ""), method, PipedriveChannel.base(config) + path, body: body)
    }

    static func person(_ payload: JSONValue, sources: CRMSources) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        if case .object(let mapped)? = payload["person"] { fields = mapped }
        let email = fields.removeValue(forKey: "email")?.text ?? sources.values["email"]?.text
        let phone = fields.removeValue(forKey: "phone")?.text ?? sources.values["phone"]?.text
        if fields["name"]?.text?.isEmpty ?? true {
            fields["name"] = .string(sources.values["full_name"]?.text ?? email ?? "Inconnu")
        }
        if let email, !email.isEmpty { fields["emails"] = .array([.object(["value": .string(email), "primary": .bool(true), "label": "work"])]) }
        if let phone, !phone.isEmpty { fields["phones"] = .array([.object(["value": .string(phone), "primary": .bool(true), "label": "work"])]) }
        return .object(fields)
    }

    static func lead(_ payload: JSONValue, sources: CRMSources, personID: JSONValue) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        if case .object(let mapped)? = payload["lead"] { fields = mapped }
        if fields["title"]?.text?.isEmpty ?? true {
            let course = sources.values["course_title_fr"]?.text ?? sources.values["course_title"]?.text ?? "Formation"
            let who = sources.values["full_name"]?.text ?? ""
            fields["title"] = .string(who.isEmpty ? "Inscription — \(course)" : "Inscription — \(course) — \(who)")
        }
        fields["person_id"] = personID
        return .object(fields)
    }

    func deliver(_ job: DeliveryJob) async -> DeliveryAttempt {
        let config = job.integration.config
        var personID = job.previousResponse?["person_id"]
        var requests: [String: JSONValue] = [:]
        var responses: [String: JSONValue] = [:]
        var reused = false
        if personID == nil || personID == .null, let email = PipedriveChannel.email(job.payload, sources: job.sources) {
            let search = await exchange.send(request(config, "GET", PipedriveChannel.searchPath(email: email)))
            requests["search"] = search.attempt.request
            responses["search"] = search.attempt.response ?? .null
            guard search.attempt.outcome.isSuccess else {
                var attempt = search.attempt
                attempt.request = .object(requests)
                attempt.response = .object(responses)
                return attempt
            }
            if let found = PipedriveChannel.foundPersonID(search.response?.body ?? []) {
                personID = found
                reused = true
            }
        }
        if personID == nil || personID == .null {
            let person = await exchange.send(request(config, "POST", "/api/v2/persons", body: PipedriveChannel.person(job.payload, sources: job.sources)))
            requests["person"] = person.attempt.request
            responses["person"] = person.attempt.response ?? .null
            guard person.attempt.outcome.isSuccess, let id = person.response.flatMap({ JSONValue.parse($0.body)?["data"]?["id"] }) else {
                var attempt = person.attempt
                if attempt.outcome.isSuccess { attempt.outcome = .retry("Pipedrive n’a pas renvoyé l’identifiant de la personne.", after: nil) }
                if requests.count > 1 {
                    attempt.request = .object(requests)
                    attempt.response = .object(responses)
                }
                return attempt
            }
            personID = id
        }
        let person = personID ?? .null
        let wasReused = reused
        let leadBody = PipedriveChannel.lead(job.payload, sources: job.sources, personID: person)
        var lead = await exchange.send(request(config, "POST", "/api/v1/leads", body: leadBody)) { response in
            guard (200..<300).contains(response.status) else { return nil }
            let lead = JSONValue.parse(response.body)?["data"]?["id"]?.text ?? "?"
            return .delivered(wasReused
                ? "Personne existante \(person.text ?? "?") retrouvée par son e-mail et prospect \(lead) créé dans Pipedrive."
                : "Personne \(person.text ?? "?") et prospect \(lead) créés dans Pipedrive.")
        }
        requests["lead"] = lead.attempt.request
        responses["lead"] = lead.attempt.response ?? .null
        responses["person_id"] = person
        lead.attempt.request = .object(requests)
        lead.attempt.response = .object(responses)
        return lead.attempt
    }

    /// The e-mail the person is created with (the mapped one, else the enrollment's).
    static func email(_ payload: JSONValue, sources: CRMSources) -> String? {
        let email = (payload["person"]?["email"]?.text ?? sources.values["email"]?.text ?? "").trimmingCharacters(in: .whitespaces)
        return email.isEmpty ? nil : email
    }

    static func searchPath(email: String) -> String {
        "/api/v2/persons/search?term=\(SalesforceAuth.formEncoded(email))&fields=email&exact_match=true"
    }

    /// The first person found (`data.items[0].item.id`).
    static func foundPersonID(_ body: [UInt8]) -> JSONValue? {
        guard case .array(let items)? = JSONValue.parse(body)?["data"]?["items"] else { return nil }
        return items.lazy.compactMap { item -> JSONValue? in
            guard let id = item["item"]?["id"], id != .null else { return nil }
            return id
        }.first
    }

    func test(_ integration: CRMIntegration) async -> DeliveryAttempt {
        await exchange.send(request(integration.config, "GET", "/api/v1/users/me")).attempt
    }
}
