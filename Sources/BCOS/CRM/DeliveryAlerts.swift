import Foundation
import Logging
import Outbound

/// `ALERT_EMAIL`: an e-mail when a delivery has used up its retries, sent through the SMTP server
/// of `ALERT_SMTP_URL` (`smtp://user:password@host:587`, `smtps://…`; `?security=none` for a
/// local relay). Failures to alert are logged, never thrown.
struct DeliveryAlerts: Sendable {
    let to: String
    let server: SMTPServer
    let from: String
    let smtp: SMTPClient
    let baseURL: String
    var logger = Logger(label: "bcos.crm.alerts")

    init?(to: String?, smtpURL: String?, from: String?, smtp: SMTPClient, baseURL: String) {
        guard let to, !to.isEmpty, let server = smtpURL.flatMap({ SMTPURL.server($0) }) else { return nil }
        self.to = to
        self.server = server
        self.from = from ?? "bcos@\(server.host)"
        self.smtp = smtp
        self.baseURL = baseURL
    }

    func deliveryGaveUp(logID: UUID, integrationID: UUID?, reason: String) async {
        let message = MailMessage(
            from: MailAddress(from, name: "BCOS Formation"), to: EmailChannel.addresses(to),
            subject: "Envoi CRM en échec définitif",
            textBody: """
                Un envoi CRM a épuisé ses tentatives et ne sera plus réessayé automatiquement.

                Raison : \(reason)

                File de reprise : \(baseURL)/admin/crm/retry
                Envoi : \(baseURL)/admin/crm/logs/\(logID.uuidString.lowercased())
                """)
        do {
            try await smtp.send(message, via: server)
        } catch {
            logger.error("could not send the CRM alert e-mail to \(to): \(error)")
        }
    }
}
