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

    /// `yyyy-MM-dd`: the site's day of `date` (see `SiteTime.day`).
    static func day(_ date: Date) -> String { SiteTime.day(containing: date).text }
}
