import Foundation

/// The target paths the mapping page suggests for an integration: the one place that knows
/// what each provider accepts.
enum CRMTargets {
    /// HubSpot: the contact property names cached by the last connection test (the portal's own,
    /// custom ones included), or the default contact properties until a test ran; then the deal
    /// targets. Salesforce: the standard Lead fields. Pipedrive: the person and lead fields of
    /// the channel. Webhook and e-mail take any path: nothing to suggest.
    static func suggestedTargets(for integration: CRMIntegration) -> [String] {
        switch integration.kind {
        case .webhook, .email: []
        case .hubspot: (integration.propertyNames ?? hubSpotContactDefaults) + hubSpotDeal
        case .salesforce: salesforceLead
        case .pipedrive: pipedrive
        }
    }

    static let hubSpotContactDefaults = [
        "email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle", "website", "city", "country",
        "lifecyclestage", "hs_lead_status", "message",
    ]

    static let hubSpotDeal = ["deal.dealname", "deal.pipeline", "deal.dealstage", "deal.amount", "deal.closedate", "deal.description"]

    /// Standard Lead fields that an API user can write (Object Reference, "Lead").
    static let salesforceLead = [
        "FirstName", "LastName", "Salutation", "Email", "Phone", "MobilePhone", "Company", "Title", "Industry", "Website",
        "LeadSource", "Status", "Rating", "Description", "Street", "City", "PostalCode", "State", "Country",
        "NumberOfEmployees", "AnnualRevenue", "HasOptedOutOfEmail",
    ]

    /// `person.email`/`person.phone` become Pipedrive's arrays (see `PipedriveChannel.person`).
    static let pipedrive = [
        "person.name", "person.email", "person.phone", "person.first_name", "person.last_name", "person.org_id", "person.owner_id",
        "lead.title", "lead.value.amount", "lead.value.currency", "lead.expected_close_date", "lead.owner_id", "lead.label_ids",
    ]
}
