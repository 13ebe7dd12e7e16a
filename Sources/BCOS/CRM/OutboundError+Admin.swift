import Outbound

extension OutboundError {
    /// What an admin reads in the CRM log and on the integrations page, in French like the rest of
    /// the back office (`description` stays English for the server logs).
    var adminMessage: String {
        switch self {
        case .timedOut: "Délai dépassé : le destinataire n’a pas répondu à temps."
        case .connectionFailed(let detail): "Connexion impossible : \(detail)"
        case .tlsFailed(let detail): "Échec TLS (certificat ou chiffrement) : \(detail)"
        case .responseTooLarge(let limit): "Réponse trop volumineuse (plus de \(limit) octets) : interrompue."
        case .invalidURL(let url): "Adresse refusée : \(url)"
        case .protocolNotAllowed(let scheme): "Protocole « \(scheme) » refusé : seuls http et https sont permis."
        case .invalidHeader(let name): "En-tête invalide : \(name)"
        case .invalidMethod(let method): "Méthode refusée : \(method)"
        case .invalidMailAddress(let address): "Adresse e-mail invalide : \(address)"
        case .missingRecipients: "Aucun destinataire."
        case .invalidMailServer(let detail): "Serveur SMTP invalide : \(detail)"
        case .authenticationFailed(let detail): "Authentification SMTP refusée : \(detail)"
        case .transport(let code, let message): "Échec de l’envoi (libcurl \(code)) : \(message)"
        }
    }
}
