import Foundation
import Logging
import Outbound

/// The channel for each kind of integration, sharing one HTTP client and one SMTP client. The
/// database (nil in unit tests) holds what providers cache: Salesforce tokens, HubSpot property names.
struct CRMChannels: Sendable {
    let webhook: WebhookChannel
    let email: EmailChannel
    let hubspot: HubSpotChannel
    let salesforce: SalesforceChannel
    let pipedrive: PipedriveChannel

    init(http: HTTPClient, smtp: SMTPClient, baseURL: String, database: AppDatabase? = nil) {
        let exchange = HTTPExchange(client: http)
        webhook = WebhookChannel(exchange: exchange)
        email = EmailChannel(smtp: smtp, baseURL: baseURL)
        hubspot = HubSpotChannel(exchange: exchange, database: database)
        salesforce = SalesforceChannel(exchange: exchange, auth: SalesforceAuth(exchange: exchange, database: database))
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
