import Foundation
import NIOConcurrencyHelpers

/// A per-address limit on submissions (a sliding window kept in memory, per instance): enough for a
/// person enrolling colleagues, too little for a script.
final class SubmissionRateLimiter: Sendable {
    private let limit: Int
    private let window: TimeInterval
    private let recent = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int = 10, window: TimeInterval = 600) {
        self.limit = limit
        self.window = window
    }

    /// Records an attempt; false when the address is over the limit.
    func allow(_ address: String, now: Date = Date()) -> Bool {
        recent.withLockedValue { recent in
            if recent.count > 10_000 { recent = recent.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
            var times = (recent[address] ?? []).filter { now.timeIntervalSince($0) < window }
            guard times.count < limit else {
                recent[address] = times
                return false
            }
            times.append(now)
            recent[address] = times
            return true
        }
    }
}
