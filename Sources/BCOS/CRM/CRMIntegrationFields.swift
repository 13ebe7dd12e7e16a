/// The integration editor's fields (`admin/field` partial), named after the seed's config keys.
enum CRMIntegrationFields {
    static func make(_ input: CRMIntegrationInput, errors: [String: String]) -> AdminFields {
        let c = input.config
        let smtp = c.smtp_config ?? SMTPSettings()
        func keep(_ mask: String) -> String { mask.isEmpty ? "" : "\(mask) (inchangé si vide)" }
        var fields = AdminFields(errors: errors)
        fields.add("name", "Nom", value: input.name, required: true, attributes: .init(maxLength: 120))
        fields.add("is_active", "Active (les nouvelles inscriptions lui sont envoyées)", control: .checkbox(checked: input.isActive))
        fields.add("all_courses", "Toutes les formations (y compris les nouvelles et les copies)", control: .checkbox(checked: input.allCourses),
                   help: "Chaque formation envoie alors ses inscriptions ici, avec la correspondance ci-dessous, sauf si elle a la sienne ou si elle s’en retire sur sa page « Envois CRM ».")
        fields.add("default_mapping", "Correspondance par défaut (avancé, JSON)", value: input.defaultMappingText, control: .textarea(rows: 4),
                   help: "Vide : la correspondance standard du fournisseur. Même format que sur la page « Envois CRM » d’une formation.")
        // Webhook
        fields.add("endpoint", input.kind == .webhook ? "Adresse (http:// ou https://)" : "Adresse de l’API (avancé)", value: c.endpoint ?? "",
                   control: .input(type: "url"), required: input.kind == .webhook,
                   help: input.kind == .webhook ? "" : "Vide : l’adresse officielle du fournisseur.")
        fields.add("method", "Méthode", value: (c.method ?? .POST).rawValue, control: .select(WebhookMethod.allCases.map {
            SelectOption(value: $0.rawValue, label: $0.rawValue, selected: $0 == (c.method ?? .POST))
        }))
        fields.add("signing_secret", "Secret de signature (facultatif)", control: .input(type: "password"),
                   help: "Permet à l’outil qui reçoit les inscriptions de vérifier qu’elles viennent bien de ce site. Collez le secret qu’il vous donne (il commence souvent par « whsec_ ») ; laissez vide s’il n’en demande pas. Pour les développeurs : norme Standard Webhooks, en-têtes webhook-id, webhook-timestamp et webhook-signature (HMAC-SHA256).",
                   attributes: .init(placeholder: keep(SecretBox.masked(c.signing_secret ?? ""))))
        fields.add("remove_signing_secret", "Supprimer le secret (envois non signés)", control: .checkbox(checked: false))
        // E-mail
        fields.add("to", "À (séparés par des virgules)", value: c.to ?? "", required: true)
        fields.add("cc", "Copie", value: c.cc ?? "")
        fields.add("subject_template", "Modèle du sujet (Mustache)", value: c.subject_template ?? "",
                   attributes: .init(placeholder: EmailChannel.defaultSubject))
        fields.add("body_template", "Modèle du message HTML (Mustache)", value: c.body_template ?? "", control: .textarea(rows: 6),
                   help: "Vide : un message en français avec toutes les réponses. Variables : les champs sources ({{full_name}}, {{course_title}}, {{#answers}}{{label}} : {{value}}{{/answers}}, {{admin_url}}…).")
        fields.add("smtp_host", "Serveur", value: smtp.host ?? "", required: true)
        fields.add("smtp_port", "Port", value: smtp.port.map(String.init) ?? "", control: .input(type: "number"),
                   attributes: .init(placeholder: "587", min: 1, max: 65_535))
        fields.add("smtp_security", "Sécurité", control: .select(SMTPSecurity.allCases.map {
            SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == (smtp.security ?? .starttls))
        }))
        fields.add("smtp_user", "Utilisateur", value: smtp.user ?? "", attributes: .init(autocomplete: "off"))
        fields.add("smtp_password", "Mot de passe", control: .input(type: "password"),
                   attributes: .init(placeholder: keep(SecretBox.masked(smtp.password ?? "")), autocomplete: "new-password"))
        fields.add("smtp_from", "Expéditeur", value: smtp.from ?? "", control: .input(type: "email"), required: true)
        // Providers
        fields.add("instance_url", "Adresse de l’instance", value: c.instance_url ?? "", control: .input(type: "url"), required: true,
                   attributes: .init(placeholder: "https://votre-societe.my.salesforce.com"))
        // The default version is shown (and saved) rather than implied, so the admin sees what is called.
        let defaultVersion = input.kind == .hubspot ? HubSpotChannel.defaultVersion : SalesforceChannel.defaultVersion
        fields.add("api_version", "Version de l’API", value: c.api_version ?? defaultVersion,
                   help: input.kind == .hubspot
                       ? "Version datée des API HubSpot (\(HubSpotChannel.defaultVersion)) ; « v3 » pour les anciennes adresses /crm/v3/."
                       : "\(SalesforceChannel.defaultVersion) = Spring ’26. « Tester la connexion » liste les versions offertes par votre organisation.",
                   attributes: .init(placeholder: defaultVersion))
        fields.add("client_id", "Clé du consommateur (client_id)", value: c.client_id ?? "",
                   help: "External Client App avec le flux « client credentials » activé et un utilisateur d’exécution. BCOS demande le jeton lui-même et le renouvelle quand il expire.",
                   attributes: .init(autocomplete: "off"))
        fields.add("client_secret", "Secret du consommateur (client_secret)", control: .input(type: "password"),
                   attributes: .init(placeholder: keep(SecretBox.masked(c.client_secret ?? "")), autocomplete: "new-password"))
        fields.add("company_domain", "Sous-domaine de la société", value: c.company_domain ?? "", required: true,
                   attributes: .init(placeholder: "acme (pour acme.pipedrive.com)"))
        let keyLabel = switch input.kind {
        case .hubspot: "Jeton HubSpot (application privée ou OAuth)"
        case .salesforce: "Jeton d’accès statique (si pas de client_id)"
        case .pipedrive: "Jeton d’API Pipedrive"
        case .webhook, .email: "Jeton d’accès"
        }
        let keyHelp = switch input.kind {
        case .hubspot: "Envoyé en « Authorization: Bearer ». Portée nécessaire : crm.objects.contacts.write (et crm.objects.deals.write si la correspondance crée des transactions ; crm.objects.contacts.read pour lire les propriétés au test)."
        case .salesforce: "Ancienne méthode : un jeton qui expire sans être renouvelé. Ignoré quand client_id est renseigné."
        case .pipedrive, .webhook, .email: ""
        }
        fields.add("api_key", keyLabel, control: .input(type: "password"), required: input.kind != .salesforce, help: keyHelp,
                   attributes: .init(placeholder: keep(SecretBox.masked(c.api_key ?? "")), autocomplete: "new-password"))
        for status in EnrollmentStatus.allCases {
            let fallback = StatusMap.defaults(input.kind)[status] ?? ""
            fields.add("status_\(status.rawValue)", "« \(status.label) » devient", value: c.status_map?[status.rawValue] ?? "",
                       attributes: .init(maxLength: 120, placeholder: fallback))
        }
        fields.add("timeout", "Délai maximal d’un envoi (secondes)", value: c.timeout.map(CRMIntegrationFields.seconds) ?? "", control: .input(type: "number"),
                   help: "Au-delà, l’envoi est compté comme échoué et sera retenté. 30 secondes si vide.",
                   attributes: .init(placeholder: "30", min: 1, max: 120, step: "any"))
        return fields
    }

    /// Milliseconds as the seconds the form shows: "30", or "2.5" for a hand-set 2 500 ms.
    static func seconds(_ milliseconds: Int) -> String {
        milliseconds % 1000 == 0 ? String(milliseconds / 1000) : String(Double(milliseconds) / 1000)
    }
}
