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
