/// Confirmation messages after Post/Redirect/Get (`?ok=saved`): fixed texts, never echoed input.
enum AdminFlash {
    static let messages = [
        "saved": "Modifications enregistrées.", "created": "Élément créé.", "deleted": "Élément supprimé.",
        "duplicated": "Formation dupliquée : vérifiez-la avant de la publier.", "signed_out": "Vous êtes déconnecté.",
        "retried": "Nouvelle tentative programmée.", "tested": "Test de connexion effectué.",
        "closed": "Session fermée aux inscriptions.", "cancelled": "Session annulée.", "admitted": "Inscription sortie de la liste d’attente.",
        "reset": "Modèle d’origine rétabli.",
        "anonymised": "Données personnelles anonymisées.", "person_deleted": "Données personnelles supprimées (inscriptions, envois CRM et e-mails).",
    ]
    static func message(_ key: String) -> String? { messages[key] }
}
