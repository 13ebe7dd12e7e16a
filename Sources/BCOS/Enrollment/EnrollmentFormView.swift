import HTTPServer

/// The enrollment form as the template sees it: one entry per field, in order, with the label and
/// placeholder in the page's language, the visitor's previous input and any error, and the HTML
/// attributes that let the browser check first. The admin's form-builder preview uses this too.
struct EnrollmentFormView: Encodable, Sendable {
    /// One choice of a select or a checkbox group: its own input id for the label's `for`.
    struct Choice: Encodable, Sendable {
        let value: String
        let label: String
        let selected: Bool
        let input_id: String
    }

    struct Field: Encodable, Sendable {
        let name: String
        let input_id: String
        /// The label as text, links as their words (error summary, legends, other controls).
        let label: String
        /// A single checkbox's label as HTML: escaped text with its links to the legal pages
        /// (`LabelMarkup`), built here, never by unescaping what the admin typed.
        let label_html: String
        let placeholder: String?
        let required: Bool
        let error: String?
        let error_id: String
        let value: String
        let input_type: String
        let autocomplete: String?
        let inputmode: String?
        /// E-mail, phone and date are written left to right even on an Arabic page
        /// (`salma@` would otherwise show as `@salma`).
        let ltr: Bool
        let maxlength: Int
        let is_input: Bool
        let is_textarea: Bool
        let is_select: Bool
        let is_checkbox: Bool
        let is_checkbox_group: Bool
        let checked: Bool
        let options: [Choice]
    }

    let fields: [Field]
    let action: String
    let token: String
    let has_errors: Bool
    let error_count: Int
    /// An error about the whole form, not one field (`_form`: expired token, rate limit), in the
    /// page's language.
    let form_error: String?
    /// Whether some field has an error (the list of them is shown above the form).
    let has_field_errors: Bool
    /// The admin's preview: same markup, submit button disabled.
    let preview: Bool
    /// The course's offered sessions: a required choice (`session_id`) when there are any.
    let sessions: [SessionView]
    let has_sessions: Bool
    let session_error: String?
    /// Where the error summary sends the visitor: the first session's radio button.
    let session_first_id: String

    init(fields definitions: [FormField], language: Language, action: String, token: String,
         submitted: FormData? = nil, errors: [String: String] = [:], preview: Bool = false, sessions: [SessionView] = []) {
        self.preview = preview
        let chosen = submitted?["session_id"]
        self.sessions = sessions.map { session in
            var session = session
            session.selected = session.id == chosen
            return session
        }
        has_sessions = !sessions.isEmpty
        session_error = errors["session_id"].map { Messages.text($0, in: language) }
        session_first_id = sessions.first?.input_id ?? ""
        self.action = action
        self.token = token
        self.has_errors = !errors.isEmpty
        self.error_count = errors.count
        self.form_error = errors["_form"].map { Messages.text($0, in: language) }
        self.has_field_errors = errors.keys.contains { $0 != "_form" }
        let shown = sessions.isEmpty ? definitions : definitions.filter { $0.name != DefaultForm.preferredDate }
        self.fields = shown.map { field in
            let label = language == .fr ? field.label_fr : field.label_ar
            let placeholder = (language == .fr ? field.placeholder_fr : field.placeholder_ar).flatMap { $0.isEmpty ? nil : $0 }
            let inputID = "f-\(field.name)"
            let submittedValues = submitted?.all(field.name) ?? []
            let options = (field.options ?? []).enumerated().map { index, option in
                Choice(value: option.value, label: language == .fr ? option.label_fr : option.label_ar,
                       selected: submittedValues.contains(option.value), input_id: "\(inputID)-\(index)")
            }
            let isGroup = field.type == .checkbox && !options.isEmpty
            let shownLabel = label.isEmpty ? field.name : label
            return Field(
                name: field.name, input_id: inputID, label: LabelMarkup.plainText(shownLabel),
                label_html: LabelMarkup.html(shownLabel, in: language), placeholder: placeholder,
                required: field.required,
                error: errors[field.name].map { Messages.text($0, in: language) },
                error_id: "\(inputID)-error",
                value: submittedValues.first ?? "",
                input_type: EnrollmentFormView.inputType(field.type),
                autocomplete: EnrollmentFormView.autocomplete[field.name],
                inputmode: field.type == .phone ? "tel" : nil,
                ltr: [.email, .phone, .date].contains(field.type),
                maxlength: FormValidator.maxLength[field.type] ?? 200,
                is_input: [.text, .email, .phone, .date].contains(field.type),
                is_textarea: field.type == .textarea,
                is_select: field.type == .select,
                is_checkbox: field.type == .checkbox && !isGroup,
                is_checkbox_group: isGroup,
                checked: submittedValues.contains { ["on", "true", "1", "yes", "oui"].contains($0.lowercased()) },
                options: options)
        }
    }

    static func inputType(_ type: FormField.FieldType) -> String {
        switch type {
        case .email: "email"
        case .phone: "tel"
        case .date: "date"
        case .checkbox: "checkbox"
        default: "text"
        }
    }

    /// Browser autofill hints for the seed's standard fields.
    static let autocomplete: [String: String] = [
        "full_name": "name", "email": "email", "phone": "tel", "company": "organization", "position": "organization-title",
    ]
}
