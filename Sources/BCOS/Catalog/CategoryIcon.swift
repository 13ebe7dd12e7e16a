/// The category icons an admin picks from: emoji that read well on the home page's tiles, each
/// named in French so the choice does not depend on how a system font draws it. Stored as the
/// emoji itself (the seed's `categories.icon` is free text), so an icon set by import or by hand
/// stays selectable as « icône actuelle » instead of being lost on the next save.
enum CategoryIcon {
    static let choices: [(emoji: String, name: String)] = [
        ("💼", "Mallette — management, affaires"), ("👥", "Équipe — ressources humaines"), ("🧭", "Boussole — stratégie"),
        ("🎯", "Cible — objectifs, vente"), ("🤝", "Poignée de main — négociation, relation client"), ("🗣️", "Parole — communication"),
        ("🎤", "Micro — prise de parole"), ("📊", "Graphique — finance, gestion"), ("📈", "Courbe — performance, croissance"),
        ("💰", "Sac d’argent — comptabilité"), ("🧾", "Reçu — fiscalité"), ("🏦", "Banque — banque, assurance"),
        ("⚖️", "Balance — droit, conformité"), ("🛡️", "Bouclier — sécurité, qualité"), ("✅", "Coche — qualité, certification"),
        ("🏭", "Usine — industrie, production"), ("🔧", "Clé — maintenance, technique"), ("⚙️", "Engrenage — méthodes, processus"),
        ("🚚", "Camion — logistique, achats"), ("📦", "Colis — supply chain"), ("🏗️", "Chantier — BTP, projets"),
        ("💻", "Ordinateur — informatique, digital"), ("📱", "Téléphone — mobile, réseaux sociaux"), ("🤖", "Robot — IA, automatisation"),
        ("🔒", "Cadenas — cybersécurité"), ("🗂️", "Classeur — bureautique, organisation"), ("📣", "Porte-voix — marketing"),
        ("🌍", "Globe — international, langues"), ("🗺️", "Carte — export, territoires"), ("📚", "Livres — pédagogie, formation"),
        ("🎓", "Diplôme — certification, examens"), ("🩺", "Stéthoscope — santé"), ("🌱", "Pousse — environnement, RSE"),
        ("⚡", "Éclair — énergie"), ("🏨", "Hôtel — tourisme, hôtellerie"), ("🍽️", "Couvert — restauration"),
        ("🧠", "Cerveau — développement personnel"), ("⏱️", "Chronomètre — gestion du temps"), ("💡", "Ampoule — innovation, créativité"),
    ]

    /// The picker's options with `current` selected; a current icon outside the list comes first.
    static func options(current: String) -> [SelectOption] {
        var options = [SelectOption(value: "", label: "Aucune icône", selected: current.isEmpty)]
        if !current.isEmpty, !choices.contains(where: { $0.emoji == current }) {
            options.append(SelectOption(value: current, label: "\(current) — icône actuelle (hors liste)", selected: true))
        }
        options += choices.map { SelectOption(value: $0.emoji, label: "\($0.emoji) \($0.name)", selected: $0.emoji == current) }
        return options
    }
}
