/// Confirmation messages after Post/Redirect/Get (`?ok=saved`): fixed texts, never echoed input.
enum AdminFlash {
    static let messages = [
        "saved": "Modifications enregistrées.", "created": "Élément créé.", "deleted": "Élément supprimé.",
        "duplicated": "Formation dupliquée : vérifiez-la avant de la publier.", "signed_out": "Vous êtes déconnecté.",
        "retried": "Nouvelle tentative programmée.", "tested": "Test de connexion effectué.",
        "closed": "Session fermée aux inscriptions.", "cancelled": "Session annulée.", "admitted": "Inscription sortie de la liste d’attente.",
        "reset": "Modèle d’origine rétabli.", "invited": "Invitation envoyée (lien valable 48 heures).",
        "account_created": "Votre compte est prêt : connectez-vous avec votre nouveau mot de passe.",
        "password_reset": "Mot de passe changé : connectez-vous avec le nouveau. Vos autres sessions sont fermées.",
        "second_factor_on": "Double authentification activée.", "second_factor_off": "Double authentification désactivée.",
        "anonymised": "Données personnelles anonymisées.", "person_deleted": "Données personnelles supprimées (inscriptions, envois CRM et e-mails).",
    ]
    static func message(_ key: String) -> String? { messages[key] }
}
