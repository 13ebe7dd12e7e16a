import Foundation
import Outbound

/// Where the site's own e-mails go out (`SMTP_URL`, `MAIL_FROM`), who on the team hears of new
/// enrollments (`NOTIFY_EMAIL`) and the contact line printed in every visitor e-mail. nil when
/// `SMTP_URL` is unset or unreadable: then nothing is written to the outbox and the dashboard
/// says that no e-mail is sent.
struct MailSettings: Sendable {
    let server: SMTPServer
    let from: MailAddress
    let notify: [MailAddress]
    let contactEmail: String
    let contactPhone: String?
    let baseURL: String
    let retrySchedule: [Double]

    init?(_ configuration: AppConfiguration) {
        guard let url = configuration.smtpURL, let server = SMTPURL.server(url) else { return nil }
        self.server = server
        let sender = configuration.mailFrom ?? "inscriptions@\(server.host)"
        from = MailAddress(sender, name: "BCOS Formation")
        notify = EmailChannel.addresses(configuration.notifyEmail)
        contactEmail = configuration.contactEmail ?? sender
        contactPhone = configuration.contactPhone
        baseURL = configuration.baseURL
        retrySchedule = configuration.mailRetrySchedule
    }

    /// The wait before attempt `attempts + 1`, or nil when the e-mail has had all its attempts.
    func retryDelay(afterAttempts attempts: Int) -> Double? {
        attempts <= retrySchedule.count ? retrySchedule[max(attempts - 1, 0)] : nil
    }
}
