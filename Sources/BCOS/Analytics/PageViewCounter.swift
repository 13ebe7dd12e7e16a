import Foundation
import Logging
import NIOConcurrencyHelpers

/// Counts course-page and landing-page views in memory and writes the sums to PostgreSQL
/// (`course_page_views`) on `flush()`, which the server calls every minute and at shutdown.
/// A page view costs a dictionary increment under a lock, not a write per visitor; nothing
/// about the visitor is kept. Views counted since the last flush are lost if the process is
/// killed — acceptable for a conversion rate, not for enrollments, which never go through here.
final class PageViewCounter: Sendable {
    enum Page: String, Sendable, CaseIterable {
        case course
        case landing
    }

    struct Key: Hashable, Sendable {
        let courseID: UUID
        let page: Page
        let language: Language
        /// `yyyy-MM-dd` in Casablanca time, the site's day.
        let day: String
    }

    private let pending = NIOLockedValueBox<[Key: Int]>([:])

    func record(courseID: UUID, page: Page, language: Language, at date: Date = Date()) {
        let key = Key(courseID: courseID, page: page, language: language, day: PageViewCounter.day(date))
        pending.withLockedValue { $0[key, default: 0] += 1 }
    }

    /// Writes what was counted and forgets it; on failure the counts go back for the next flush.
    func flush(_ database: AppDatabase) async throws {
        let counts = pending.withLockedValue { counts -> [Key: Int] in
            defer { counts = [:] }
            return counts
        }
        guard !counts.isEmpty else { return }
        do {
            try await database.transaction { try $0.pageViews.add(counts) }
        } catch {
            pending.withLockedValue { for (key, value) in counts { $0[key, default: 0] += value } }
            throw error
        }
    }

    /// Flushes every `interval` until cancelled, then once more.
    func startFlushing(_ database: AppDatabase, every interval: Duration, logger: Logger) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                do { try await flush(database) } catch { logger.notice("page views kept for the next flush: \(error)") }
            }
        }
    }

    /// The site's calendar, built once: `record` runs on every course page view, and a
    /// DateFormatter per call would cost more than the rest of the counting.
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SiteTime.zone
        return calendar
    }()

    /// The day of `date`; the current day is remembered with its bounds (a view is counted on
    /// every course page served, and `Calendar` is slow on Linux).
    static func day(_ date: Date) -> String {
        if let known = today.withLockedValue({ $0 }), known.bounds.contains(date) { return known.day }
        let day = computeDay(date)
        let start = calendar.startOfDay(for: date)
        if let end = calendar.date(byAdding: .day, value: 1, to: start) {
            today.withLockedValue { $0 = (start..<end, day) }
        }
        return day
    }

    private static let today = NIOLockedValueBox<(bounds: Range<Date>, day: String)?>(nil)

    private static func computeDay(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let (year, month, day) = (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}
