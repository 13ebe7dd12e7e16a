import Foundation
import Logging
import NIOConcurrencyHelpers
import Postgres

/// Claims due `crm_logs` rows and delivers them. Runs inside `bcos serve` and alone as
/// `bcos worker`; any number may share one database: claims use `FOR UPDATE SKIP LOCKED` and a
/// lease, and every result is written only by the lease holder. Wakes on `NOTIFY crm_outbox`
/// (committed enrollments, manual retries) and when a delivery ends, and polls as a fallback.
final class DeliveryWorker: Sendable {
    let database: AppDatabase
    let channels: CRMChannels
    let settings: CRMSettings
    let logger: Logger
    let id: String
    let alerts: DeliveryAlerts?
    /// Counts each recorded attempt (`crm_deliveries_total`); nil counts nothing.
    let metrics: AppMetrics?
    private let wake = WakeSignal()
    private let inFlight = NIOLockedValueBox(0)

    init(
        database: AppDatabase, channels: CRMChannels, settings: CRMSettings, logger: Logger, alerts: DeliveryAlerts? = nil,
        metrics: AppMetrics? = nil
    ) {
        self.database = database
        self.channels = channels
        self.settings = settings
        self.logger = logger
        self.alerts = alerts
        self.metrics = metrics
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
                var claimed: [CRMLogRepository.Claimed] = []
                if free > 0 {
                    do {
                        let (lease, worker) = (settings.lease, id)
                        claimed = try await database.run { try $0.crmLogs.claim(limit: free, lease: lease, worker: worker) }
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
            try await Task { [database, id] in try await database.run { try $0.crmLogs.release(worker: id) } }.value
        } catch {
            logger.warning("CRM worker \(id) could not release its leases (they expire on their own): \(error)")
        }
        logger.info("CRM delivery worker \(id) stopped")
    }

    /// One attempt for one row, recorded with what comes next. Its lines carry the `request_id`
    /// of the request that queued the row (the visitor's enrollment), when it has one.
    func deliver(_ row: CRMLogRepository.Claimed) async {
        var logger = self.logger
        if let requestID = row.requestID { logger[metadataKey: "request_id"] = .string(requestID) }
        do {
            let (attempt, kind) = try await attempt(row)
            if Task.isCancelled {
                // Shutting down mid-delivery: record nothing; the lease runs out and another
                // worker (or this one after restart) delivers the row again.
                return
            }
            let next = decide(attempt.outcome, retryCount: row.retryCount)
            let worker = id
            try await database.run { try $0.crmLogs.record(row.id, worker: worker, attempt: attempt, next: next) }
            metrics?.crmDelivery(integration: kind?.rawValue ?? "unknown", outcome: next.metricsOutcome)
            if case .gone(let reason) = attempt.outcome, let integrationID = row.integrationID {
                try await database.run { try $0.crmIntegrations.deactivate(integrationID, reason: reason) }
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

    func decide(_ outcome: DeliveryOutcome, retryCount: Int) -> CRMLogRepository.Next {
        switch outcome {
        case .delivered: return .done
        case .fail, .gone: return .giveUp
        case .retry(_, let after):
            guard retryCount < settings.maxRetries else { return .giveUp }
            return .retry(after: after ?? settings.backoff(retry: retryCount + 1), retryCount: retryCount + 1)
        }
    }

    /// Everything one delivery needs, read on one connection (the worker does this for every
    /// row, so it is kept to one checkout with prepared statements): the integration, the
    /// enrollment with its course, and whether and how the course maps the integration.
    struct Inputs: Sendable {
        var integration: CRMIntegration?
        var sources: CRMSources?
        /// nil: the course no longer maps the integration. Otherwise the stored mapping text.
        var mapping: String??
    }

    /// The attempt, with the kind of CRM it went to (nil when the integration is gone).
    private func attempt(_ row: CRMLogRepository.Claimed) async throws -> (DeliveryAttempt, CRMKind?) {
        let inputs = try await database.run { db -> Inputs in
            var inputs = Inputs()
            guard let integrationID = row.integrationID else { return inputs }
            inputs.integration = try db.crmIntegrations.find(integrationID)
            guard let enrollmentID = row.enrollmentID else { return inputs }
            inputs.sources = try db.enrollments.crmSources(enrollmentID: enrollmentID)
            inputs.mapping = try db.crmMappings.deliveryMapping(enrollmentID: enrollmentID, integrationID: integrationID)
            return inputs
        }
        return (await attempt(row, inputs), inputs.integration?.kind)
    }

    private func attempt(_ row: CRMLogRepository.Claimed, _ inputs: Inputs) async -> DeliveryAttempt {
        func refused(_ reason: String) -> DeliveryAttempt {
            DeliveryAttempt(request: .null, response: nil, responseStatus: nil, outcome: .fail(reason))
        }
        guard let integration = inputs.integration else {
            return refused("L’intégration a été supprimée : rien n’a été envoyé.")
        }
        if let problem = integration.storedDataProblem { return refused("\(problem) Rien n’a été envoyé.") }
        guard integration.isActive else { return refused("L’intégration « \(integration.name) » est désactivée : rien n’a été envoyé.") }
        guard let sources = inputs.sources else { return refused("L’inscription n’existe plus.") }
        guard let stored = inputs.mapping else { return refused("La formation n’est plus reliée à « \(integration.name) » : rien n’a été envoyé.") }
        // A stored mapping that does not decode fails the delivery loudly: never send a guess.
        let mapping: FieldMapping
        switch FieldMapping.parse(stored) {
        case .success(let parsed): mapping = parsed
        case .failure(let error): return refused("\(error.message) Rien n’a été envoyé : corrigez la correspondance de la formation.")
        }
        // The course's mapping, else the integration's own default, else the provider's.
        let effective = !mapping.isEmpty ? mapping
            : !integration.defaultMapping.isEmpty ? integration.defaultMapping
            : FieldMapping.defaultMapping(for: integration.kind, sources: sources.values.keys.sorted())
        guard let event = DeliveryEvent(name: row.event, data: row.eventData) else {
            return refused("Événement illisible en base (« \(row.event) ») : rien n’a été envoyé.")
        }
        let job = DeliveryJob(
            logID: row.id, integration: integration, payload: effective.payload(from: sources.values), sources: sources,
            previousResponse: row.previousResponse, event: event)
        let channel = channels.channel(for: integration.kind)
        switch event {
        case .created: return await channel.deliver(job)
        case .statusChanged(let status): return await channel.deliverStatusChange(job, to: status)
        }
    }
}

extension CRMLogRepository.Next {
    /// How `crm_deliveries_total` counts an attempt that ends this way.
    var metricsOutcome: AppMetrics.DeliveryOutcome {
        switch self {
        case .done: .delivered
        case .retry: .retry
        case .giveUp: .failed
        }
    }
}
