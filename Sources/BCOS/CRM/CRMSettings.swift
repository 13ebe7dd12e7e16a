import Foundation

/// Delivery settings (README's configuration table).
struct CRMSettings: Sendable {
    /// `CRM_MAX_RETRIES`: retries after the first attempt.
    var maxRetries = 3
    /// `CRM_WORKERS`: deliveries in flight at once, per worker.
    var concurrency = 4
    /// `CRM_RETRY_BASE_SECONDS`: the first retry waits about this long, then 2×, 4×… (±20 %).
    var retryBase: Duration = .seconds(60)
    /// How long a claimed row stays reserved: longer than the longest delivery timeout (120 s),
    /// so a live worker never loses a row it is still sending.
    var lease: Duration = .seconds(150)
    /// Fallback poll when no NOTIFY arrives (LISTEN lost, rows that became due by time).
    var pollInterval: Duration = .seconds(5)

    /// Delay before retry number `retry` (1-based), with ±20 % jitter so a burst of failures
    /// does not come back all at once.
    func backoff(retry: Int) -> Duration {
        let factor = pow(2.0, Double(max(0, retry - 1))) * Double.random(in: 0.8...1.2)
        return .milliseconds(Int64(min(retryBase.seconds * factor, 86_400) * 1_000))
    }
}
