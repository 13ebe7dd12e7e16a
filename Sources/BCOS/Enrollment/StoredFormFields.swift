/// A course's stored form (`formations.inscription_form_fields`, and the snapshot kept with each
/// enrollment) read tolerantly. Stored JSON is outside input: rows imported from the old
/// Supabase system or edited by hand lack an `id`, say `"type": "tel"`, or have no `order`. What
/// can be repaired safely is repaired, and each repair is a French warning for the course
/// editor; a public page never fails over it.
struct StoredFormFields: Sendable, Equatable {
    var fields: [FormField] = []
    var warnings: [String] = []

    /// Type names seen in the wild, mapped to ours. Anything else renders as a text field.
    static let typeSynonyms: [String: FormField.FieldType] = [
        "tel": .phone, "telephone": .phone, "téléphone": .phone, "mobile": .phone, "phone_number": .phone,
        "mail": .email, "e-mail": .email, "email_address": .email,
        "number": .text, "numeric": .text, "integer": .text, "string": .text, "input": .text,
        "long_text": .textarea, "longtext": .textarea, "paragraph": .textarea, "multiline": .textarea,
        "dropdown": .select, "list": .select, "radio": .select, "choice": .select,
        "boolean": .checkbox, "bool": .checkbox, "checkboxes": .checkbox, "consent": .checkbox,
        "datetime": .date, "birthdate": .date,
    ]

    /// Reads the stored JSON text; nil, empty or `null` is the empty form (the default form applies).
    static func read(_ json: String?) -> StoredFormFields {
        guard let json, !json.isEmpty, let value = JSONValue.parse(Array(json.utf8)), value != .null else { return StoredFormFields() }
        guard case .array(let items) = value else {
            return StoredFormFields(warnings: ["Le formulaire enregistré n’est pas une liste de champs : le formulaire par défaut est utilisé."])
        }
        var result = StoredFormFields()
        var names = Set<String>()
        for (index, item) in items.enumerated() {
            let position = index + 1
            guard case .object(let object) = item else {
                result.warnings.append("Champ n° \(position) ignoré : ce n’est pas un objet JSON.")
                continue
            }
            func text(_ key: String) -> String? {
                switch object[key] {
                case .string(let value)?: value.isEmpty ? nil : value
                // `Int(exactly:)`: a stored 1e300 must not trap (`Int(_:)` would).
                case .number(let value)?: Int(exactly: value).map(String.init) ?? String(value)
                default: nil
                }
            }
            guard let name = text("name") ?? text("id") else {
                result.warnings.append("Champ n° \(position) ignoré : il n’a ni « name » ni « id ».")
                continue
            }
            guard names.insert(name).inserted else {
                result.warnings.append("Champ n° \(position) ignoré : le nom « \(name) » est déjà utilisé par un autre champ.")
                continue
            }
            let id = text("id") ?? {
                result.warnings.append("Champ « \(name) » : « id » manquant, « field_\(name) » utilisé.")
                return "field_\(name)"
            }()
            let type = fieldType(text("type"), name: name, warnings: &result.warnings)
            let label = text("label")
            let labelFr = text("label_fr") ?? label ?? name
            let labelAr = text("label_ar") ?? label ?? labelFr
            if text("label_fr") == nil { result.warnings.append("Champ « \(name) » : libellé français manquant.") }
            if text("label_ar") == nil { result.warnings.append("Champ « \(name) » : libellé arabe manquant.") }
            let order: Int
            if case .number(let number)? = object["order"], number.isFinite, abs(number) < 1_000_000 {
                order = Int(number)
            } else if let typed = text("order").flatMap({ Int($0) }), abs(typed) < 1_000_000 {
                order = typed
            } else {
                order = position
            }
            result.fields.append(FormField(
                id: id, name: name, type: type, label_fr: labelFr, label_ar: labelAr, required: flag(object["required"]),
                placeholder_fr: text("placeholder_fr") ?? text("placeholder"), placeholder_ar: text("placeholder_ar") ?? text("placeholder"),
                options: options(object["options"], field: name, warnings: &result.warnings), order: order))
        }
        return result
    }

    private static func fieldType(_ raw: String?, name: String, warnings: inout [String]) -> FormField.FieldType {
        guard let raw else {
            warnings.append("Champ « \(name) » : type manquant, affiché comme texte.")
            return .text
        }
        let key = raw.lowercased()
        if let type = FormField.FieldType(rawValue: key) { return type }
        if let type = typeSynonyms[key] {
            warnings.append("Champ « \(name) » : type « \(raw) » lu comme « \(type.rawValue) ».")
            return type
        }
        warnings.append("Champ « \(name) » : type inconnu « \(raw) », affiché comme texte.")
        return .text
    }

    private static func flag(_ value: JSONValue?) -> Bool {
        switch value {
        case .bool(let flag)?: flag
        case .string(let text)?: ["true", "1", "yes", "oui", "on"].contains(text.lowercased())
        case .number(let number)?: number != 0
        default: false
        }
    }

    /// `[{"value","label_fr","label_ar"}]`, or plain strings (value and label alike).
    private static func options(_ value: JSONValue?, field: String, warnings: inout [String]) -> [FormField.Option]? {
        guard case .array(let items)? = value, !items.isEmpty else { return nil }
        var options: [FormField.Option] = []
        for item in items {
            switch item {
            case .string(let text) where !text.isEmpty:
                options.append(.init(value: text, label_fr: text, label_ar: text))
            case .object(let object):
                let string = { (key: String) -> String? in if case .string(let v)? = object[key], !v.isEmpty { v } else { nil } }
                guard let optionValue = string("value") ?? string("label_fr") ?? string("label") else {
                    warnings.append("Champ « \(field) » : une option sans valeur est ignorée.")
                    continue
                }
                let labelFr = string("label_fr") ?? string("label") ?? optionValue
                options.append(.init(value: optionValue, label_fr: labelFr, label_ar: string("label_ar") ?? labelFr))
            default:
                warnings.append("Champ « \(field) » : une option illisible est ignorée.")
            }
        }
        return options.isEmpty ? nil : options
    }
}
