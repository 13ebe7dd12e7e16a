/// RFC 4180 lines, with spreadsheet formula injection neutralised.
enum CSV {
    /// `;` by default: French Excel reads a `,` file as one column (the comma is its decimal mark).
    static func line(_ cells: [String], separator: String = ";") -> String {
        cells.map(cell).joined(separator: separator) + "\r\n"
    }

    static func cell(_ raw: String) -> String {
        var value = raw
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { value = "'" + value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
