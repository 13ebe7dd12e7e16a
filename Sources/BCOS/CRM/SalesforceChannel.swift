import Foundation
import Outbound

/// Salesforce REST: a Lead sObject (`POST /services/data/vNN.0/sobjects/Lead/`, Bearer token).
/// `LastName` and `Company` are required by Salesforce: when the mapping leaves them empty they
/// are filled from the name and company (falling back to the e-mail, then fixed words), so an
/// enrollment without a company still becomes a lead.
struct SalesforceChannel: CRMChannel {
    let exchange: HTTPExchange
    static let defaultVersion = "v62.0"

    private func request(_ config: CRMConfig, _ method: String, _ path: String, body: JSONValue? = nil) -> LoggedHTTPCall {
        .jsonAPI(config, auth: OutboundHeader("Authorization", "Bearer \(config.api_key ?? "")"), method,
                 (CRMConfig.origin(of: config.instance_url) ?? "") + path, body: body)
    }

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

    func deliver(_ job: DeliveryJob) async -> DeliveryAttempt {
        let config = job.integration.config
        let body = SalesforceChannel.lead(job.payload, sources: job.sources)
        return await exchange.send(request(config, "POST", "/services/data/\(SalesforceChannel.version(config))/sobjects/Lead/", body: body)) { response in
            if (200..<300).contains(response.status) {
                return .delivered("Lead Salesforce créé (id \(JSONValue.parse(response.body)?["id"]?.text ?? "?")).")
            }
            // The daily API limit is a 403 REQUEST_LIMIT_EXCEEDED: temporary, unlike other 403s.
            if response.status == 403, String(decoding: response.body, as: UTF8.self).contains("REQUEST_LIMIT_EXCEEDED") {
                return .retry("Salesforce : limite quotidienne d’appels API atteinte.", after: .seconds(3_600))
            }
            return nil
        }.attempt
    }

    func test(_ integration: CRMIntegration) async -> DeliveryAttempt {
        // The versions resource: authenticated, reads nothing.
        await exchange.send(request(integration.config, "GET", "/services/data/")).attempt
    }
}
