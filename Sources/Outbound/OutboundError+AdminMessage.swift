extension OutboundError {
    /// What an admin reads in the CRM log and on the integrations page, in French like the rest of
    /// the back office (`description` stays English for the server logs). Values that came from
    /// outside (a refused URL, a server's reply) have their control characters replaced, so the
    /// message stays one line wherever it is shown or logged.
    public var adminMessage: String {
        func clean(_ text: String) -> String {
            let limited = text.count > 300 ? String(text.prefix(300)) + "…" : text
            return String(String.UnicodeScalarView(limited.unicodeScalars.map {
                $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? "?" : $0
            }))
        }
        return switch self {
        case .timedOut: "Délai dépassé : le destinataire n’a pas répondu à temps."
        case .connectionFailed(let detail): "Connexion impossible : \(clean(detail))"
        case .tlsFailed(let detail): "Échec TLS (certificat ou chiffrement) : \(clean(detail))"
        case .responseTooLarge(let limit): "Réponse trop volumineuse (plus de \(limit) octets) : interrompue."
        case .invalidURL(let url): "Adresse refusée : \(clean(url))"
        case .protocolNotAllowed(let scheme): "Protocole « \(clean(scheme)) » refusé : seuls http et https sont permis."
        case .invalidHeader(let name): "En-tête invalide : \(clean(name))"
        case .invalidMethod(let method): "Méthode refusée : \(clean(method))"
        case .invalidMailAddress(let address): "Adresse e-mail invalide : \(clean(address))"
        case .missingRecipients: "Aucun destinataire."
        case .invalidMailServer(let detail): "Serveur SMTP invalide : \(clean(detail))"
        case .authenticationFailed(let detail): "Authentification SMTP refusée : \(clean(detail))"
        case .addressRefused(let host, let address):
            "Adresse interne refusée : \(address)\(host == address ? "" : " (\(clean(host)))") (ajoutez-la à OUTBOUND_ALLOW si ce destinataire est légitime)"
        case .transport(let code, let message): "Échec de l’envoi (libcurl \(code)) : \(clean(message))"
        }
    }
}
