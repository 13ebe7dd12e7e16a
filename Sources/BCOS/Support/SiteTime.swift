import Foundation
import NIOConcurrencyHelpers

/// The site's clock: the training company works in Casablanca time, so "today", a week and a
/// date shown to an admin are Casablanca's, whatever the server's or PostgreSQL's time zone.
enum SiteTime {
    /// For SQL too (`AT TIME ZONE $n`), so PostgreSQL and Swift agree on where a day starts.
    static let zoneIdentifier = "Africa/Casablanca"
    static let zone = TimeZone(identifier: zoneIdentifier) ?? .current

    /// A Casablanca day: its bounds and its `yyyy-MM-dd`.
    struct Day: Sendable {
        let bounds: Range<Date>
        let text: String
    }

    /// The day `date` falls in. The current day is remembered: every page served asks (for its
    /// view count and its expiry), and `Calendar` is slow on Linux.
    static func day(containing date: Date) -> Day {
        if let known = today.withLockedValue({ $0 }), known.bounds.contains(date) { return known }
        let start = calendar.startOfDay(for: date)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let (year, month, day) = (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        let found = Day(bounds: start..<max(end, start.addingTimeInterval(1)),
                        text: "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)")
        if found.bounds.contains(date) { today.withLockedValue { $0 = found } }
        return found
    }

    private static let today = NIOLockedValueBox<Day?>(nil)

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()
}
