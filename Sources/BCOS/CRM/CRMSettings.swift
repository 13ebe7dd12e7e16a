import Foundation

/// Delivery settings (README's configuration table).
struct CRMSettings: Sendable {
    /// The wait before each retry, in order: its length is the number of retries after the first
    /// attempt. The default outlasts a CRM outage of a couple of hours before anything reaches
    /// the manual retry queue (with three quick retries, all were spent within 7 minutes).
    var retrySchedule: [Duration] = CRMSettings.defaultSchedule
    /// `CRM_WORKERS`: deliveries in flight at once, per worker.
    var concurrency = 4
    /// How long a claimed row stays reserved: longer than the longest delivery timeout (120 s),
    /// so a live worker never loses a row it is still sending.
    var lease: Duration = .seconds(150)
    /// Fallback poll when no NOTIFY arrives (LISTEN lost, rows that became due by time).
    var pollInterval: Duration = .seconds(5)

    /// 1 minute, 15 minutes, 2 hours.
    static let defaultSchedule: [Duration] = [.seconds(60), .seconds(900), .seconds(7_200)]

    /// `CRM_MAX_RETRIES`: retries after the first attempt.
    var maxRetries: Int { retrySchedule.count }

    /// `CRM_RETRY_BASE_SECONDS` (the older setting): base, then 2×, 4×… as many times as there
    /// are retries. Setting it makes the schedule exponential.
    var retryBase: Duration {
        get { retrySchedule.first ?? .seconds(60) }
        set { retrySchedule = CRMSettings.exponential(base: newValue, retries: retrySchedule.count) }
    }

    static func exponential(base: Duration, retries: Int) -> [Duration] {
        (0..<max(retries, 0)).map { index in .milliseconds(Int64(min(base.seconds * pow(2, Double(index)), 86_400) * 1_000)) }
    }

    /// The schedule of the environment: `CRM_RETRY_SCHEDULE` when set (`60,900,7200`, seconds);
    /// else `CRM_MAX_RETRIES` / `CRM_RETRY_BASE_SECONDS` as before (exponential from the base);
    /// else the default.
    static func schedule(explicit: [Double]?, maxRetries: Int?, baseSeconds: Double?) -> [Duration] {
        if let explicit { return explicit.map { .milliseconds(Int64(min(max($0, 0.05), 86_400) * 1_000)) } }
        guard maxRetries != nil || baseSeconds != nil else { return defaultSchedule }
        return exponential(base: .milliseconds(Int64((baseSeconds ?? 60) * 1_000)), retries: maxRetries ?? defaultSchedule.count)
    }

    /// Delay before retry number `retry` (1-based), with ±20 % jitter so a burst of failures
    /// does not come back all at once.
    func backoff(retry: Int) -> Duration {
        guard let base = retrySchedule.isEmpty ? nil : retrySchedule[min(max(retry, 1), retrySchedule.count) - 1] else { return .seconds(60) }
        return .milliseconds(Int64(min(base.seconds * Double.random(in: 0.8...1.2), 86_400) * 1_000))
    }
}
