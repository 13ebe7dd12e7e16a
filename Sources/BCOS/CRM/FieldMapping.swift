import Foundation

/// `formation_crm_mappings.field_mappings` in the seed's format:
///
///     {"source_to_target": {"full_name": "contact.name", "price_ttc": "deal.amount"},
///      "static_values": {"deal.pipeline": "training"}}
///
/// Targets are dotted paths: `contact.name` becomes `{"contact": {"name": …}}`. The seed's older
/// flat form (`{"full_name": "contact.name"}`) reads as `source_to_target`. Static values are
/// applied after mapped ones, so they win on the same path.
struct FieldMapping: Codable, Sendable, Equatable {
    var source_to_target: [String: String]
    var static_values: [String: JSONValue]

    init(source_to_target: [String: String] = [:], static_values: [String: JSONValue] = [:]) {
        self.source_to_target = source_to_target
        self.static_values = static_values
    }

    init(from decoder: any Decoder) throws {
        let raw = try JSONValue(from: decoder)
        guard case .object(let object) = raw else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a mapping is a JSON object"))
        }
        if object["source_to_target"] != nil || object["static_values"] != nil {
            var mapped: [String: String] = [:]
            if case .object(let pairs)? = object["source_to_target"] {
                for (source, target) in pairs { if case .string(let path) = target { mapped[source] = path } }
            }
            var statics: [String: JSONValue] = [:]
            if case .object(let pairs)? = object["static_values"] { statics = pairs }
            self.init(source_to_target: mapped, static_values: statics)
        } else {
            self.init(source_to_target: object.compactMapValues { if case .string(let path) = $0 { path } else { nil } })
        }
    }

    var isEmpty: Bool { source_to_target.isEmpty && static_values.isEmpty }

    /// Reads a mapping as typed by an admin or as stored: empty text (or SQL NULL, JSON `null`)
    /// is the empty mapping; anything that is not a JSON object in the seed's format is an error
    /// with a French message. The one mapping decoder: the mapping page, deliveries and the
    /// preview all read through it.
    static func parse(_ text: String?) -> Result<FieldMapping, MappingError> {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed != "null" else { return .success(FieldMapping()) }
        guard let value = JSONValue.parse(Array(trimmed.utf8)) else { return .failure(MappingError(text: "JSON invalide")) }
        guard case .object = value else { return .failure(MappingError(text: "une correspondance est un objet JSON { … }")) }
        do {
            return .success(try JSONDecoder().decode(FieldMapping.self, from: Data(trimmed.utf8)))
        } catch {
            return .failure(MappingError(text: StoredJSON.describe(error)))
        }
    }

    struct MappingError: Error, Sendable, Equatable {
        let text: String
        var message: String { "Correspondance de champs illisible : \(text). Attendu {\"source_to_target\": {…}, \"static_values\": {…}}." }
    }

    /// The seed's format, both keys always present, keys sorted: what is stored and shown.
    var storedJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The payload for these sources: mapped values at their paths, then static values. Sources
    /// that are missing or empty are left out rather than sent as empty strings.
    func payload(from sources: [String: JSONValue]) -> JSONValue {
        var payload = JSONValue.object([:])
        for (source, target) in source_to_target.sorted(by: { $0.key < $1.key }) {
            guard let value = sources[source], value != .null, value != .string("") else { continue }
            let path = target.split(separator: ".", omittingEmptySubsequences: true)
            if !path.isEmpty { payload.set(value, at: path) }
        }
        for (target, value) in static_values.sorted(by: { $0.key < $1.key }) {
            let path = target.split(separator: ".", omittingEmptySubsequences: true)
            if !path.isEmpty { payload.set(value, at: path) }
        }
        return payload
    }

    /// Checks what an admin typed: known sources, well-formed target paths.
    func problems(knownSources: Set<String>) -> [String] {
        var problems: [String] = []
        for (source, target) in source_to_target.sorted(by: { $0.key < $1.key }) {
            if !knownSources.contains(source) { problems.append("Champ source inconnu : « \(source) ».") }
            if !FieldMapping.isValidPath(target) { problems.append("Chemin cible invalide pour « \(source) » : « \(target) ».") }
        }
        for target in static_values.keys.sorted() where !FieldMapping.isValidPath(target) {
            problems.append("Chemin cible invalide pour une valeur fixe : « \(target) ».")
        }
        return problems
    }

    static func isValidPath(_ path: String) -> Bool {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.count <= 6 && path.count <= 200 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
    }

    /// What each provider gets when a course has no mapping of its own.
    static func defaultMapping(for kind: CRMKind, sources: [String]) -> FieldMapping {
        switch kind {
        case .webhook, .email:
            // Everything, flat, under its own name.
            return FieldMapping(source_to_target: Dictionary(uniqueKeysWithValues: sources.map { ($0, $0) }))
        case .hubspot:
            return FieldMapping(source_to_target: [
                "first_name": "firstname", "last_name": "lastname", "email": "email", "phone": "phone",
                "company": "company", "position": "jobtitle",
            ])
        case .salesforce:
            return FieldMapping(
                source_to_target: [
                    "first_name": "FirstName", "last_name": "LastName", "email": "Email", "phone": "Phone",
                    "company": "Company", "position": "Title", "course_title_fr": "Description",
                ],
                static_values: ["LeadSource": .string("Web")])
        case .pipedrive:
            // The lead's title is made from the course and the person when the mapping sets none.
            return FieldMapping(source_to_target: ["full_name": "person.name", "email": "person.email", "phone": "person.phone"])
        }
    }
}
