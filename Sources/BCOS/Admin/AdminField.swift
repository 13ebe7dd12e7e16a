/// One field of a back-office form, as the `admin/field` partial renders it: label, control,
/// help text, error, and the ARIA links between them. Every key is always present (empty strings
/// and false rather than nil), so a Mustache lookup never falls through to the page's context.
struct AdminField: Encodable, Sendable {
    enum Control: Sendable { case input(type: String), textarea(rows: Int), select([SelectOption]), checkbox(checked: Bool) }

    let name: String
    let label: String
    let value: String
    let required: Bool
    let help: String
    let has_help: Bool
    let error: String
    let has_error: Bool
    /// `help` and `error` ids for `aria-describedby`.
    let described_by: String
    let has_described_by: Bool
    let is_input: Bool
    let input_type: String
    let is_textarea: Bool
    let rows: Int
    let is_select: Bool
    let options: [SelectOption]
    let is_checkbox: Bool
    let checked: Bool
    /// Arabic text: `dir="rtl" lang="ar"`.
    let rtl: Bool
    /// Further attributes of the control (`maxlength`, `pattern`…): names from the code, values escaped.
    let attributes: [HTMLAttribute]

    init(_ name: String, _ label: String, value: String = "", control: Control = .input(type: "text"), required: Bool = false,
         help: String = "", error: String?, rtl: Bool = false, attributes: Attributes = Attributes()) {
        self.name = name
        self.label = label
        self.value = value
        self.required = required
        self.help = help
        has_help = !help.isEmpty
        self.error = error ?? ""
        has_error = error != nil
        described_by = [help.isEmpty ? nil : "\(name)-help", error == nil ? nil : "\(name)-error"].compactMap { $0 }.joined(separator: " ")
        has_described_by = !described_by.isEmpty
        (is_input, input_type, is_textarea, rows, is_select, options, is_checkbox, checked) = switch control {
        case .input(let type): (true, type, false, 0, false, [], false, false)
        case .textarea(let rows): (false, "", true, rows, false, [], false, false)
        case .select(let options): (false, "", false, 0, true, options, false, false)
        case .checkbox(let checked): (false, "", false, 0, false, [], true, checked)
        }
        self.rtl = rtl
        self.attributes = [
            ("maxlength", attributes.maxLength.map(String.init) ?? ""), ("pattern", attributes.pattern),
            ("inputmode", attributes.inputMode), ("placeholder", attributes.placeholder), ("data-slug-from", attributes.slugFrom),
            ("min", attributes.min.map(String.init) ?? ""), ("max", attributes.max.map(String.init) ?? ""),
            ("autocomplete", attributes.autocomplete), ("step", attributes.step),
            ("class", attributes.cssClass),
        ].filter { !$0.1.isEmpty }.map { HTMLAttribute(name: $0.0, value: $0.1) }
    }

    struct HTMLAttribute: Encodable, Sendable {
        let name: String
        let value: String
    }

    /// The optional attributes of a control.
    struct Attributes: Sendable {
        var maxLength: Int?
        var pattern = ""
        var inputMode = ""
        var placeholder = ""
        /// `data-slug-from`: the field a slug is suggested from.
        var slugFrom = ""
        var cssClass = ""
        var min: Int?
        var max: Int?
        var autocomplete = ""
        /// `step="any"` lets a number field take decimals ("2,5" seconds).
        var step = ""
    }
}

/// The fields of one form by name, for templates to place: `{{#fields.name_fr}}{{>admin/field}}{{/fields.name_fr}}`.
struct AdminFields: Encodable, Sendable {
    private(set) var fields: [String: AdminField] = [:]
    let errors: [String: String]

    init(errors: [String: String]) { self.errors = errors }

    mutating func add(
        _ name: String, _ label: String, value: String = "", control: AdminField.Control = .input(type: "text"), required: Bool = false,
        help: String = "", rtl: Bool = false, attributes: AdminField.Attributes = AdminField.Attributes()
    ) {
        fields[name] = AdminField(
            name, label, value: value, control: control, required: required, help: help, error: errors[name], rtl: rtl, attributes: attributes)
    }

    func encode(to encoder: any Encoder) throws { try fields.encode(to: encoder) }
}
