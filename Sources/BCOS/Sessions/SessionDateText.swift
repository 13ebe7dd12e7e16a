import Foundation

/// Session dates as people read them, in Casablanca time: "lundi 12 janvier 2027" and
/// "الاثنين 12 يناير 2027" (CLDR's gregorian wide names; Western digits, as the site writes
/// numbers), and the `YYYY-MM-DDTHH:MM` / `YYYY-MM-DD` forms of the admin's inputs. Built by
/// hand: the names are few and fixed, and DateFormatter would depend on the machine's locale data.
enum SessionDateText {
    private static let weekdays: [Language: [String]] = [
        .fr: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        .ar: ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
    ]
    private static let months: [Language: [String]] = [
        .fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        .ar: ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    ]

    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SiteTime.zone
        return calendar
    }

    /// "lundi 12 janvier 2027" / "الاثنين 12 يناير 2027".
    static func day(_ date: Date, in language: Language) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        return day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1, weekday: parts.weekday ?? 1, in: language)
    }

    /// The same for a stored `YYYY-MM-DD` (a session's last day); the text itself when unreadable.
    static func day(_ stored: String, in language: Language) -> String {
        guard let (year, month, dayNumber) = components(stored),
              let date = calendar.date(from: DateComponents(year: year, month: month, day: dayNumber, hour: 12))
        else { return stored }
        return day(date, in: language)
    }

    private static func day(year: Int, month: Int, day: Int, weekday: Int, in language: Language) -> String {
        let weekdayName = weekdays[language]?[min(max(weekday - 1, 0), 6)] ?? ""
        let monthName = months[language]?[min(max(month - 1, 0), 11)] ?? ""
        return "\(weekdayName) \(day) \(monthName) \(year)"
    }

    /// "9 h 30" in French, "09:30" in Arabic.
    static func time(_ date: Date, in language: Language) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let (hour, minute) = (parts.hour ?? 0, parts.minute ?? 0)
        let minutes = minute < 10 ? "0\(minute)" : "\(minute)"
        switch language {
        case .fr: return "\(hour) h \(minutes)"
        case .ar: return "\(hour < 10 ? "0" : "")\(hour):\(minutes)"
        }
    }

    /// `2027-01` of a date, in Casablanca (the catalog's month filter).
    static func month(_ date: Date) -> String { String(localInput(date).prefix(7)) }

    /// "janvier 2027" / "يناير 2027" for a `YYYY-MM` filter value.
    static func monthName(_ yearMonth: String, in language: Language) -> String? {
        let parts = yearMonth.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month), (2000...2100).contains(year)
        else { return nil }
        return "\(months[language]?[month - 1] ?? "") \(year)"
    }

    /// `YYYY-MM-DDTHH:MM` in Casablanca, the value of a `datetime-local` input.
    static func localInput(_ date: Date) -> String {
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(p.year ?? 1970)-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute))"
    }

    /// `YYYY-MM-DD` of a date in Casablanca.
    static func dayInput(_ date: Date) -> String { String(localInput(date).prefix(10)) }

    /// A `datetime-local` value (`2027-01-12T09:00`, seconds or a space allowed) as
    /// `YYYY-MM-DDTHH:MM`, or nil when it is not a real date and time.
    static func parseLocalInput(_ text: String) -> String? {
        let normalized = text.replacingOccurrences(of: " ", with: "T")
        let halves = normalized.split(separator: "T", omittingEmptySubsequences: false)
        guard halves.count == 2, let dayText = parseDay(String(halves[0])) else { return nil }
        let clock = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        // Two ASCII digits each: `Int` alone would also take "+1" or "-0".
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return "\(dayText)T\(clock[0]):\(clock[1])"
    }

    /// A real `YYYY-MM-DD` (not 2027-02-30), or nil.
    static func parseDay(_ text: String) -> String? {
        guard let (year, month, day) = components(text) else { return nil }
        let parts = DateComponents(year: year, month: month, day: day)
        guard parts.isValidDate(in: calendar) else { return nil }
        return text
    }

    private static func components(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (2000...2100).contains(year)
        else { return nil }
        return (year, month, day)
    }
}

extension SessionDateText {
    /// ISO 8601 with Casablanca's offset at that instant: `2027-01-12T09:00:00+01:00`.
    static func iso8601(_ date: Date) -> String {
        let offset = SiteTime.zone.secondsFromGMT(for: date) / 60
        let sign = offset < 0 ? "-" : "+"
        let (hours, minutes) = (abs(offset) / 60, abs(offset) % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(localInput(date)):00\(sign)\(two(hours)):\(two(minutes))"
    }
}
