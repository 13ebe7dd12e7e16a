import Foundation
import Templating

/// The three parts of a visitor e-mail template for one language: the subject, the HTML body
/// (placed in `Templates/email/layout.mustache`, which sets the language and direction) and the
/// plain-text alternative. The defaults are `Templates/email/visitor-{lang}[-subject|-text].mustache`;
/// an admin's version (`email_templates`) replaces them part by part.
struct MailTemplateText: Sendable, Equatable {
    enum Part: String, Sendable, CaseIterable {
        case subject, html, text

        var label: String {
            switch self {
            case .subject: "Objet"
            case .html: "Corps HTML"
            case .text: "Texte brut (pour les messageries sans HTML)"
            }
        }

        func defaultFile(_ language: Language) -> String {
            switch self {
            case .subject: "visitor-\(language.rawValue)-subject"
            case .html: "visitor-\(language.rawValue)"
            case .text: "visitor-\(language.rawValue)-text"
            }
        }
    }

    var subject: String
    var html: String
    var text: String

    subscript(part: Part) -> String {
        get {
            switch part {
            case .subject: subject
            case .html: html
            case .text: text
            }
        }
        set {
            switch part {
            case .subject: subject = newValue
            case .html: html = newValue
            case .text: text = newValue
            }
        }
    }

    /// The shipped templates of both languages, read once at start-up.
    static func defaults(directory: URL) throws -> [Language: MailTemplateText] {
        var result: [Language: MailTemplateText] = [:]
        for language in Language.allCases {
            func read(_ part: Part) throws -> String {
                try String(contentsOf: directory.appendingPathComponent("email/\(part.defaultFile(language)).mustache"), encoding: .utf8)
            }
            result[language] = MailTemplateText(subject: try read(.subject), html: try read(.html), text: try read(.text))
        }
        return result
    }

    /// Each part compiled; the first error names the part, its line and column (for the editor).
    func compiled() throws(MailTemplateError) -> (subject: Template, html: Template, text: Template) {
        func compile(_ part: Part) throws(MailTemplateError) -> Template {
            do { return try Template(self[part], name: part.rawValue) } catch { throw MailTemplateError(part: part, message: "\(error)") }
        }
        return (try compile(.subject), try compile(.html), try compile(.text))
    }
}

struct MailTemplateError: Error, Sendable, CustomStringConvertible {
    let part: MailTemplateText.Part
    let message: String
    var description: String { "\(part.label) : \(message)" }
}
