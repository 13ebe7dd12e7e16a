import Foundation

/// One enrollment to deliver to one integration.
struct DeliveryJob: Sendable {
    var logID: UUID
    var integration: CRMIntegration
    /// Built from the course's field mapping (or the provider's default one).
    var payload: JSONValue
    var sources: CRMSources
    /// What the previous attempt of this row got back (a two-step provider resumes from it).
    var previousResponse: JSONValue?
}

/// A way of delivering to a CRM. The same channel serves deliveries, retries and "test
/// connection", so a passing test means deliveries use the same transport and credentials.
protocol CRMChannel: Sendable {
    func deliver(_ job: DeliveryJob) async -> DeliveryAttempt
    /// A harmless authenticated call (or a test event marked as such).
    func test(_ integration: CRMIntegration) async -> DeliveryAttempt
}

extension CRMConfig {
    /// `scheme://host[:port]` of an overridable base URL (tests point providers at local fakes).
    static func origin(of url: String?) -> String? {
        guard let url, let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}
