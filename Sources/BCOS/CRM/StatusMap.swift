/// Our enrollment statuses as HubSpot's `hs_lead_status` and Salesforce's Lead `Status` values,
/// from the integration's settings (`config.status_map`) or these defaults (the values both
/// CRMs ship with).
enum StatusMap {
    static let hubSpotDefaults: [EnrollmentStatus: String] = [
        .new: "NEW", .toConfirm: "OPEN", .confirmed: "CONNECTED", .cancelled: "UNQUALIFIED",
    ]
    static let salesforceDefaults: [EnrollmentStatus: String] = [
        .new: "Open - Not Contacted", .toConfirm: "Working - Contacted", .confirmed: "Closed - Converted", .cancelled: "Closed - Not Converted",
    ]

    static func defaults(_ kind: CRMKind) -> [EnrollmentStatus: String] {
        switch kind {
        case .hubspot: hubSpotDefaults
        case .salesforce: salesforceDefaults
        case .webhook, .email, .pipedrive: [:]
        }
    }

    /// The provider's value for `status`; empty settings fall back to the default.
    static func value(_ status: EnrollmentStatus, for integration: CRMIntegration) -> String? {
        if let chosen = integration.config.status_map?[status.rawValue]?.trimmingCharacters(in: .whitespaces), !chosen.isEmpty { return chosen }
        return defaults(integration.kind)[status]
    }
}
