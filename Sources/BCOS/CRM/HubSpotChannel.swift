import Foundation
import Outbound

/// HubSpot CRM with any Bearer token (private app or OAuth access token) holding the
/// `crm.objects.contacts.write` scope (and `crm.objects.deals.write` for deals).
///
/// One call per contact: `POST /crm/objects/{version}/contacts/batch/upsert` with
/// `{"inputs": [{"id": <e-mail, lower-cased>, "idProperty": "email", "properties": {…}}]}`,
/// answered `{"status": "COMPLETE", "results": [{"id", "new", "properties", …}], "errors"?: […]}`
/// (developers.hubspot.com, API reference 2026-03/2026-09 "Upsert contacts"; the legacy
/// `/crm/v3/objects/contacts/batch/upsert` has the same shape). HubSpot creates the contact or
/// updates the one with that e-mail, so a returning visitor never hits a 409. `api_version` is the
/// date version (`2026-09`, the default) or `v3` for the legacy paths.
///
/// Mapping targets are contact property internal names (`firstname`, `email`, `jobtitle`…), flat.
/// `deal.*` targets make a deal too (`deal.dealname`, `deal.pipeline`, `deal.dealstage`,
/// `deal.amount`…): `POST /crm/objects/{version}/deals` with its properties and
/// `"associations": [{"to": {"id": <contact>}, "types": [{"associationCategory": "HUBSPOT_DEFINED",
/// "associationTypeId": 3}]}]` (3 = deal to contact; developers.hubspot.com, "Deals" guide and
/// "Associations API: associate records during creation").
struct HubSpotChannel: CRMChannel {
    let exchange: HTTPExchange
    /// Where the connection test caches the contact property names (nil in unit tests).
    let database: AppDatabase?

    static let defaultVersion = "2026-09"
    /// HUBSPOT_DEFINED association type "deal to contact".
    static let dealToContact = 3

    static func base(_ config: CRMConfig) -> String { CRMConfig.origin(of: config.endpoint) ?? "https://api.hubapi.com" }

    static func version(_ config: CRMConfig) -> String {
        let version = (config.api_version ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        return version.isEmpty ? defaultVersion : version
    }

    static func isValidVersion(_ version: String) -> Bool {
        version.lowercased() == "v3" || version.range(of: #"^\d{4}-\d{2}$"#, options: .regularExpression) != nil
    }

    /// `/crm/objects/2026-09/contacts` or, for `v3`, `/crm/v3/objects/contacts`.
    static func objects(_ object: String, _ config: CRMConfig) -> String {
        let version = version(config)
        return version == "v3" ? "/crm/v3/objects/\(object)" : "/crm/objects/\(version)/\(object)"
    }

    /// `/crm/properties/2026-09/contacts` or `/crm/v3/properties/contacts`.
    static func properties(_ object: String, _ config: CRMConfig) -> String {
        let version = version(config)
        return version == "v3" ? "/crm/v3/properties/\(object)" : "/crm/properties/\(version)/\(object)"
    }

    func request(_ config: CRMConfig, _ method: String, _ path: String, body: JSONValue? = nil) -> LoggedHTTPCall {
        .jsonAPI(config, auth: OutboundHeader("Authorization", "Bearer \(config.api_key ?? "")"), method, HubSpotChannel.base(config) + path, body: body)
    }

    /// The contact's properties: the payload without its `deal` object.
    static func contactProperties(_ payload: JSONValue) -> JSONValue {
        guard case .object(var properties) = payload else { return .object([:]) }
        properties["deal"] = nil
        return .object(properties)
    }

    /// The upsert body, or nil when there is no e-mail to identify the contact by.
    static func upsert(_ payload: JSONValue, sources: CRMSources) -> JSONValue? {
        let email = (payload["email"]?.text ?? sources.values["email"]?.text ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard !email.isEmpty else { return nil }
        return .object(["inputs": .array([.object([
            "id": .string(email), "idProperty": "email", "properties": contactProperties(payload),
        ])])])
    }

    /// The deal to create with the contact, when the mapping has `deal.*` targets.
    static func deal(_ payload: JSONValue, sources: CRMSources, contactID: JSONValue) -> JSONValue? {
        guard case .object(var properties)? = payload["deal"], !properties.isEmpty else { return nil }
        if properties["dealname"]?.text?.isEmpty ?? true {
            let course = sources.values["course_title_fr"]?.text ?? sources.values["course_title"]?.text ?? "Formation"
            let who = sources.values["full_name"]?.text ?? ""
            properties["dealname"] = .string(who.isEmpty ? "Inscription — \(course)" : "Inscription — \(course) — \(who)")
        }
        return .object([
            "properties": .object(properties),
            "associations": .array([.object([
                "to": .object(["id": contactID]),
                "types": .array([.object(["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": .number(Double(dealToContact))])]),
            ])]),
        ])
    }

    /// What the mapping page shows: the bodies of the calls, in order.
    static func preview(_ job: DeliveryJob) -> JSONValue {
        let config = job.integration.config
        var calls: [String: JSONValue] = [
            "1. contact (POST \(objects("contacts", config))/batch/upsert)":
                upsert(job.payload, sources: job.sources) ?? .string("aucun envoi : l’inscription n’a pas d’e-mail"),
        ]
        if let deal = deal(job.payload, sources: job.sources, contactID: "<id du contact>") {
            calls["2. deal (POST \(objects("deals", config)))"] = deal
        }
        return .object(calls)
    }

    func deliver(_ job: DeliveryJob) async -> DeliveryAttempt {
        let config = job.integration.config
        guard let body = HubSpotChannel.upsert(job.payload, sources: job.sources) else {
            return SalesforceAuth.refused("HubSpot identifie le contact par son e-mail : cette inscription n’en a pas, rien n’a été envoyé.")
        }
        var steps = DeliverySteps()
        let contact = await exchange.send(request(config, "POST", HubSpotChannel.objects("contacts", config) + "/batch/upsert", body: body)) {
            HubSpotChannel.interpretUpsert($0)
        }
        steps.add("contact", contact.attempt)
        guard contact.attempt.outcome.isSuccess, let result = HubSpotChannel.firstResult(contact.response?.body ?? []), let id = result["id"],
              let dealBody = HubSpotChannel.deal(job.payload, sources: job.sources, contactID: id) else {
            return steps.attempt()
        }
        let contactMessage = contact.attempt.outcome.message
        let deal = await exchange.send(request(config, "POST", HubSpotChannel.objects("deals", config), body: dealBody)) { response in
            if (200..<300).contains(response.status) {
                return .delivered("\(contactMessage) Transaction \(JSONValue.parse(response.body)?["id"]?.text ?? "?") créée et associée au contact.")
            }
            return HubSpotChannel.validationFailure(response)
        }
        steps.add("deal", deal.attempt)
        return steps.attempt()
    }

    static func firstResult(_ body: [UInt8]) -> JSONValue? {
        guard case .array(let results)? = JSONValue.parse(body)?["results"] else { return nil }
        return results.first
    }

    /// 200 (or 207 with per-input errors): whether the contact is new stays in the message.
    static func interpretUpsert(_ response: OutboundResponse) -> DeliveryOutcome? {
        guard (200..<300).contains(response.status) else { return validationFailure(response) }
        guard let result = firstResult(response.body), let id = result["id"]?.text else {
            let error: String
            if case .array(let errors)? = JSONValue.parse(response.body)?["errors"], let first = errors.first {
                error = first["message"]?.text ?? first.encodedString()
            } else {
                error = "réponse sans résultat"
            }
            return .fail("HubSpot n’a pas enregistré le contact : \(error)")
        }
        return result["new"] == .bool(true)
            ? .delivered("Contact HubSpot créé (id \(id), nouveau contact).")
            : .delivered("Contact HubSpot existant mis à jour (id \(id)).")
    }

    /// A 400 `VALIDATION_ERROR` is permanent: the same properties will be refused again. Its body
    /// is `{"status": "error", "category": "VALIDATION_ERROR", "message": "Property values were not
    /// valid: [{\"isValid\":false,\"message\":\"Property \\\"x\\\" does not exist\",\"error\":
    /// \"PROPERTY_DOESNT_EXIST\",\"name\":\"x\"}]", "errors"?: [{"message", "code", "context":
    /// {"propertyName": ["x"]}}]}` (developers.hubspot.com, "Error handling"; API reference error
    /// schema): the property at fault is read from `errors[].context.propertyName`, else from
    /// the JSON inside `message`.
    static func validationFailure(_ response: OutboundResponse) -> DeliveryOutcome? {
        guard response.status == 400, let body = JSONValue.parse(response.body), body["category"]?.text == "VALIDATION_ERROR" else { return nil }
        let message = body["message"]?.text ?? ""
        var property: String?
        var detail = message
        if case .array(let errors)? = body["errors"] {
            for error in errors {
                let name = error["context"]?["propertyName"]
                if case .array(let names)? = name, let first = names.first?.text { property = first }
                else if let text = name?.text { property = text }
                if property != nil { detail = error["message"]?.text ?? message; break }
            }
        }
        if property == nil, let open = message.firstIndex(of: "["),
           case .array(let problems)? = JSONValue.parse(Array(message[open...].utf8)), let first = problems.first {
            property = first["name"]?.text
            detail = [first["error"]?.text, first["message"]?.text].compactMap { $0 }.joined(separator: " : ")
        }
        guard let property, !property.isEmpty else {
            return .fail("HubSpot refuse les valeurs envoyées (VALIDATION_ERROR) : \(message) Corrigez la correspondance ; l’envoi n’est pas réessayé.")
        }
        return .fail("HubSpot refuse la propriété « \(property) » (\(detail)). Créez-la dans HubSpot ou corrigez la correspondance de la formation ; l’envoi n’est pas réessayé.")
    }

    /// Lists the contact properties (`GET /crm/properties/{version}/contacts`, answered
    /// `{"results": [{"name", "label", "type", "hidden", "modificationMetadata": {"readOnlyValue"}…}]}`,
    /// developers.hubspot.com "Properties API") and caches the writable names on the integration
    /// for the mapping page's suggestions.
    func test(_ integration: CRMIntegration) async -> DeliveryAttempt {
        let config = integration.config
        let version = HubSpotChannel.version(config)
        var result = await exchange.send(request(config, "GET", HubSpotChannel.properties("contacts", config))) { response in
            guard (200..<300).contains(response.status) else { return nil }
            return .delivered("Connexion HubSpot réussie (API \(version)).")
        }
        guard result.attempt.outcome.isSuccess else { return result.attempt }
        let names = HubSpotChannel.writableNames(result.response?.body ?? [])
        let id = integration.id
        if let database, !names.isEmpty, (try? await database.run({ try $0.crmIntegrations.recordPropertyNames(id, names) })) != nil {
            result.attempt.outcome = .delivered("Connexion HubSpot réussie (API \(version)) : \(names.count) propriétés de contact lues, proposées sur la page des correspondances.")
        }
        return result.attempt
    }

    static func writableNames(_ body: [UInt8]) -> [String] {
        guard case .array(let results)? = JSONValue.parse(body)?["results"] else { return [] }
        let names = results.compactMap { property -> String? in
            guard property["hidden"] != .bool(true), property["modificationMetadata"]?["readOnlyValue"] != .bool(true) else { return nil }
            return property["name"]?.text.flatMap { FieldMapping.isValidPath($0) ? $0 : nil }
        }
        return Array(Set(names)).sorted().prefix(2_000).map { $0 }
    }
}
