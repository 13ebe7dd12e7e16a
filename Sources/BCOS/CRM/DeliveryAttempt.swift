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

    /// `{"method", "url", "headers", "body"}` with credentials replaced by `[redacted]`.
    var logged: JSONValue {
        var headers: [String: JSONValue] = [:]
        for header in request.headers {
            let secret = CRMConfig.isSecretHeader(header.name) || header.name.lowercased() == "webhook-signature"
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

enum Redaction {
    /// Replaces every occurrence of a secret (a token echoed in an error body, say) in `text`.
    static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 { out = out.replacingOccurrences(of: secret, with: "[redacted]") }
        return out
    }
}

/// Sends HTTP requests for the channels and turns answers into outcomes with the rules of
/// DESIGN.md: 2xx success; 3xx failure (redirects are not followed); 408/409/425/429 and 5xx
/// retried (honouring `Retry-After` on 429/503); other 4xx fail at once.
struct HTTPExchange: Sendable {
    let client: HTTPClient

    struct Result: Sendable {
        var response: OutboundResponse?
        var attempt: DeliveryAttempt
    }

    func send(_ call: LoggedHTTPCall, interpret: @Sendable (OutboundResponse) -> DeliveryOutcome? = { _ in nil }) async -> Result {
        do {
            let response = try await client.send(call.request)
            let body = Redaction.scrub(String(decoding: response.body.prefix(DeliveryAttempt.bodyLimit), as: UTF8.self), secrets: call.secrets)
            let logged = JSONValue.object([
                "status": .number(Double(response.status)),
                "body": JSONValue.parse(Array(body.utf8)) ?? .string(body),
            ])
            let outcome = interpret(response) ?? HTTPExchange.classify(response, secrets: call.secrets)
            return Result(response: response, attempt: DeliveryAttempt(request: call.logged, response: logged, responseStatus: response.status, outcome: outcome))
        } catch OutboundError.timedOut {
            return Result(response: nil, attempt: DeliveryAttempt(
                request: call.logged, response: nil, responseStatus: nil,
                outcome: .retry("Délai dépassé : pas de réponse en \(call.request.timeout.shortDescription).", after: nil)))
        } catch let error as OutboundError {
            let permanent: Bool
            switch error {
            case .invalidURL, .protocolNotAllowed, .invalidHeader, .invalidMethod: permanent = true
            default: permanent = false
            }
            let text = Redaction.scrub(error.adminMessage, secrets: call.secrets)
            return Result(response: nil, attempt: DeliveryAttempt(
                request: call.logged, response: nil, responseStatus: nil, outcome: permanent ? .fail(text) : .retry(text, after: nil)))
        } catch {
            // Cancellation (shutdown): reported as a retry; the worker does not record it.
            return Result(response: nil, attempt: DeliveryAttempt(request: call.logged, response: nil, responseStatus: nil, outcome: .retry("\(error)", after: nil)))
        }
    }

    static func classify(_ response: OutboundResponse, secrets: [String]) -> DeliveryOutcome {
        let status = response.status
        let detail = Redaction.scrub(String(decoding: response.body.prefix(300), as: UTF8.self), secrets: secrets)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        let suffix = detail.isEmpty ? "" : " : \(detail)"
        switch status {
        case 200..<300:
            return .delivered("HTTP \(status)")
        case 300..<400:
            return .fail("HTTP \(status) : redirection vers « \(response.header("location") ?? "?") » non suivie ; corrigez l’adresse.")
        case 408, 409, 425, 429:
            return .retry("HTTP \(status)\(suffix)", after: status == 429 ? retryAfter(response) : nil)
        case 400..<500:
            return .fail("HTTP \(status)\(suffix)")
        default:
            return .retry("HTTP \(status)\(suffix)", after: status == 503 ? retryAfter(response) : nil)
        }
    }

    /// `Retry-After` in seconds or as an HTTP date, capped at one day.
    static func retryAfter(_ response: OutboundResponse) -> Duration? {
        guard let value = response.header("retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Int(value), seconds >= 0 { return .seconds(min(seconds, 86_400)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .seconds(min(max(0, Int(date.timeIntervalSinceNow.rounded(.up))), 86_400))
    }
}

extension OutboundError {
    /// What an admin reads in the CRM log and on the integrations page, in French like the rest of
    /// the back office (`description` stays English for the server logs).
    var adminMessage: String {
        switch self {
        case .timedOut: "Délai dépassé : le destinataire n’a pas répondu à temps."
        case .connectionFailed(let detail): "Connexion impossible : \(detail)"
        case .tlsFailed(let detail): "Échec TLS (certificat ou chiffrement) : \(detail)"
        case .responseTooLarge(let limit): "Réponse trop volumineuse (plus de \(limit) octets) : interrompue."
        case .invalidURL(let url): "Adresse refusée : \(url)"
        case .protocolNotAllowed(let scheme): "Protocole « \(scheme) » refusé : seuls http et https sont permis."
        case .invalidHeader(let name): "En-tête invalide : \(name)"
        case .invalidMethod(let method): "Méthode refusée : \(method)"
        case .invalidMailAddress(let address): "Adresse e-mail invalide : \(address)"
        case .missingRecipients: "Aucun destinataire."
        case .invalidMailServer(let detail): "Serveur SMTP invalide : \(detail)"
        case .authenticationFailed(let detail): "Authentification SMTP refusée : \(detail)"
        case .transport(let code, let message): "Échec de l’envoi (libcurl \(code)) : \(message)"
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// `30 s`, `1.5 s`: for messages.
    var shortDescription: String {
        seconds.rounded() == seconds ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
