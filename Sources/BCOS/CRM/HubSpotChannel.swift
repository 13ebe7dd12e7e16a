import Foundation
import Outbound

/// HubSpot CRM v3 contacts with a private-app token (`Authorization: Bearer`).
///
/// The mapping's targets are contact property names (`firstname`, `email`, `jobtitle`…); they
/// are sent as `{"properties": {...}}`. A 409 "Contact already exists. Existing ID: N" is
/// handled deliberately: the existing contact is updated with the same properties
/// (`PATCH /crm/v3/objects/contacts/N`), so a returning visitor's details stay current and the
/// delivery succeeds instead of failing forever.
struct HubSpotChannel: CRMChannel {
    let exchange: HTTPExchange

    static func base(_ config: CRMConfig) -> String { CRMConfig.origin(of: config.endpoint) ?? "https://api.hubapi.com" }

    private func request(_ config: CRMConfig, _ method: String, _ path: String, body: JSONValue? = nil) -> LoggedHTTPCall {
        .jsonAPI(config, auth: OutboundHeader("Authorization", "Bearer \(config.api_key ?? "")"), method, HubSpotChannel.base(config) + path, body: body)
    }

    func deliver(_ job: DeliveryJob) async -> DeliveryAttempt {
        let config = job.integration.config
        let properties = JSONValue.object(["properties": job.payload])
        let created = await exchange.send(request(config, "POST", "/crm/v3/objects/contacts", body: properties)) { response in
            guard (200..<300).contains(response.status) else { return nil }
            return .delivered("Contact HubSpot créé (id \(JSONValue.parse(response.body)?["id"]?.text ?? "?")).")
        }
        guard created.response?.status == 409, let existing = HubSpotChannel.existingID(created.response?.body ?? []) else {
            return created.attempt
        }
        var updated = await exchange.send(request(config, "PATCH", "/crm/v3/objects/contacts/\(existing)", body: properties)) { response in
            (200..<300).contains(response.status) ? .delivered("Le contact HubSpot \(existing) existait déjà : mis à jour.") : nil
        }
        // Keep both calls on record.
        updated.attempt.request = .object(["create": created.attempt.request, "update": updated.attempt.request])
        updated.attempt.response = .object(["create": created.attempt.response ?? .null, "update": updated.attempt.response ?? .null])
        return updated.attempt
    }

    func test(_ integration: CRMIntegration) async -> DeliveryAttempt {
        await exchange.send(request(integration.config, "GET", "/crm/v3/objects/contacts?limit=1")).attempt
    }

    /// The id in HubSpot's 409 message: `Contact already exists. Existing ID: 37765128953`.
    static func existingID(_ body: [UInt8]) -> String? {
        guard let message = JSONValue.parse(body)?["message"]?.text, let range = message.range(of: "Existing ID: ") else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }
}
