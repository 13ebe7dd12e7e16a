import Crypto
import Foundation
import Outbound

/// Generic webhook: the mapped payload as JSON, the configured headers, `Idempotency-Key`, and
/// the Standard Webhooks signature headers when a signing secret is set. A 410 Gone switches
/// the integration off.
struct WebhookChannel: CRMChannel {
    let exchange: HTTPExchange

    /// The mapped payload with `type: "enrollment.created"` (unless the mapping sets a `type`).
    func deliver(_ job: DeliveryJob) async -> DeliveryAttempt {
        var payload = job.payload
        if case .object(let fields) = payload, fields["type"] == nil { payload.set(.string(DeliveryEvent.createdName), at: ["type"[...]]) }
        return await send(job.integration, messageID: job.logID.lowercasedString, body: payload.encoded())
    }

    /// `enrollment.status_changed`: the same enrollment id, the new status, and who it is about.
    func deliverStatusChange(_ job: DeliveryJob, to status: EnrollmentStatus) async -> DeliveryAttempt {
        let values = job.sources.values
        let event = JSONValue.object([
            "type": .string(DeliveryEvent.statusChangedName), "enrollment_id": values["enrollment_id"] ?? .null,
            "status": .string(status.rawValue), "status_label": .string(status.label),
            "email": values["email"] ?? .null, "full_name": values["full_name"] ?? .null, "course_title": values["course_title"] ?? .null,
            "changed_at": .string(CRMSources.iso8601(Date())),
        ])
        return await send(job.integration, messageID: job.logID.lowercasedString, body: event.encoded())
    }

    func test(_ integration: CRMIntegration) async -> DeliveryAttempt {
        let event = JSONValue.object([
            "type": "test", "test": .bool(true), "integration": .string(integration.name),
            "message": "Test de connexion depuis BCOS : cet événement n’est pas une inscription.",
            "sent_at": .string(CRMSources.iso8601(Date())),
        ])
        return await send(integration, messageID: "test_" + UUID().uuidString.lowercased(), body: event.encoded())
    }

    private func send(_ integration: CRMIntegration, messageID: String, body: [UInt8]) async -> DeliveryAttempt {
        let config = integration.config
        var headers = [OutboundHeader("Content-Type", "application/json"), OutboundHeader("User-Agent", "BCOS-CRM/1.0")]
        for (name, value) in (config.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            let lower = name.lowercased()
            guard !["content-type", "content-length", "host", "idempotency-key"].contains(lower), !lower.hasPrefix("webhook-") else { continue }
            headers.append(OutboundHeader(name, value))
        }
        headers.append(OutboundHeader("Idempotency-Key", messageID))
        if let secret = config.signing_secret, !secret.isEmpty {
            let timestamp = Int(Date().timeIntervalSince1970)
            headers.append(OutboundHeader("webhook-id", messageID))
            headers.append(OutboundHeader("webhook-timestamp", String(timestamp)))
            headers.append(OutboundHeader("webhook-signature", StandardWebhooks.signature(secret: secret, id: messageID, timestamp: timestamp, body: body)))
        }
        let request = OutboundRequest(
            method: (config.method ?? .POST).rawValue, url: config.endpoint ?? "", headers: headers, body: body,
            timeout: config.timeoutDuration, connectTimeout: min(.seconds(10), config.timeoutDuration), maxResponseBytes: 256 * 1024)
        let secretHeaders = Set((config.headers ?? [:]).keys.filter { config.isSecret(header: $0) }.map { $0.lowercased() })
        let call = LoggedHTTPCall(request: request, secrets: config.secretValues, secretHeaders: secretHeaders)
        let result = await exchange.send(call) { response in
            response.status == 410 ? .gone("HTTP 410 Gone : le destinataire a supprimé ce webhook ; l’intégration a été désactivée.") : nil
        }
        return result.attempt
    }
}

/// https://www.standardwebhooks.com: `v1,` + base64(HMAC-SHA256(key, "id.timestamp.body")).
/// A `whsec_` secret carries its key in base64; any other secret is used as its UTF-8 bytes.
enum StandardWebhooks {
    static func key(from secret: String) -> SymmetricKey {
        if secret.hasPrefix("whsec_"), let data = Data(base64Encoded: String(secret.dropFirst(6))) { return SymmetricKey(data: data) }
        return SymmetricKey(data: Data(secret.utf8))
    }

    static func signature(secret: String, id: String, timestamp: Int, body: [UInt8]) -> String {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: key(from: secret))
        return "v1," + Data(mac).base64EncodedString()
    }
}
