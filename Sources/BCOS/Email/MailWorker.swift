import Foundation
import Logging
import Outbound

/// Sends what `email_outbox` holds. Runs inside `bcos serve` and `bcos worker`, next to the CRM
/// delivery worker; several may share one database (claims are leased rows, `SKIP LOCKED`).
/// Wakes on `NOTIFY email_outbox` and polls as a fallback. A failed send is tried again on
/// `MAIL_RETRY_SCHEDULE`; refused addresses and credentials fail at once (retrying would not help).
final class MailWorker: Sendable {
    let database: AppDatabase
    let smtp: SMTPClient
    let settings: MailSettings
    let logger: Logger
    let id: String
    let pollInterval: Duration
    /// Messages sent at once: an SMTP relay rarely wants more from one client.
    static let batch = 4
    static let lease: Duration = .seconds(120)
    private let wake = WakeSignal()

    init(database: AppDatabase, smtp: SMTPClient, settings: MailSettings, logger: Logger, pollInterval: Duration) {
        self.database = database
        self.smtp = smtp
        self.settings = settings
        self.logger = logger
        self.pollInterval = pollInterval
        id = "\(ProcessInfo.processInfo.hostName)/\(getpid())/mail-\(UUID().uuidString.prefix(8))"
    }

    func poke() { wake.signal() }

    func run() async {
        logger.info("mail worker \(id) started (\(settings.server.description))")
        while !Task.isCancelled {
            var claimed: [EmailOutboxRepository.Stored] = []
            do {
                let worker = id
                claimed = try await database.run { try $0.emailOutbox.claim(limit: MailWorker.batch, lease: MailWorker.lease, worker: worker) }
            } catch {
                logger.warning("mail worker could not claim e-mails: \(error)")
            }
            await withDiscardingTaskGroup { group in
                for message in claimed { group.addTask { [self] in await send(message) } }
            }
            if claimed.count == MailWorker.batch { continue }
            await wake.wait(timeout: pollInterval)
        }
        do {
            try await Task { [database, id] in try await database.run { try $0.emailOutbox.release(worker: id) } }.value
        } catch {
            logger.notice("mail worker \(id) could not release its leases (they expire on their own): \(error)")
        }
        logger.info("mail worker \(id) stopped")
    }

    func send(_ stored: EmailOutboxRepository.Stored) async {
        let message = MailWorker.message(stored, from: settings.from, replyTo: settings.contactEmail)
        let worker = id
        do {
            try await smtp.send(message, via: settings.server)
            try await database.run { try $0.emailOutbox.markSent(stored.id, worker: worker) }
            logger.info("e-mail \(stored.id) (\(stored.kind)) sent")
        } catch {
            if Task.isCancelled { return }
            let outcome = EmailChannel.outcome(error, secrets: [settings.server.password].compactMap { $0 })
            let reason = outcome.message
            let retryAfter: Double? = if case .retry = outcome { settings.retryDelay(afterAttempts: stored.attempts) } else { nil }
            do {
                try await database.run { try $0.emailOutbox.markFailed(stored.id, worker: worker, error: reason, retryAfter: retryAfter) }
            } catch {
                logger.error("e-mail \(stored.id): could not record the failure (\(error)); the lease will expire and it is tried again")
            }
            if let retryAfter {
                logger.notice("e-mail \(stored.id) not sent (\(reason)); attempt \(stored.attempts + 1) in \(Int(retryAfter)) s")
            } else {
                logger.error("e-mail \(stored.id) failed for good: \(reason)")
            }
        }
    }

    /// The stored message as sent: text and HTML parts, and the calendar file when there is one.
    static func message(_ stored: EmailOutboxRepository.Stored, from: MailAddress, replyTo: String) -> MailMessage {
        message(to: stored.to, subject: stored.subject, text: stored.text, html: stored.html, calendar: stored.calendar, from: from, replyTo: replyTo)
    }

    static func message(to: String, subject: String, text: String, html: String, calendar: String?, from: MailAddress, replyTo: String) -> MailMessage {
        let attachments = calendar.map { [MailAttachment(filename: "formation.ics", contentType: "text/calendar; method=PUBLISH", data: Array($0.utf8))] } ?? []
        return MailMessage(
            from: from, to: EmailChannel.addresses(to), replyTo: replyTo == from.address ? nil : MailAddress(replyTo),
            subject: subject, textBody: text, htmlBody: html, attachments: attachments,
            messageID: MailMessage.makeMessageID(domain: from.address.split(separator: "@").last.map(String.init) ?? "localhost"))
    }
}
