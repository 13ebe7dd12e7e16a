import Crypto
import Foundation
import Postgres

/// SQL for `crm_access_tokens`: the Salesforce access token of each integration, cached in
/// PostgreSQL so that every worker process shares one token instead of each asking Salesforce for
/// its own. Tokens are sealed with `SecretBox`; one issued for other credentials (another My
/// Domain, client_id or client_secret) is ignored, so changing them in the form takes effect at once.
struct CRMAccessTokenRepository {
    let connection: PostgresConnection
    let box: SecretBox

    /// What identifies the credentials a token was issued for, without storing them again.
    static func fingerprint(origin: String, clientID: String, clientSecret: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data("\(origin)\n\(clientID)\n\(clientSecret)".utf8)))
    }

    /// The cached token for these credentials, if any (nil also when sealed under another SECRET_KEY).
    func token(integrationID: UUID, fingerprint: String) throws -> String? {
        let row = try connection.query(
            prepared: "SELECT access_token FROM crm_access_tokens WHERE crm_integration_id = $1 AND credential_fingerprint = $2",
            [integrationID, fingerprint]).first
        guard let sealed = try row?.decode("access_token", as: String.self), let token = box.open(sealed), !token.isEmpty else { return nil }
        return token
    }

    func store(integrationID: UUID, fingerprint: String, token: String) throws {
        try connection.query("""
            INSERT INTO crm_access_tokens (crm_integration_id, credential_fingerprint, access_token, issued_at) VALUES ($1, $2, $3, NOW())
            ON CONFLICT (crm_integration_id) DO UPDATE
              SET credential_fingerprint = EXCLUDED.credential_fingerprint, access_token = EXCLUDED.access_token, issued_at = NOW()
            """, [integrationID, fingerprint, box.seal(token)])
    }
}
