/// What a mapping can target, per provider: suggestions for the mapping page's target inputs, and
/// the fields each provider refuses to do without.
enum MappingTargets {
    /// Suggested target names. HubSpot's come from the account when the connection test fetched
    /// them (`CRMConfig.property_names`), else the usual contact properties.
    static func suggested(for integration: CRMIntegration, sources: [String]) -> [String] {
        switch integration.kind {
        case .webhook, .email: return sources
        case .hubspot:
            let fetched = integration.config.property_names ?? []
            return (fetched.isEmpty ? hubSpotContact : fetched) + hubSpotDeal
        case .salesforce: return salesforceLead
        case .pipedrive: return pipedrive
        }
    }

    static let hubSpotContact = [
        "email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle", "city", "country", "website", "message",
        "hs_lead_status", "lifecyclestage", "hs_language",
    ]
    static let hubSpotDeal = ["deal.dealname", "deal.amount", "deal.pipeline", "deal.dealstage", "deal.closedate"]
    /// Standard Lead fields (Salesforce Object Reference, Lead).
    static let salesforceLead = [
        "FirstName", "LastName", "Email", "Phone", "MobilePhone", "Company", "Title", "Description", "LeadSource", "Status", "Industry",
        "City", "Country", "Website", "NumberOfEmployees",
    ]
    static let pipedrive = ["person.name", "person.email", "person.phone", "lead.title", "lead.value.amount", "lead.value.currency", "lead.expected_close_date"]

    /// Targets a provider needs; a mapping without them gets a warning before it is saved.
    static func required(for kind: CRMKind) -> [String] {
        switch kind {
        case .hubspot: ["email"]
        case .salesforce: ["LastName", "Company"]
        case .pipedrive: ["person.name"]
        case .webhook, .email: []
        }
    }

    /// French warnings for the required targets a (non-empty) mapping leaves out.
    static func warnings(_ mapping: FieldMapping, kind: CRMKind) -> [String] {
        guard !mapping.isEmpty else { return [] }
        let targets = Set(mapping.source_to_target.values).union(mapping.static_values.keys)
        return required(for: kind).filter { !targets.contains($0) }.map { target in
            switch kind {
            case .salesforce: "Salesforce exige « \(target) » : sans correspondance, il est rempli à partir du nom ou de l’entreprise, ou d’une valeur par défaut."
            default: "\(kind.label) exige « \(target) » : ajoutez une ligne qui le remplit, sinon l’envoi sera refusé."
            }
        }
    }
}
