import Crypto
import Foundation
import NIOConcurrencyHelpers

/// One-time tokens for the enrollment form: each rendered form carries a fresh random token, and
/// the database accepts one enrollment per token, so a double click or back-and-resubmit creates
/// one enrollment.
enum SubmissionToken {
    static func make() -> String {
        SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Tokens are 22 URL-safe characters; anything else is refused before touching the database.
    static func isWellFormed(_ token: String) -> Bool {
        token.count == 22 && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

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
