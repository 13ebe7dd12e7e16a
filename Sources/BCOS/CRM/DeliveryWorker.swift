import Foundation
import Logging
import NIOConcurrencyHelpers
import Postgres

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

/// Claims due `crm_logs` rows and delivers them. Runs inside `bcos serve` and alone as
/// `bcos worker`; any number may share one database: claims use `FOR UPDATE SKIP LOCKED` and a
/// lease, and every result is written only by the lease holder. Wakes on `NOTIFY crm_outbox`
/// (committed enrollments, manual retries) and when a delivery ends, and polls as a fallback.
final class DeliveryWorker: Sendable {
    let store: CRMDeliveryRepository
    let integrations: CRMIntegrationRepository
    let channels: CRMChannels
    let settings: CRMSettings
    let logger: Logger
    let id: String
    let alerts: DeliveryAlerts?
    private let wake = WakeSignal()
    private let inFlight = NIOLockedValueBox(0)

    init(store: CRMDeliveryRepository, integrations: CRMIntegrationRepository, channels: CRMChannels, settings: CRMSettings,
         logger: Logger, alerts: DeliveryAlerts? = nil) {
        self.store = store
        self.integrations = integrations
        self.channels = channels
        self.settings = settings
        self.logger = logger
        self.alerts = alerts
        id = "\(ProcessInfo.processInfo.hostName)/\(getpid())/\(UUID().uuidString.prefix(8))"
    }

    /// Something may be due: look now.
    func poke() { wake.signal() }

    /// Runs until the task is cancelled; in-flight deliveries finish first.
    func run() async {
        logger.info("CRM delivery worker \(id) started (\(settings.concurrency) at once, \(settings.maxRetries) retries)")
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let free = settings.concurrency - inFlight.withLockedValue { $0 }
                var claimed: [CRMDeliveryRepository.Claimed] = []
                if free > 0 {
                    do {
                        claimed = try await store.claim(limit: free, lease: settings.lease, worker: id)
                    } catch {
                        logger.warning("CRM worker could not claim deliveries: \(error)")
                    }
                }
                for row in claimed {
                    inFlight.withLockedValue { $0 += 1 }
                    group.addTask { [self] in
                        await deliver(row)
                        inFlight.withLockedValue { $0 -= 1 }
                        wake.signal()
                    }
                }
                // A full batch may mean more is waiting: look again at once.
                if claimed.count == free && free > 0 { continue }
                await wake.wait(timeout: settings.pollInterval)
            }
        }
        do {
            // An unstructured task: this one is cancelled, the release must still run.
            try await Task { [store, id] in try await store.release(worker: id) }.value
        } catch {
            logger.warning("CRM worker \(id) could not release its leases (they expire on their own): \(error)")
        }
        logger.info("CRM delivery worker \(id) stopped")
    }

    /// One attempt for one row, recorded with what comes next.
    func deliver(_ row: CRMDeliveryRepository.Claimed) async {
        do {
            let attempt = try await attempt(row)
            if Task.isCancelled {
                // Shutting down mid-delivery: record nothing; the lease runs out and another
                // worker (or this one after restart) delivers the row again.
                return
            }
            let next = decide(attempt.outcome, retryCount: row.retryCount)
            try await store.record(row.id, worker: id, attempt: attempt, next: next)
            if case .gone(let reason) = attempt.outcome, let integrationID = row.integrationID {
                try await integrations.deactivate(integrationID, reason: reason)
                logger.warning("CRM integration \(integrationID) deactivated: \(reason)")
            }
            switch next {
            case .done: logger.info("CRM delivery \(row.id) succeeded: \(attempt.outcome.message)")
            case .retry(let after, let count):
                logger.notice("CRM delivery \(row.id) failed (\(attempt.outcome.message)); retry \(count) in \(after.shortDescription)")
            case .giveUp:
                logger.error("CRM delivery \(row.id) failed for good: \(attempt.outcome.message)")
                await alerts?.deliveryGaveUp(logID: row.id, integrationID: row.integrationID, reason: attempt.outcome.message)
            }
        } catch {
            logger.error("CRM delivery \(row.id) could not be processed: \(error)")
        }
    }

    func decide(_ outcome: DeliveryOutcome, retryCount: Int) -> CRMDeliveryRepository.Next {
        switch outcome {
        case .delivered: return .done
        case .fail, .gone: return .giveUp
        case .retry(_, let after):
            guard retryCount < settings.maxRetries else { return .giveUp }
            return .retry(after: after ?? settings.backoff(retry: retryCount + 1), retryCount: retryCount + 1)
        }
    }

    private func attempt(_ row: CRMDeliveryRepository.Claimed) async throws -> DeliveryAttempt {
        func refused(_ reason: String) -> DeliveryAttempt {
            DeliveryAttempt(request: .null, response: nil, responseStatus: nil, outcome: .fail(reason))
        }
        let inputs = try await store.inputs(for: row, integrations: integrations)
        guard let integration = inputs.integration else {
            return refused("L’intégration a été supprimée : rien n’a été envoyé.")
        }
        guard integration.isActive else { return refused("L’intégration « \(integration.name) » est désactivée : rien n’a été envoyé.") }
        guard let sources = inputs.sources else { return refused("L’inscription n’existe plus.") }
        let mapping = inputs.mapping
        guard inputs.mapped else { return refused("La formation n’est plus reliée à « \(integration.name) » : rien n’a été envoyé.") }
        let effective = mapping ?? FieldMapping.defaultMapping(for: integration.kind, sources: sources.values.keys.sorted())
        let job = DeliveryJob(
            logID: row.id, integration: integration, payload: effective.payload(from: sources.values), sources: sources,
            previousResponse: row.previousResponse)
        return await channels.channel(for: integration.kind).deliver(job)
    }
}

/// A wake-up call with a timeout: `signal()` ends the current (or next) `wait`.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    func signal() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    func wait(timeout: Duration) async {
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { signal() }
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLockedValue { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            signal()
        }
    }
}
