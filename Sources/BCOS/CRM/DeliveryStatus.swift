/// `crm_logs.status`, as the worker writes it.
enum DeliveryStatus: String, Sendable, CaseIterable {
    /// Waiting for its first attempt (or put back by a manual retry).
    case pending
    case success
    /// Failed; with `next_retry_at` set it will be retried, without it the worker gave up.
    case failed
}

/// The states an admin sees in the CRM journal: `failed` splits in two, by `next_retry_at`.
enum DeliveryState: String, Sendable, CaseIterable {
    case success, pending
    /// `failed` with a next attempt planned.
    case waiting
    /// `failed` with no next attempt: in the retry queue.
    case failed

    init(status: String, nextRetry: Bool) {
        switch DeliveryStatus(rawValue: status) {
        case .success: self = .success
        case .pending: self = .pending
        case .failed where nextRetry: self = .waiting
        default: self = .failed
        }
    }

    var label: String {
        switch self {
        case .success: "Réussi"
        case .pending: "En attente"
        case .waiting: "Nouvelle tentative prévue"
        case .failed: "Échec définitif"
        }
    }

    /// The CSS class of its badge.
    var badgeClass: String {
        switch self {
        case .success: "badge-ok"
        case .failed: "badge-error"
        case .pending, .waiting: ""
        }
    }
}

/// `crm_integrations.test_status`: how the last "Tester la connexion" ended.
enum ConnectionTestStatus: String, Sendable {
    case success, failed
}
