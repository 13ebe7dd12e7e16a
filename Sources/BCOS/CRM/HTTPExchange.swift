import Foundation
import HTTPServer
import Outbound

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
            // A refused internal address will be refused again: fail now, with the reason.
            case .invalidURL, .protocolNotAllowed, .invalidHeader, .invalidMethod, .addressRefused: permanent = true
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
        // The server's one HTTP-date parser (the same that reads If-Modified-Since).
        guard let date = HTTPDate.parse(value) else { return nil }
        return .seconds(Int(min(max(0, date.timeIntervalSinceNow.rounded(.up)), 86_400)))
    }
}
