import Foundation
import Logging
import Outbound

/// The channel for each kind of integration, sharing one HTTP client and one SMTP client.
struct CRMChannels: Sendable {
    let webhook: WebhookChannel
    let email: EmailChannel
    let hubspot: HubSpotChannel
    let salesforce: SalesforceChannel
    let pipedrive: PipedriveChannel

    init(http: HTTPClient, smtp: SMTPClient, baseURL: String) {
        let exchange = HTTPExchange(client: http)
        webhook = WebhookChannel(exchange: exchange)
        email = EmailChannel(smtp: smtp, baseURL: baseURL)
        hubspot = HubSpotChannel(exchange: exchange)
        salesforce = SalesforceChannel(exchange: exchange)
        pipedrive = PipedriveChannel(exchange: exchange)
    }

    func channel(for kind: CRMKind) -> any CRMChannel {
        switch kind {
        case .webhook: webhook
        case .email: email
        case .hubspot: hubspot
        case .salesforce: salesforce
        case .pipedrive: pipedrive
        }
    }
}

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
        guard let to, !to.isEmpty, let smtpURL, let components = URLComponents(string: smtpURL),
              let scheme = components.scheme?.lowercased(), let host = components.host else { return nil }
        let security: SMTPServer.Security
        if scheme == "smtps" { security = .tls }
        else if components.queryItems?.first(where: { $0.name == "security" })?.value == "none" { security = .none }
        else { security = .startTLS }
        self.to = to
        server = SMTPServer(host: host, port: components.port, security: security,
                            username: components.percentEncodedUser?.removingPercentEncoding, password: components.percentEncodedPassword?.removingPercentEncoding,
                            timeout: .seconds(30))
        self.from = from ?? "bcos@\(host)"
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
