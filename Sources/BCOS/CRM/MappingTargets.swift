/// What a mapping can target: suggestions for the mapping page's target inputs, and the fields
/// each provider refuses to do without.
enum MappingTargets {
    /// Suggested target names: the provider's (`CRMTargets`), or the sources themselves for a
    /// webhook or an e-mail, whose receiver takes any name.
    static func suggested(for integration: CRMIntegration, sources: [String]) -> [String] {
        switch integration.kind {
        case .webhook, .email: sources
        case .hubspot, .salesforce, .pipedrive: CRMTargets.suggestedTargets(for: integration)
        }
    }

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
