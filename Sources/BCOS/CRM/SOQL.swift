import Foundation

/// Queries sent to Salesforce's REST API (SOQL, a language of Salesforce's; nothing here reaches
/// our own database). Values are escaped as SOQL string literals and the query is
/// percent-encoded for the `q` parameter.
enum SOQL {
    /// The most recent Lead with this e-mail (the one a delivery created or updated).
    static func leadByEmail(_ email: String) -> String {
        let soql = "SELECT Id FROM Lead WHERE Email = '\(literal(email))' ORDER BY CreatedDate DESC LIMIT 1"
        return soql.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "+&=#'"))) ?? ""
    }

    /// SOQL string literal escapes: backslash and single quote.
    static func literal(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }
}
