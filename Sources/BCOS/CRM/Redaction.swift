/// Removes credentials from what is logged and shown.
enum Redaction {
    /// Replaces every occurrence of a secret (a token echoed in an error body, say) in `text`.
    static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 { out = out.replacingOccurrences(of: secret, with: "[redacted]") }
        return out
    }
}
