import Foundation
import Outbound

/// The Salesforce access token of an integration.
///
/// With `client_id` and `client_secret` (an External Client App with the client credentials flow
/// enabled and a run-as user): `POST {My Domain}/services/oauth2/token` with
/// `grant_type=client_credentials&client_id=…&client_secret=…` (form-encoded), answered
/// `{"access_token", "signature", "scope", "instance_url", "id", "token_type": "Bearer", "issued_at"}`
/// or, on bad credentials, a 400 `{"error": "invalid_client", "error_description": …}`
/// (Salesforce Help, "OAuth 2.0 Client Credentials Flow for Server-to-Server Integration", and
/// "Migrate from OAuth Username-Password to Client Credentials Flow", 2026). The answer carries
/// no expiry: the token lives as long as the org's session timeout, so it is cached until
/// Salesforce refuses it with 401 `INVALID_SESSION_ID`, then replaced once.
///
/// The cache is `crm_access_tokens` in PostgreSQL (sealed), so every worker process shares one
/// token; a worker that gets a 401 first looks whether another one already replaced it. Every
/// call goes to the configured My Domain, never to the `instance_url` of the answer, so a
/// credential typed for one address is never sent to another.
///
/// Without `client_id`, the static `api_key` is the token (nothing to refresh).
struct SalesforceAuth: Sendable {
    let exchange: HTTPExchange
    /// nil in unit tests: no cache, a token is fetched for every call.
    let database: AppDatabase?

    struct Credential: Sendable {
        var token: String?
        /// From the client credentials flow: a 401 is worth one new token.
        var refreshable: Bool
        /// The token call, when one was made (kept in the log; its failure is the outcome).
        var step: DeliveryAttempt?
    }

    static func usesClientCredentials(_ config: CRMConfig) -> Bool {
        !(config.client_id?.trimmingCharacters(in: .whitespaces).isEmpty ?? true)
    }

    /// A token for this integration, other than `rejected` (the one Salesforce just refused).
    func credential(for integration: CRMIntegration, rejected: String? = nil) async -> Credential {
        let config = integration.config
        guard SalesforceAuth.usesClientCredentials(config), let clientID = config.client_id else {
            guard let key = config.api_key, !key.isEmpty else {
                return Credential(token: nil, refreshable: false, step: SalesforceAuth.refused(
                    "Salesforce : ni client_id et client_secret, ni jeton d’accès. Complétez l’intégration."))
            }
            return Credential(token: key, refreshable: false, step: nil)
        }
        guard let origin = CRMConfig.origin(of: config.instance_url) else {
            return Credential(token: nil, refreshable: true, step: SalesforceAuth.refused("Salesforce : adresse de l’instance (My Domain) invalide."))
        }
        let fingerprint = CRMAccessTokenRepository.fingerprint(origin: origin, clientID: clientID, clientSecret: config.client_secret ?? "")
        let id = integration.id
        // A read that fails (database briefly away) is a cache miss, not a failed delivery.
        if let database, let cached = try? await database.run({ try $0.crmAccessTokens.token(integrationID: id, fingerprint: fingerprint) }),
           cached != rejected {
            return Credential(token: cached, refreshable: true, step: nil)
        }
        let (token, step) = await fetch(config, origin: origin, clientID: clientID)
        if let token, let database {
            // Not stored (database away): this call still uses it; the next one fetches again.
            _ = try? await database.run { try $0.crmAccessTokens.store(integrationID: id, fingerprint: fingerprint, token: token) }
        }
        return Credential(token: token, refreshable: true, step: step)
    }

    /// The token call. Its log shows the request and answer with the secret and the token redacted.
    private func fetch(_ config: CRMConfig, origin: String, clientID: String) async -> (String?, DeliveryAttempt) {
        let secret = config.client_secret ?? ""
        let form = [("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", secret)]
            .map { "\($0.0)=\(SalesforceAuth.formEncoded($0.1))" }.joined(separator: "&")
        let call = LoggedHTTPCall(
            request: OutboundRequest(
                method: "POST", url: origin + "/services/oauth2/token",
                headers: [OutboundHeader("Content-Type", "application/x-www-form-urlencoded"), OutboundHeader("Accept", "application/json")],
                body: Array(form.utf8), timeout: config.timeoutDuration, connectTimeout: min(.seconds(10), config.timeoutDuration)),
            secrets: config.secretValues + [SalesforceAuth.formEncoded(secret)].filter { $0.count >= 4 })
        var result = await exchange.send(call) { response in
            let body = JSONValue.parse(response.body)
            if (200..<300).contains(response.status) {
                return body?["access_token"]?.text?.isEmpty == false
                    ? .delivered("Jeton Salesforce obtenu (client credentials).")
                    : .retry("Salesforce n’a pas renvoyé de jeton d’accès.", after: nil)
            }
            guard response.status == 400 || response.status == 401, let error = body?["error"]?.text else { return nil }
            let detail = body?["error_description"]?.text.map { " : \($0)" } ?? ""
            return .fail("Salesforce refuse les identifiants de l’application (\(error)\(detail)). Vérifiez client_id et client_secret de l’External Client App, que le flux « client credentials » y est activé et qu’un utilisateur d’exécution est choisi.")
        }
        let token = result.attempt.outcome.isSuccess ? result.response.flatMap { JSONValue.parse($0.body)?["access_token"]?.text } : nil
        for key in ["access_token", "signature"] where result.attempt.response?["body"]?[key] != nil {
            result.attempt.response?.set("[redacted]", at: ["body", Substring(key)])
        }
        return (token, result.attempt)
    }

    static func refused(_ reason: String) -> DeliveryAttempt {
        DeliveryAttempt(request: .null, response: nil, responseStatus: nil, outcome: .fail(reason))
    }

    /// ASCII letters and digits and `-._~` (`CharacterSet.alphanumerics` would let non-ASCII letters through).
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `application/x-www-form-urlencoded` value: everything but unreserved characters escaped.
    static func formEncoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }
}
