import Foundation

/// One change made in the back office, as the audit trail records it (`audit_events`).
struct AuditEvent: Sendable, Equatable {
    /// What kind of record changed; the journal filters on it.
    enum Kind: String, Sendable, CaseIterable {
        case course, session, category, legalPage = "legal_page", landingPage = "landing_page", enrollment, export
        case crmIntegration = "crm_integration", crmMapping = "crm_mapping", emailTemplate = "email_template", account
        case signIn = "sign_in"

        var label: String {
            switch self {
            case .course: "Formation"
            case .session: "Session"
            case .category: "Catégorie"
            case .legalPage: "Page légale"
            case .landingPage: "Page de présentation"
            case .enrollment: "Inscription"
            case .export: "Export"
            case .crmIntegration: "Intégration CRM"
            case .crmMapping: "Correspondance CRM"
            case .emailTemplate: "Modèle d’e-mail"
            case .account: "Compte"
            case .signIn: "Connexion"
            }
        }
    }

    var kind: Kind
    /// A short verb: created, updated, deleted, status_changed, exported, anonymised, secret_changed…
    var action: String
    var recordID: String?
    /// For people, in French. Never a secret's value: say that it changed.
    var summary: String

    init(_ kind: Kind, _ action: String, _ summary: String) {
        self.init(kind, action, record: String?.none, summary)
    }

    init(_ kind: Kind, _ action: String, record: String?, _ summary: String) {
        self.kind = kind
        self.action = action
        self.recordID = record
        self.summary = summary
    }

    init(_ kind: Kind, _ action: String, record: UUID?, _ summary: String) {
        self.init(kind, action, record: record?.lowercasedString, summary)
    }
}
