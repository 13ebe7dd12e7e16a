import HTTPServer

/// One integration's mapping on the course's "Envois CRM" page, as rows a non-technical admin
/// fills: a source (a real field of the course, labelled in French) and a target per row, plus
/// static values. The JSON (the seed's `source_to_target` + `static_values`) stays available
/// under "Avancé"; both views read and write the same stored format.
///
/// Posted fields, for the integration whose id is `<key>`: `map_<key>_source_<i>`,
/// `map_<key>_target_<i>`, `static_<key>_target_<i>`, `static_<key>_value_<i>`, and
/// `mapping_<key>` with `use_json_<key>` for the JSON. A post with only `mapping_<key>` (older
/// forms, scripts) is read as JSON.
enum CRMMappingForm {
    static let spareRows = 3
    static let maxRows = 60

    /// The mapping the form describes for one integration.
    static func mapping(_ form: FormData, key: String) -> Result<FieldMapping, FieldMapping.MappingError> {
        let hasRows = form["map_\(key)_source_0"] != nil || form["static_\(key)_target_0"] != nil
        if form["use_json_\(key)"] == "on" || !hasRows {
            return FieldMapping.parse(form["mapping_\(key)"])
        }
        var mapping = FieldMapping()
        for i in 0..<maxRows {
            let source = (form["map_\(key)_source_\(i)"] ?? "").trimmingCharacters(in: .whitespaces)
            let target = (form["map_\(key)_target_\(i)"] ?? "").trimmingCharacters(in: .whitespaces)
            if !source.isEmpty, !target.isEmpty { mapping.source_to_target[source] = target }
            if !source.isEmpty, target.isEmpty { return .failure(.init(text: "la ligne \(i + 1) a un champ source sans champ cible")) }
            let staticTarget = (form["static_\(key)_target_\(i)"] ?? "").trimmingCharacters(in: .whitespaces)
            let value = (form["static_\(key)_value_\(i)"] ?? "").trimmingCharacters(in: .whitespaces)
            if !staticTarget.isEmpty { mapping.static_values[staticTarget] = .string(value) }
        }
        return .success(mapping)
    }

    /// A row of the page.
    struct Row: Encodable {
        let index: Int
        let sources: [SelectOption]
        let target: String
    }

    struct StaticRow: Encodable {
        let index: Int
        let target: String
        let value: String
    }

    /// The rows of a mapping, sorted by source, with spare empty rows to add more.
    static func rows(_ mapping: FieldMapping, sources: [(name: String, label: String)]) -> [Row] {
        let pairs = mapping.source_to_target.sorted { $0.key < $1.key } + Array(repeating: ("", ""), count: spareRows)
        return pairs.enumerated().map { index, pair in
            var options = [SelectOption(value: "", label: "—")]
            options += sources.map { SelectOption(value: $0.name, label: "\($0.label) (\($0.name))", selected: $0.name == pair.0) }
            if !pair.0.isEmpty, !sources.contains(where: { $0.name == pair.0 }) {
                options.append(SelectOption(value: pair.0, label: "\(pair.0) (absent de la formation)", selected: true))
            }
            return Row(index: index, sources: options, target: pair.1)
        }
    }

    static func staticRows(_ mapping: FieldMapping) -> [StaticRow] {
        let pairs = mapping.static_values.sorted { $0.key < $1.key }.map { ($0.key, $0.value.text ?? $0.value.encodedString()) }
        return (pairs + Array(repeating: ("", ""), count: 2)).enumerated().map { StaticRow(index: $0, target: $1.0, value: $1.1) }
    }
}
