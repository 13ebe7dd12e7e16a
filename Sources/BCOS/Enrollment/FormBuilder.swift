import Foundation
import HTTPServer

/// One row of the form builder, as the admin edits it. Select and checkbox options are written one
/// per line as `value | libellé FR | libellé AR`.
struct BuilderField: Encodable, Sendable, Equatable {
    struct TypeChoice: Encodable, Sendable, Equatable {
        let value: String
        let label: String
        let selected: Bool
    }

    var index: Int
    var id: String
    var name: String
    var type: String
    var label_fr: String
    var label_ar: String
    var placeholder_fr: String
    var placeholder_ar: String
    var required: Bool
    var options_text: String
    var is_first = false
    var is_last = false
    var types: [TypeChoice] = []
    var name_error: String?
    var label_error: String?
    var options_error: String?
    /// Whether the row's type takes options (list, checkboxes): the options box is hidden for the
    /// others, and shown as soon as the type changes (admin.js) or on the next round trip.
    var has_options = false

    static let typeLabels: [(FormField.FieldType, String)] = [
        (.text, "Texte"), (.email, "E-mail"), (.phone, "Téléphone"), (.textarea, "Texte long"),
        (.select, "Liste de choix"), (.checkbox, "Case à cocher"), (.date, "Date"),
    ]

    init(_ field: FormField, index: Int) {
        self.index = index
        id = field.id
        name = field.name
        type = field.type.rawValue
        label_fr = field.label_fr
        label_ar = field.label_ar
        placeholder_fr = field.placeholder_fr ?? ""
        placeholder_ar = field.placeholder_ar ?? ""
        required = field.required
        options_text = (field.options ?? []).map { "\($0.value) | \($0.label_fr) | \($0.label_ar)" }.joined(separator: "\n")
    }

    init(index: Int, type: FormField.FieldType) {
        self.index = index
        id = "field_" + RandomToken.make(bytes: 6).lowercased().filter { $0.isLetter || $0.isNumber }
        name = ""
        self.type = type.rawValue
        label_fr = ""
        label_ar = ""
        placeholder_fr = ""
        placeholder_ar = ""
        required = false
        options_text = type == .select ? "option_1 | Option 1 | الخيار 1" : ""
    }

    /// The rows posted by the editor (`ff_count`, then `ff<i>_name`, `ff<i>_type`, …).
    static func parse(_ form: FormData) -> [BuilderField] {
        // Clamped both ways: `0..<count` with a negative count from a forged form would trap.
        let count = min(max(Int(form["ff_count"] ?? "") ?? 0, 0), 100)
        return (0..<count).compactMap { i in
            guard form["ff\(i)_type"] != nil else { return nil }
            var field = BuilderField(index: i, type: FormField.FieldType(rawValue: form["ff\(i)_type"] ?? "") ?? .text)
            field.id = (form["ff\(i)_id"] ?? "").isEmpty ? field.id : String((form["ff\(i)_id"] ?? "").prefix(60))
            field.name = (form["ff\(i)_name"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            field.label_fr = (form["ff\(i)_label_fr"] ?? "").trimmingCharacters(in: .whitespaces)
            field.label_ar = (form["ff\(i)_label_ar"] ?? "").trimmingCharacters(in: .whitespaces)
            field.placeholder_fr = (form["ff\(i)_placeholder_fr"] ?? "").trimmingCharacters(in: .whitespaces)
            field.placeholder_ar = (form["ff\(i)_placeholder_ar"] ?? "").trimmingCharacters(in: .whitespaces)
            field.required = form["ff\(i)_required"] == "on"
            field.options_text = (form["ff\(i)_options"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            return field
        }
    }

    /// Options parsed from `options_text`; nil when a line is malformed.
    var options: [FormField.Option]? {
        var options: [FormField.Option] = []
        for line in options_text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
            options.append(.init(value: parts[0], label_fr: parts[1], label_ar: parts[2]))
        }
        return options
    }

    func formField(order: Int) -> FormField {
        let kind = FormField.FieldType(rawValue: type) ?? .text
        let opts = options ?? []
        return FormField(
            id: id, name: name, type: kind, label_fr: label_fr, label_ar: label_ar, required: required,
            placeholder_fr: placeholder_fr.nilIfEmpty, placeholder_ar: placeholder_ar.nilIfEmpty,
            options: (kind == .select || kind == .checkbox) && !opts.isEmpty ? opts : nil, order: order)
    }

    /// Fills the presentation-only values (position, type menu) before rendering.
    /// The types whose options the builder asks for (`FormField.FieldType` raw values).
    static let optionTypes: Set<String> = [FormField.FieldType.select.rawValue, FormField.FieldType.checkbox.rawValue]

    static func decorate(_ fields: [BuilderField], errors: [String: String] = [:]) -> [BuilderField] {
        fields.enumerated().map { position, field in
            var row = field
            row.index = position
            row.name_error = errors["ff\(position)_name"]
            row.label_error = errors["ff\(position)_label"]
            row.options_error = errors["ff\(position)_options"]
            row.is_first = position == 0
            row.is_last = position == fields.count - 1
            // An options error or options already typed keep the box visible whatever the type.
            row.has_options = BuilderField.optionTypes.contains(field.type) || row.options_error != nil || !field.options_text.isEmpty
            row.types = typeLabels.map { TypeChoice(value: $0.0.rawValue, label: $0.1, selected: $0.0.rawValue == field.type) }
            return row
        }
    }
}

/// The builder's buttons (`action=add:select`, `up:2`, `remove:0`, `reset_form`): they change the
/// rows and re-render the editor without saving, so everything works without JavaScript.
enum FormBuilderAction: Equatable {
    case save, preview, resetToDefault
    /// "Generate with AI" for the content in one language (fills the editor; saving stays manual).
    case generate(Language)
    case add(FormField.FieldType)
    case remove(Int), moveUp(Int), moveDown(Int)

    init(_ raw: String?) {
        let parts = (raw ?? "save").split(separator: ":", maxSplits: 1).map(String.init)
        let index = parts.count > 1 ? Int(parts[1]) : nil
        switch (parts.first, index) {
        case ("add", _): self = .add(FormField.FieldType(rawValue: parts.count > 1 ? parts[1] : "") ?? .text)
        case ("remove", let i?): self = .remove(i)
        case ("up", let i?): self = .moveUp(i)
        case ("down", let i?): self = .moveDown(i)
        case ("reset_form", _): self = .resetToDefault
        case ("ai", _): self = .generate(Language(rawValue: parts.count > 1 ? parts[1] : "") ?? .fr)
        case ("preview", _): self = .preview
        default: self = .save
        }
    }

    func apply(to fields: [BuilderField]) -> [BuilderField] {
        var rows = fields
        switch self {
        case .add(let type): rows.append(BuilderField(index: rows.count, type: type))
        case .remove(let i) where rows.indices.contains(i): rows.remove(at: i)
        case .moveUp(let i) where i > 0 && rows.indices.contains(i): rows.swapAt(i, i - 1)
        case .moveDown(let i) where rows.indices.contains(i) && i + 1 < rows.count: rows.swapAt(i, i + 1)
        case .resetToDefault: rows = DefaultForm.fields.enumerated().map { BuilderField($1, index: $0) }
        default: break
        }
        return rows
    }

    /// Errors per row (`ff<i>_name` → message) and the fields in the seed's JSON format.
    static func validate(_ rows: [BuilderField]) -> (fields: [FormField], errors: [String: String]) {
        var errors: [String: String] = [:]
        var seen = Set<String>()
        for (i, row) in rows.enumerated() {
            let validName = !row.name.isEmpty && row.name.count <= 60
                && row.name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            if !validName {
                errors["ff\(i)_name"] = "Nom technique obligatoire, sans accents ni espaces : lettres minuscules, chiffres et _ (par exemple secteur_activite)."
            } else if !seen.insert(row.name).inserted || ["submission_token", "website", "_csrf", "ref"].contains(row.name) || row.name.hasPrefix("utm_") {
                errors["ff\(i)_name"] = "Ce nom technique est déjà utilisé ou réservé."
            }
            if row.label_fr.isEmpty || row.label_ar.isEmpty { errors["ff\(i)_label"] = "Les libellés français et arabe sont obligatoires." }
            if row.type == "select" {
                if let options = row.options, !options.isEmpty {
                    if Set(options.map(\.value)).count != options.count { errors["ff\(i)_options"] = "Deux options ont la même valeur." }
                } else {
                    errors["ff\(i)_options"] = "Une liste de choix a besoin d’options, une par ligne : valeur | libellé FR | libellé AR."
                }
            } else if row.type == "checkbox", row.options == nil {
                errors["ff\(i)_options"] = "Options mal formées : une par ligne, valeur | libellé FR | libellé AR."
            }
        }
        return (rows.enumerated().map { $1.formField(order: $0 + 1) }, errors)
    }
}
