import Foundation
import Outbound

/// Salesforce REST: a Lead sObject (`POST {My Domain}/services/data/vNN.N/sobjects/Lead/`, Bearer
/// token from `SalesforceAuth`). `LastName` and `Company` are required by Salesforce: when the
/// mapping leaves them empty they are filled from the name and company (falling back to the
/// e-mail, then fixed words), so an enrollment without a company still becomes a lead.
///
/// Duplicate rules: an org whose rule blocks a duplicate lead answers 400 with
/// `[{"errorCode": "DUPLICATES_DETECTED", "message": …, "duplicateResult": {"matchResults":
/// [{"entityType": "Lead", "matchRecords": [{"record": {"attributes": {"type": "Lead"}, "Id": …}}]}]}}]`
/// (SOAP API Developer Guide: DuplicateError, DuplicateResult, MatchResult, MatchRecord; REST API
/// Developer Guide: "Sforce-Duplicate-Rule-Header"). The existing lead is then updated with the
/// mapped values (`PATCH …/sobjects/Lead/{id}`, answered 204 No Content: REST API Developer Guide,
/// "Update a Record") and the delivery counts as delivered: a returning visitor's details stay
/// current instead of the delivery failing forever.
struct SalesforceChannel: CRMChannel {
    let exchange: HTTPExchange
    let auth: SalesforceAuth
    /// Spring '26 (REST API Developer Guide, version selector: "Spring '26 (API version 66.0)").
    static let defaultVersion = "v66.0"

    static func version(_ config: CRMConfig) -> String {
        guard let version = config.api_version?.trimmingCharacters(in: .whitespaces), !version.isEmpty else { return defaultVersion }
        return version.hasPrefix("v") ? version : "v" + version
    }

    static func lead(_ payload: JSONValue, sources: CRMSources) -> JSONValue {
        var lead = payload
        func filled(_ key: String) -> Bool { lead[key]?.text.map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? false }
        let candidates = { (keys: [String]) in keys.compactMap { sources.values[$0]?.text }.first { !$0.isEmpty } }
        if !filled("LastName") { lead.set(.string(candidates(["last_name", "full_name", "email"]) ?? "Inconnu"), at: ["LastName"]) }
        if !filled("Company") { lead.set(.string(candidates(["company", "full_name"]) ?? "Particulier"), at: ["Company"]) }
        return lead
    }

    /// The matched lead's id in a `DUPLICATES_DETECTED` answer (the first Lead among the matches).
    static func duplicateLeadID(_ body: [UInt8]) -> String? {
        guard case .array(let errors)? = JSONValue.parse(body) else { return nil }
        for error in errors where error["errorCode"]?.text == "DUPLICATES_DETECTED" {
            guard case .array(let results)? = error["duplicateResult"]?["matchResults"] else { continue }
            for result in results {
                guard case .array(let records)? = result["matchRecords"] else { continue }
                for match in records {
                    let type = match["record"]?["attributes"]?["type"]?.text ?? result["entityType"]?.text
                    if type == "Lead", let id = match["record"]?["Id"]?.text, !id.isEmpty { return id }
                }
            }
        }
        return nil
    }

    private func request(_ config: CRMConfig, token: String, _ method: String, _ path: String, body: JSONValue? = nil) -> LoggedHTTPCall {
        .jsonAPI(config, auth: OutboundHeader("Authorization", "Bearer \(token)"), method,
                 (CRMConfig.origin(of: config.instance_url) ?? "") + path, body: body)
    }

    /// What every Salesforce answer may mean beyond the general rules.
    static func interpretCommon(_ response: OutboundResponse, refreshable: Bool) -> DeliveryOutcome? {
        let text = String(decoding: response.body.prefix(2_000), as: UTF8.self)
        // The daily API limit is a 403 REQUEST_LIMIT_EXCEEDED: temporary, unlike other 403s.
        if response.status == 403, text.contains("REQUEST_LIMIT_EXCEEDED") {
            return .retry("Salesforce : limite quotidienne d’appels API atteinte.", after: .seconds(3_600))
        }
        if response.status == 401 {
            return .fail(refreshable
                ? "Salesforce refuse aussi le nouveau jeton (HTTP 401 INVALID_SESSION_ID) : vérifiez l’utilisateur d’exécution et les autorisations de l’External Client App."
                : "Salesforce refuse le jeton d’accès (HTTP 401 INVALID_SESSION_ID) : il a expiré ou a été révoqué. Passez au flux client credentials (client_id, client_secret) ou collez un nouveau jeton.")
        }
        return nil
    }

    /// One authenticated call. On a 401 with a token of the client credentials flow, a new token
    /// is fetched once and the call sent once more. nil: no token could be had (the token step
    /// in `steps` says why).
    func call(_ integration: CRMIntegration, _ name: String, _ method: String, _ path: String, body: JSONValue? = nil,
              steps: inout DeliverySteps, interpret: @escaping @Sendable (OutboundResponse) -> DeliveryOutcome? = { _ in nil }) async -> HTTPExchange.Result? {
        let config = integration.config
        var credential = await auth.credential(for: integration)
        if let step = credential.step { steps.add("token", step) }
        guard let token = credential.token else { return nil }
        let refreshable = credential.refreshable
        let interpreting: @Sendable (OutboundResponse) -> DeliveryOutcome? = { interpret($0) ?? SalesforceChannel.interpretCommon($0, refreshable: refreshable) }
        var result = await exchange.send(request(config, token: token, method, path, body: body), interpret: interpreting)
        steps.add(name, result.attempt)
        guard result.response?.status == 401, credential.refreshable else { return result }
        credential = await auth.credential(for: integration, rejected: token)
        if let step = credential.step { steps.add("token", step) }
        guard let fresh = credential.token else { return nil }
        result = await exchange.send(request(config, token: fresh, method, path, body: body), interpret: interpreting)
        steps.add(name, result.attempt)
        return result
    }

    func deliver(_ job: DeliveryJob) async -> DeliveryAttempt {
        let integration = job.integration
        let sobjects = "/services/data/\(SalesforceChannel.version(integration.config))/sobjects/Lead/"
        var steps = DeliverySteps()
        let created = await call(integration, "create", "POST", sobjects, body: SalesforceChannel.lead(job.payload, sources: job.sources), steps: &steps) { response in
            guard (200..<300).contains(response.status) else { return nil }
            return .delivered("Lead Salesforce créé (id \(JSONValue.parse(response.body)?["id"]?.text ?? "?")).")
        }
        guard let created, created.response?.status == 400, let existing = SalesforceChannel.duplicateLeadID(created.response?.body ?? []) else {
            return steps.attempt()
        }
        // Only the mapped values: the LastName/Company fallbacks must not overwrite real ones.
        _ = await call(integration, "update", "PATCH", sobjects + existing, body: job.payload, steps: &steps) { response in
            (200..<300).contains(response.status) ? .delivered("Salesforce : doublon : fiche existante mise à jour (Lead \(existing)).") : nil
        }
        return steps.attempt()
    }

    /// The versions the org offers (`GET /services/data/`: `[{"label": "Spring '26", "url":
    /// "/services/data/v66.0", "version": "66.0"}, …]`, REST API Developer Guide, "List Available
    /// REST API Versions"), then the token on the chosen version's root (`GET /services/data/vNN.N/`).
    func test(_ integration: CRMIntegration) async -> DeliveryAttempt {
        let version = SalesforceChannel.version(integration.config)
        var steps = DeliverySteps()
        guard let listed = await call(integration, "versions", "GET", "/services/data/", steps: &steps) else { return steps.attempt() }
        guard listed.attempt.outcome.isSuccess else { return steps.attempt() }
        var offered: [String] = []
        if case .array(let items)? = listed.response.flatMap({ JSONValue.parse($0.body) }) {
            offered = items.compactMap { $0["version"]?.text }.map { $0.hasPrefix("v") ? $0 : "v" + $0 }
        }
        let list = offered.isEmpty ? "(aucune)" : offered.joined(separator: ", ")
        guard offered.contains(version) else {
            return steps.attempt(outcome: .fail("Salesforce n’offre pas la version choisie \(version) dans cette organisation. Versions offertes : \(list). Choisissez-en une."))
        }
        guard let checked = await call(integration, "version", "GET", "/services/data/\(version)/", steps: &steps),
              checked.attempt.outcome.isSuccess else { return steps.attempt() }
        let flow = SalesforceAuth.usesClientCredentials(integration.config) ? "client credentials" : "jeton statique"
        return steps.attempt(outcome: .delivered(
            "Connexion Salesforce réussie (\(flow)) avec la version choisie \(version), offerte par l’organisation. Versions offertes : \(list)."))
    }
}
