/// Values prepared for SQL parameters (never for SQL text: every value is a `$n` parameter).
enum SQLPattern {
    /// `%` and `_` are wildcards in LIKE: escape them so a visitor's text matches literally.
    static func contains(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
