import Foundation

/// Prices as people read them in each language: `12 500,00 MAD` in French; in Arabic the same
/// Western digits (as used in Morocco) with the Arabic currency name, e.g. `12 500,00 درهم`.
enum PriceFormatter {
    static func format(_ amount: Decimal, currency: String, in language: Language) -> String {
        let number = grouped(amount)
        switch language {
        case .fr: return "\(number) \(currency)"
        case .ar: return "\(number) \(arabicCurrency[currency] ?? currency)"
        }
    }

    private static let arabicCurrency = ["MAD": "درهم", "EUR": "يورو", "USD": "دولار", "TND": "دينار تونسي", "DZD": "دينار جزائري"]

    /// Two decimals, comma separator, narrow no-break spaces between thousands.
    private static func grouped(_ amount: Decimal) -> String {
        var rounded = Decimal()
        var value = amount
        NSDecimalRound(&rounded, &value, 2, .plain)
        let text = NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts.first ?? "0")
        let negative = integer.hasPrefix("-")
        if negative { integer.removeFirst() }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.count < 2 { fraction += "0" }
        var groups: [String] = []
        while integer.count > 3 {
            groups.insert(String(integer.suffix(3)), at: 0)
            integer.removeLast(3)
        }
        groups.insert(integer, at: 0)
        return (negative ? "-" : "") + groups.joined(separator: "\u{202F}") + "," + fraction
    }
}
