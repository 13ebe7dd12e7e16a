/// One answer to a form field, as validated and as stored in `enrollments.form_data`: text for
/// most types, a yes/no for a single checkbox, several values for a checkbox group. The one
/// answer type of the app (validation, storage, the admin's detail page, e-mails).
enum Answer: Sendable, Equatable, Codable {
    case text(String)
    case flag(Bool)
    case choices([String])

    /// Stored JSON is outside input: a number or anything else unexpected reads as its text.
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
        else if let list = try? container.decode([String].self) { self = .choices(list) }
        else if let text = try? container.decode(String.self) { self = .text(text) }
        else if let number = try? container.decode(Double.self) { self = .text(Int(exactly: number).map(String.init) ?? String(number)) }
        else { self = .text("") }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        case .choices(let values): try container.encode(values)
        }
    }

    /// Plain text for standard columns and CSV: `true`/`false`, choices joined by commas.
    var text: String {
        switch self {
        case .text(let value): value
        case .flag(let value): value ? "true" : "false"
        case .choices(let values): values.joined(separator: ", ")
        }
    }

    /// Shown to the team with the option labels the visitor saw (French).
    func display(_ field: FormField) -> String {
        let label = { (value: String) in field.options?.first { $0.value == value }?.label_fr ?? value }
        switch self {
        case .text(let value): return label(value)
        case .flag(let value): return value ? "Oui" : "Non"
        case .choices(let values): return values.map(label).joined(separator: ", ")
        }
    }
}
