import Foundation
import HTTPServer

extension Request {
    /// A `{name}` capture that must be an id; anything else is a 404, like a missing record.
    func uuidParameter(_ name: String = "id") throws(HTTPError) -> UUID {
        guard let text = parameters[name], let id = UUID(uuidString: text) else {
            throw HTTPError(.notFound, "not an id: \(parameters[name] ?? "")")
        }
        return id
    }

    /// The `{lang}` capture (`fr` or `ar`); any other value is a 404. The one parser of it.
    func languageParameter() throws(HTTPError) -> Language {
        guard let language = parameters["lang"].flatMap(Language.init(rawValue:)) else {
            throw HTTPError(.notFound, "no such language: \(parameters["lang"] ?? "")")
        }
        return language
    }
}

extension UUID {
    /// Lower-case text, as ids appear in admin URLs and forms.
    var lowercasedString: String { uuidString.lowercased() }
}
