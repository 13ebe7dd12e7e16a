import Foundation

/// Messages about JSON read back from the database, which may have been imported or edited by
/// hand: which key, in words an admin can act on.
enum StoredJSON {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return keys.isEmpty ? "à la racine" : "à « \(keys) »"
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "valeur inattendue \(path(context))"
        case .keyNotFound(let key, let context):
            return "clé « \(key.stringValue) » manquante \(path(context))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "JSON invalide" : "valeur invalide \(path(context))"
        @unknown default:
            return "JSON illisible"
        }
    }
}
