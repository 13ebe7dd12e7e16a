import Foundation

/// What an anonymised enrollment keeps and what it loses: the one place of that rule.
///
/// Kept: the row itself, its course, session, status, language, source and dates (dashboards,
/// seat counts and conversion figures do not change), and the answers that are a choice from a
/// list (a select or checkboxes, with a value among the field's options) or a yes/no. Replaced by
/// neutral placeholders: the name, e-mail and phone, company and position, every free answer
/// (text, long text, e-mail, phone, date, or anything the stored form does not describe), the
/// motivation, special requirements and notes.
enum Anonymisation {
    static let fullName = "Personne anonymisée"
    static let phone = "Anonymisé"
    /// Company, position, motivation, special requirements, notes.
    static let text = "Anonymisé"
    static let answer = "Réponse anonymisée"
    /// `.invalid` is reserved (RFC 2606): such an address can belong to nobody, and no mail
    /// server accepts it.
    static let emailDomain = "anonymise.invalid"
    /// What replaces a CRM log's request and response, an outbox e-mail's subject, and a message
    /// that quoted the person.
    static let erasedMessage = "Contenu effacé : inscription anonymisée."
    static let cancelledDelivery = "Envoi annulé : inscription anonymisée."

    /// `anonyme-1a2b3c4d5e6f@anonymise.invalid`: distinct per enrollment (12 hex digits of its id),
    /// so two anonymised people are never taken for one.
    static func email(for id: UUID) -> String {
        "anonyme-\(id.lowercasedString.replacingOccurrences(of: "-", with: "").prefix(12))@\(emailDomain)"
    }

    static func isAnonymised(email: String) -> Bool {
        email.lowercased().hasSuffix("@" + emailDomain)
    }

    /// The standard columns that are free text whatever the form says.
    static let freeColumns: Set<String> = ["company", "position", "motivation", "special_requirements"]

    /// A standard column's new value (`NewEnrollment.standardColumns`); an empty or missing value
    /// stays as it is.
    static func standard(_ column: String, _ value: String?, enrollment id: UUID, fields: [String: FormField]) -> String? {
        switch column {
        case "full_name": return fullName
        case "phone": return phone
        case "email": return email(for: id)
        default:
            guard let value, !value.isEmpty else { return value }
            if freeColumns.contains(column) { return text }
            return keeps(.text(value), fields[column]) ? value : answer
        }
    }

    /// The answers of `form_data` with every free answer replaced.
    static func answers(_ answers: [String: Answer], fields: [String: FormField]) -> [String: Answer] {
        var kept: [String: Answer] = [:]
        for (name, value) in answers { kept[name] = keeps(value, fields[name]) ? value : .text(answer) }
        return kept
    }

    /// A yes/no, or a choice among the field's own options.
    static func keeps(_ value: Answer, _ field: FormField?) -> Bool {
        switch value {
        case .flag: return true
        case .text(let text):
            if text.isEmpty { return true }
            guard let field, field.type == .select || field.type == .checkbox, let options = field.options else { return false }
            return options.contains { $0.value == text }
        case .choices(let values):
            guard let field, field.type == .select || field.type == .checkbox, let options = field.options else { return values.isEmpty }
            return values.allSatisfy { value in options.contains { $0.value == value } }
        }
    }

    /// The form's fields by name: the snapshot the visitor saw, or the default form.
    static func fieldsByName(_ snapshot: [FormField]?) -> [String: FormField] {
        Dictionary((snapshot ?? DefaultForm.fields).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
