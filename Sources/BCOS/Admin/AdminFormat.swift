import Foundation

/// French formats of the back office.
enum AdminFormat {
    /// `31/12/2026 18:05`, Casablanca time.
    static func dateTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = TimeZone(identifier: "Africa/Casablanca") ?? .current
        formatter.dateFormat = "dd/MM/yyyy HH:mm"
        return formatter.string(from: date)
    }

    /// An optional text for a table cell: "—" when there is none.
    static func orDash(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "—" }
        return text
    }
}
