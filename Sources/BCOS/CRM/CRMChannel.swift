import Foundation
import Outbound

/// One enrollment to deliver to one integration.
struct DeliveryJob: Sendable {
    var logID: UUID
    var integration: CRMIntegration
    /// Built from the course's field mapping (or the provider's default one).
    var payload: JSONValue
    var sources: CRMSources
    /// What the previous attempt of this row got back (a two-step provider resumes from it).
    var previousResponse: JSONValue?
    var event: DeliveryEvent = .created
}

/// A way of delivering to a CRM. The same channel serves deliveries, retries and "test
/// connection", so a passing test means deliveries use the same transport and credentials.
protocol CRMChannel: Sendable {
    func deliver(_ job: DeliveryJob) async -> DeliveryAttempt
    /// A harmless authenticated call (or a test event marked as such).
    func test(_ integration: CRMIntegration) async -> DeliveryAttempt
    /// `enrollment.status_changed`: update what `deliver` created. Channels without it are never
    /// sent status changes (`CRMLogRepository.enqueueStatusChange`).
    func deliverStatusChange(_ job: DeliveryJob, to status: EnrollmentStatus) async -> DeliveryAttempt
}

extension CRMChannel {
    func deliverStatusChange(_ job: DeliveryJob, to status: EnrollmentStatus) async -> DeliveryAttempt {
        DeliveryAttempt(request: .null, response: nil, responseStatus: nil,
                        outcome: .fail("Ce type d’intégration ne reçoit pas les changements de statut."))
    }
}

extension CRMConfig {
    /// `scheme://host[:port]` of an overridable base URL (tests point providers at local fakes),
    /// through Outbound's URL check: a percent-encoded or otherwise disguised host is refused, so
    /// an "origin only" setting can never smuggle a path (`127.0.0.1%2Flatest%2Fmeta-data…`).
    static func origin(of url: String?) -> String? {
        guard let url, let parts = try? OutboundURL.validate(url), !parts.host.isEmpty else { return nil }
        let host = parts.host.contains(":") && !parts.host.hasPrefix("[") ? "[\(parts.host)]" : parts.host
        return "\(parts.scheme)://\(host)" + (parts.port.map { ":\($0)" } ?? "")
    }
}
