import Foundation

/// The consent an enrollment form asks for, and what is kept of it with the enrollment
/// (`enrollments.consent_text`, `consent_at`, `consent_version`: migration 014).
///
/// The consent box of a form is its yes/no checkbox named `consent` (the default form's last
/// field), or else the first yes/no checkbox whose label links to the privacy policy
/// (`[…](/confidentialite)`, see `LabelMarkup`): a form designed in the builder gets its consent
/// recorded as soon as its box points at the policy.
enum Consent {
    static let fieldName = "consent"

    /// What is stored when the box was ticked: the wording the visitor read, in their language,
    /// links as text. The time and the privacy page's version are added in the insert's transaction.
    struct Given: Sendable, Equatable {
        var text: String
        /// The version of the privacy page when the enrollment was stored.
        var version: Int?
    }

    static func field(in fields: [FormField]) -> FormField? {
        let boxes = fields.filter { $0.type == .checkbox && ($0.options ?? []).isEmpty }
        return boxes.first { $0.name == fieldName }
            ?? boxes.first { LabelMarkup.pages($0.label_fr).contains(.privacy) || LabelMarkup.pages($0.label_ar).contains(.privacy) }
    }

    /// The consent given with these answers; nil when the form has no consent box or it was left unticked.
    static func given(fields: [FormField], answers: [String: Answer], language: Language) -> Given? {
        guard let field = field(in: fields), answers[field.name] == .flag(true) else { return nil }
        let label = language == .fr ? field.label_fr : field.label_ar
        let shown = LabelMarkup.plainText(label.isEmpty ? field.name : label)
        return Given(text: String(shown.prefix(2_000)), version: nil)
    }
}
