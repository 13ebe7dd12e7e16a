import Foundation
import HTTPServer

/// Server-side validation of an enrollment form: the authority, whatever the browser checked.
/// The same field definitions drive the rendered form, this validation and the admin preview.
struct FormValidator: Sendable {
    struct Result: Sendable {
        /// Valid answers by field name (empty optional fields are absent).
        var answers: [String: Answer] = [:]
        /// Message keys (see `Messages`) by field name.
        var errors: [String: String] = [:]
        var isValid: Bool { errors.isEmpty }
    }

    static let maxLength: [FormField.FieldType: Int] = [
        .text: 200, .email: 254, .phone: 30, .textarea: 5000, .select: 200, .checkbox: 200, .date: 10,
    ]

    let fields: [FormField]

    func validate(_ form: FormData) -> Result {
        var result = Result()
        for field in fields {
            if field.type == .checkbox {
                validateCheckbox(field, form.all(field.name), into: &result)
                continue
            }
            // Arabic-Indic and Persian digits typed on a phone are the same number: read as 0-9.
            let typed = form[field.name] ?? ""
            let raw = field.type == .phone || field.type == .date ? FormValidator.westernDigits(typed) : typed
            let value = field.type == .textarea ? raw.trimmingCharacters(in: .whitespacesAndNewlines) : raw.trimmingCharacters(in: .whitespaces)
            if value.isEmpty {
                if field.required { result.errors[field.name] = "form_error_required" }
                continue
            }
            if let limit = FormValidator.maxLength[field.type], value.count > limit {
                result.errors[field.name] = "form_error_too_long"
                continue
            }
            if FormValidator.hasForbiddenCharacters(value, multiline: field.type == .textarea) {
                result.errors[field.name] = "form_error_characters"
                continue
            }
            switch field.type {
            case .email where !FormValidator.isEmail(value):
                result.errors[field.name] = "form_error_email"
            case .phone where !FormValidator.isPhone(value):
                result.errors[field.name] = "form_error_phone"
            case .date where !FormValidator.isISODate(value):
                result.errors[field.name] = "form_error_date"
            case .select where !(field.options ?? []).contains(where: { $0.value == value }):
                result.errors[field.name] = "form_error_choice"
            default:
                result.answers[field.name] = .text(value)
            }
        }
        return result
    }

    /// A checkbox without options is a yes/no box; with options it is a group of choices.
    private func validateCheckbox(_ field: FormField, _ values: [String], into result: inout Result) {
        let options = field.options ?? []
        if options.isEmpty {
            let checked = values.contains { ["on", "true", "1", "yes", "oui"].contains($0.lowercased()) }
            if !checked && !values.filter({ !$0.isEmpty }).isEmpty {
                result.errors[field.name] = "form_error_choice"
            } else if field.required && !checked {
                result.errors[field.name] = "form_error_required_checkbox"
            } else {
                result.answers[field.name] = .flag(checked)
            }
            return
        }
        let chosen = values.filter { !$0.isEmpty }
        if chosen.contains(where: { value in !options.contains { $0.value == value } }) {
            result.errors[field.name] = "form_error_choice"
        } else if chosen.isEmpty {
            if field.required { result.errors[field.name] = "form_error_required" }
        } else {
            var seen = Set<String>()
            result.answers[field.name] = .choices(chosen.filter { seen.insert($0).inserted })
        }
    }

    /// NUL and other control characters have no place in a form answer (PostgreSQL cannot even
    /// store NUL); line breaks and tabs are allowed in multi-line answers only.
    /// Control characters, and the bidirectional embedding/override/isolate controls (U+202A–202E,
    /// U+2066–2069) that can make a name read differently in the back office or a spreadsheet
    /// (`‮gnp.exe`). Arabic and mixed text never needs them; the marks U+200E/U+200F stay allowed.
    static func hasForbiddenCharacters(_ value: String, multiline: Bool) -> Bool {
        value.unicodeScalars.contains { scalar in
            if scalar == "\n" || scalar == "\r" || scalar == "\t" { return !multiline }
            return scalar.value < 0x20 || scalar.value == 0x7F || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
        }
    }

    /// `٠١٢٣٤٥٦٧٨٩` (U+0660…) and `۰۱۲۳۴۵۶۷۸۹` (U+06F0…) as `0123456789`; other characters unchanged.
    static func westernDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x0660...0x0669: Unicode.Scalar(scalar.value - 0x0660 + 0x30) ?? scalar
            case 0x06F0...0x06F9: Unicode.Scalar(scalar.value - 0x06F0 + 0x30) ?? scalar
            default: scalar
            }
        }))
    }

    /// A practical address check: one `@`, a local part, a dotted domain, no spaces.
    static func isEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else { return false }
        let forbidden: Set<Character> = [" ", "<", ">", "(", ")", ",", ";", ":", "\\", "\"", "[", "]"]
        return !value.contains { forbidden.contains($0) || $0.isNewline }
    }

    /// `+`, digits, spaces, dashes, dots and parentheses; 8 to 20 digits.
    static func isPhone(_ value: String) -> Bool {
        var digits = 0
        for (index, character) in value.enumerated() {
            switch character {
            case "0"..."9": digits += 1
            case "+": if index != 0 { return false }
            case " ", "-", "(", ")", ".": continue
            default: return false
            }
        }
        return (8...20).contains(digits)
    }

    /// `YYYY-MM-DD` naming a real day.
    static func isISODate(_ value: String) -> Bool {
        let parts = value.split(separator: "-")
        guard value.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2200).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let daysInMonth = [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= daysInMonth[month - 1]
    }
}
