import Foundation

/// The calls of one delivery that takes several (a token, then the record; a contact, then its
/// deal), kept on record under their names so the log shows each request and answer. The last
/// call's outcome is the delivery's unless the channel says otherwise.
struct DeliverySteps: Sendable {
    private(set) var steps: [(name: String, attempt: DeliveryAttempt)] = []

    mutating func add(_ name: String, _ attempt: DeliveryAttempt) {
        var unique = name
        var n = 2
        while steps.contains(where: { $0.name == unique }) {
            unique = "\(name) \(n)"
            n += 1
        }
        steps.append((unique, attempt))
    }

    var last: DeliveryAttempt? { steps.last?.attempt }

    /// One step is logged as it is; several as `{"<name>": …}` objects in request and response.
    func attempt(outcome: DeliveryOutcome? = nil) -> DeliveryAttempt {
        guard var final = steps.last?.attempt else {
            return DeliveryAttempt(request: .null, response: nil, responseStatus: nil, outcome: outcome ?? .fail("Rien n’a été envoyé."))
        }
        if steps.count > 1 {
            final.request = .object(Dictionary(uniqueKeysWithValues: steps.map { ($0.name, $0.attempt.request) }))
            final.response = .object(Dictionary(uniqueKeysWithValues: steps.map { ($0.name, $0.attempt.response ?? .null) }))
        }
        if let outcome { final.outcome = outcome }
        return final
    }
}
