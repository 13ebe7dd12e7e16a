import Foundation

/// Search and filter text from a query string (`q`, `source`…), ready to be a SQL parameter:
/// trimmed, at most 100 characters, without control characters. PostgreSQL refuses a NUL byte in
/// text, so `?q=%00` must become an ordinary search, not a 500.
enum SearchText {
    static let maxLength = 100

    static func read(_ raw: String?) -> String {
        let visible = String(String.UnicodeScalarView((raw ?? "").unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        return String(visible.trimmingCharacters(in: .whitespacesAndNewlines).prefix(maxLength))
    }
}
