import Foundation
import Outbound

/// How one attempt ended, which decides what the worker does next.
enum DeliveryOutcome: Sendable, Equatable {
    /// Accepted by the receiver; the text says what it answered (an id, a status).
    case delivered(String)
    /// A temporary failure: try again later (at `after` when the receiver said when).
    case retry(String, after: Duration?)
    /// A permanent failure: retrying the same request cannot help (4xx, bad configuration).
    case fail(String)
    /// The receiver says it is gone for good (webhook 410): fail and switch the integration off.
    case gone(String)

    var isSuccess: Bool { if case .delivered = self { true } else { false } }

    var message: String {
        switch self {
        case .delivered(let text), .retry(let text, _), .fail(let text), .gone(let text): text
        }
    }
}

/// What one attempt sent and received, as stored in `crm_logs.request_data`/`response_data`:
/// secrets redacted, bodies cut at 10 KB.
struct DeliveryAttempt: Sendable {
    var request: JSONValue
    var response: JSONValue?
    var responseStatus: Int?
    var outcome: DeliveryOutcome

    static let bodyLimit = 10 * 1024
}

/// One HTTP call of a channel, logged the same way for every provider.
struct LoggedHTTPCall: Sendable {
    var request: OutboundRequest
    var secrets: [String]
    /// Lower-cased names of headers logged as `[redacted]` whatever their value (the admin's
    /// "secret" headers); credential-looking names are redacted too.
    var secretHeaders: Set<String> = []

    /// `{"method", "url", "headers", "body"}` with credentials replaced by `[redacted]`.
    var logged: JSONValue {
        var headers: [String: JSONValue] = [:]
        for header in request.headers {
            let secret = CRMConfig.isSecretHeader(header.name) || secretHeaders.contains(header.name.lowercased())
                || header.name.lowercased() == "webhook-signature"
            headers[header.name] = .string(secret ? "[redacted]" : Redaction.scrub(header.value, secrets: secrets))
        }
        let bodyText = Redaction.scrub(String(decoding: request.body.prefix(DeliveryAttempt.bodyLimit), as: UTF8.self), secrets: secrets)
        return .object([
            "method": .string(request.method), "url": .string(Redaction.scrub(request.url, secrets: secrets)),
            "headers": .object(headers), "body": JSONValue.parse(Array(bodyText.utf8)) ?? .string(bodyText),
        ])
    }
}

extension LoggedHTTPCall {
    /// A JSON API call of a provider: its auth header, `Accept`/`Content-Type` JSON, the
    /// integration's timeout (connect at most 10 s), its secrets redacted in the log.
    static func jsonAPI(_ config: CRMConfig, auth: OutboundHeader, _ method: String, _ url: String, body: JSONValue? = nil) -> LoggedHTTPCall {
        var headers = [auth, OutboundHeader("Accept", "application/json")]
        if body != nil { headers.append(OutboundHeader("Content-Type", "application/json")) }
        return LoggedHTTPCall(
            request: OutboundRequest(
                method: method, url: url, headers: headers, body: body?.encoded() ?? [],
                timeout: config.timeoutDuration, connectTimeout: min(.seconds(10), config.timeoutDuration)),
            secrets: config.secretValues)
    }
}
