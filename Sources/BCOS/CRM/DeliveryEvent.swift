import Foundation

/// What a delivery announces (`crm_logs.event`): the enrollment itself, or a later change of its
/// status made in the back office. Webhook payloads carry it as `type`.
enum DeliveryEvent: Sendable, Equatable {
    case created
    case statusChanged(to: EnrollmentStatus)

    static let createdName = "enrollment.created"
    static let statusChangedName = "enrollment.status_changed"

    var name: String {
        switch self {
        case .created: DeliveryEvent.createdName
        case .statusChanged: DeliveryEvent.statusChangedName
        }
    }

    /// From a claimed row. A status change whose data cannot be read is nil: the delivery fails
    /// with a message rather than guessing a status.
    init?(name: String, data: JSONValue?) {
        switch name {
        case DeliveryEvent.createdName: self = .created
        case DeliveryEvent.statusChangedName:
            guard let status = data?["status"]?.text.flatMap(EnrollmentStatus.init(rawValue:)) else { return nil }
            self = .statusChanged(to: status)
        default: return nil
        }
    }

    /// `event_data` stored for a status change.
    static func statusData(_ status: EnrollmentStatus, previous: String?) -> JSONValue {
        .object(["status": .string(status.rawValue), "previous_status": previous.map(JSONValue.string) ?? .null])
    }
}
