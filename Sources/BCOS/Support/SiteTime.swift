import Foundation

/// The site's clock: the training company works in Casablanca time, so "today", a week and a
/// date shown to an admin are Casablanca's, whatever the server's or PostgreSQL's time zone.
enum SiteTime {
    /// For SQL too (`AT TIME ZONE $n`), so PostgreSQL and Swift agree on where a day starts.
    static let zoneIdentifier = "Africa/Casablanca"
    static let zone = TimeZone(identifier: zoneIdentifier) ?? .current
}
