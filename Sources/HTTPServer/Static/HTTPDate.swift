import Foundation

/// HTTP-date (RFC 9110 §5.6.7): the one parser and formatter of the project, for Last-Modified,
/// If-Modified-Since, Date, Expires and Retry-After.
///
/// Formats the preferred IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`). Parses IMF-fixdate and,
/// as recipients must, the two obsolete forms: RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and
/// asctime (`Sun Nov  6 08:49:37 1994`).
///
/// Parsing is total: whatever the text, the answer is a date or nil, never a trap. The calendar
/// arithmetic is done here on bounded integers (years 0000–9999, as the 4-digit grammar allows)
/// rather than through `timegm`, whose `tm_year` is an `Int32` that a hostile year overflowed.
public enum HTTPDate {
    private static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let longDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: what `format` can write in four digits.
    static let earliestSeconds = -62_135_596_800
    static let latestSeconds = 253_402_300_799

    // MARK: Formatting

    /// IMF-fixdate for `date`, clamped to years 0001–9999.
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        // Double → Int traps on NaN, infinities and out-of-range values: clamp first.
        guard interval.isFinite else { return format(secondsSince1970: interval < 0 ? earliestSeconds : latestSeconds) }
        let clamped = min(max(interval.rounded(.down), Double(earliestSeconds)), Double(latestSeconds))
        return format(secondsSince1970: Int(clamped))
    }

    /// IMF-fixdate for a Unix time, clamped to years 0001–9999.
    public static func format(secondsSince1970 seconds: Int) -> String {
        let clamped = min(max(seconds, earliestSeconds), latestSeconds)
        let days = clamped.floorDivided(by: 86_400)
        let secondOfDay = clamped - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let weekday = (days % 7 + 11) % 7 // 1970-01-01 was a Thursday (4)
        return "\(dayNames[weekday]), \(pad(day, 2)) \(monthNames[month - 1]) \(pad(year, 4)) "
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)) GMT"
    }

    // MARK: Parsing

    /// The instant an HTTP-date names, or nil when `text` is not one (the header is then ignored).
    public static func parse(_ text: some StringProtocol) -> Date? {
        parseSeconds(text).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// The Unix time an HTTP-date names, or nil. `now` only matters for RFC 850's two-digit years.
    static func parseSeconds(_ text: some StringProtocol, now: Date = Date()) -> Int? {
        // The longest valid form is 33 bytes ("Wednesday, 09-Nov-94 08:49:37 GMT"); longer input
        // is refused before any work.
        var bytes = Array(text.utf8.prefix(65))
        guard bytes.count <= 64 else { return nil }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.endIndex
        var scanner = Scanner(bytes: bytes[start...])
        let fields: Fields?
        if bytes.count > start + 3, bytes[start + 3] == UInt8(ascii: ",") {
            fields = scanner.imfFixdate()
        } else if bytes[start...].contains(UInt8(ascii: ",")) {
            fields = scanner.rfc850(currentYear: currentYear(now))
        } else {
            fields = scanner.asctime()
        }
        guard let fields, scanner.atEnd else { return nil }
        return fields.secondsSince1970
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, after Howard Hinnant's public-domain algorithms)

    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func currentYear(_ now: Date) -> Int {
        let seconds = now.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e15 else { return 2000 }
        return civil(fromDays: Int(seconds.rounded(.down)).floorDivided(by: 86_400)).year
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Validated calendar fields.
    private struct Fields {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

        var secondsSince1970: Int? {
            // Grammar bounds (every value came from at most four digits) keep this arithmetic small.
            guard (0...9999).contains(year), (1...12).contains(month), (1...HTTPDate.daysInMonth(month, year: year)).contains(day),
                  (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
            return HTTPDate.days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        }
    }

    /// A cursor over the header's bytes: each method consumes exactly its grammar or returns nil.
    private struct Scanner {
        var bytes: ArraySlice<UInt8>

        var atEnd: Bool { bytes.isEmpty }

        /// `Sun, 06 Nov 1994 08:49:37 GMT`
        mutating func imfFixdate() -> Fields? {
            guard name(in: HTTPDate.dayNames) != nil, literal(", "), let day = digits(2), literal(" "),
                  let month = name(in: HTTPDate.monthNames), literal(" "), let year = digits(4), literal(" "),
                  let (hour, minute, second) = timeOfDay(), literal(" GMT") else { return nil }
            return Fields(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
        }

        /// `Sunday, 06-Nov-94 08:49:37 GMT`. RFC 9110: a two-digit year more than 50 years in the
        /// future is the most recent past year with those digits.
        mutating func rfc850(currentYear: Int) -> Fields? {
            guard name(in: HTTPDate.longDayNames) != nil, literal(", "), let day = digits(2), literal("-"),
                  let month = name(in: HTTPDate.monthNames), literal("-"), let shortYear = digits(2), literal(" "),
                  let (hour, minute, second) = timeOfDay(), literal(" GMT") else { return nil }
            var year = currentYear - currentYear % 100 + shortYear
            if year > currentYear + 50 { year -= 100 }
            return Fields(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
        }

        /// `Sun Nov  6 08:49:37 1994` (a one-digit day is preceded by a space).
        mutating func asctime() -> Fields? {
            guard name(in: HTTPDate.dayNames) != nil, literal(" "), let month = name(in: HTTPDate.monthNames), literal(" ") else {
                return nil
            }
            let day: Int
            if literal(" ") {
                guard let single = digits(1) else { return nil }
                day = single
            } else {
                guard let double = digits(2) else { return nil }
                day = double
            }
            guard literal(" "), let (hour, minute, second) = timeOfDay(), literal(" "), let year = digits(4) else { return nil }
            return Fields(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
        }

        private mutating func timeOfDay() -> (Int, Int, Int)? {
            guard let hour = digits(2), literal(":"), let minute = digits(2), literal(":"), let second = digits(2) else { return nil }
            return (hour, minute, second)
        }

        /// Exactly `count` ASCII digits (never a sign, never more): at most 9999.
        private mutating func digits(_ count: Int) -> Int? {
            guard bytes.count >= count else { return nil }
            var value = 0
            for byte in bytes.prefix(count) {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            bytes.removeFirst(count)
            return value
        }

        private mutating func literal(_ text: String) -> Bool {
            guard bytes.starts(with: text.utf8) else { return false }
            bytes.removeFirst(text.utf8.count)
            return true
        }

        /// The index of the (case-sensitive, as RFC 9110 says) name that comes next.
        private mutating func name(in names: [String]) -> Int? {
            for (index, name) in names.enumerated() where bytes.starts(with: name.utf8) {
                bytes.removeFirst(name.utf8.count)
                return index
            }
            return nil
        }
    }
}

extension Int {
    /// Division rounding toward minus infinity (Swift's `/` rounds toward zero).
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
