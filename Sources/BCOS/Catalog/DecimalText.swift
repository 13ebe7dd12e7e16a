import Foundation

/// Decimal as plain text with a dot (`1234.5` → "1234.50" for money).
enum DecimalText {
    static func plain(_ value: Decimal) -> String {
        NSDecimalNumber(decimal: value).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }
}
