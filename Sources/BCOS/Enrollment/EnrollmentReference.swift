/// The number a visitor quotes on the phone: `reference_number` 123 → "BC-000123".
enum EnrollmentReference {
    static func text(_ number: Int) -> String {
        let digits = String(number)
        return "BC-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
