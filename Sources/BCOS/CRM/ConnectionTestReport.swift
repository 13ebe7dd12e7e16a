/// What "Tester la connexion" tells the admin: whether it worked, what failed (DNS, connection,
/// TLS, the HTTP status with the provider's own error code) and what to check, in French.
struct ConnectionTestReport: Sendable, Equatable {
    let succeeded: Bool
    let title: String
    let detail: String
    let advice: String

    /// From a stored test (the integration page lists them).
    init(_ entry: CRMLogEntry) {
        let response = entry.response.flatMap { JSONValue.parse(Array($0.utf8)) }
        let outcome: DeliveryOutcome = entry.state == .success ? .delivered(entry.errorMessage ?? "") : .fail(entry.errorMessage ?? "")
        self.init(DeliveryAttempt(request: .null, response: response, responseStatus: entry.responseStatus, outcome: outcome))
    }

    init(_ attempt: DeliveryAttempt) {
        succeeded = attempt.outcome.isSuccess
        detail = attempt.outcome.message
        guard !succeeded else {
            title = "Connexion réussie"
            advice = ""
            return
        }
        if let status = attempt.responseStatus {
            let code = ConnectionTestReport.providerCode(attempt.response)
            title = "Échec : le serveur a répondu HTTP \(status)" + (code.map { " (\($0))" } ?? "")
            advice = switch status {
            case 401, 403: "Le jeton ou les identifiants sont refusés : vérifiez-les, leur date d’expiration et leurs droits (scopes)."
            case 404: "Cette adresse ne correspond à aucun service : vérifiez l’URL et la version de l’API."
            case 400, 422: "Le serveur refuse la requête : vérifiez les champs obligatoires et la configuration."
            case 429: "Trop d’appels : le fournisseur limite le débit ; réessayez dans quelques minutes."
            case 300..<400: "Le serveur redirige ailleurs : mettez directement l’adresse finale."
            case 500...: "Le service du fournisseur est en panne ou surchargé : réessayez plus tard."
            default: "Vérifiez l’adresse et la configuration de l’intégration."
            }
            return
        }
        let lower = detail.lowercased()
        (title, advice) = if lower.contains("adresse interne refusée") {
            ("Échec : adresse interne refusée",
             "Cette adresse est sur un réseau interne. Si ce destinataire est légitime, ajoutez-le à OUTBOUND_ALLOW dans la configuration du serveur.")
        } else if lower.contains("resolve") || lower.contains("dns") || lower.contains("nom d’hôte") {
            ("Échec : nom de serveur introuvable (DNS)", "Vérifiez l’orthographe de l’adresse : ce nom de serveur n’existe pas.")
        } else if lower.contains("tls") || lower.contains("certificat") || lower.contains("ssl") {
            ("Échec : connexion sécurisée (TLS) impossible",
             "Le certificat du serveur est invalide ou expiré, ou le serveur n’accepte pas le chiffrement demandé (essayez une autre sécurité SMTP).")
        } else if lower.contains("délai dépassé") || lower.contains("timed out") {
            ("Échec : pas de réponse à temps", "Le serveur ne répond pas : vérifiez l’adresse, le port, et qu’il est en ligne.")
        } else if lower.contains("authentification") {
            ("Échec : authentification refusée", "Vérifiez l’utilisateur et le mot de passe.")
        } else if lower.contains("connexion impossible") || lower.contains("connect") {
            ("Échec : connexion refusée", "Le serveur refuse la connexion : vérifiez l’adresse et le port.")
        } else {
            ("Échec de la connexion", "Vérifiez l’adresse et la configuration de l’intégration.")
        }
    }

    /// The provider's own error code in a JSON answer: HubSpot `category`, Salesforce
    /// `[{"errorCode"}]`, Pipedrive `error`, or a generic `code`.
    static func providerCode(_ response: JSONValue?) -> String? {
        guard let body = response?["body"] else { return nil }
        if case .array(let items) = body, let first = items.first, let code = first["errorCode"]?.text { return code }
        for key in ["category", "errorCode", "error_code", "code", "error"] {
            if let code = body[key]?.text, !code.isEmpty, code.count <= 80 { return code }
        }
        return nil
    }
}
