/// The course editor's fields (`admin/field` partial), named after the `formations` columns.
enum CourseEditorFields {
    static func make(
        _ input: CourseInput, errors: [String: String], categories: [SelectOption], levels: [SelectOption], currencies: [SelectOption]
    ) -> AdminFields {
        var fields = AdminFields(errors: errors)
        let none = SelectOption(value: "", label: "—")
        fields.add("title_fr", "Titre (français)", value: input.title_fr, required: true, attributes: .init(maxLength: 200))
        fields.add("title_ar", "Titre (arabe)", value: input.title_ar, rtl: true, attributes: .init(maxLength: 200))
        fields.add("slug", "Slug (adresse de la page)", value: input.slug,
                   help: "Généré à partir du titre français si vide. Changer le slug d’une formation publiée redirige l’ancienne adresse vers la nouvelle.",
                   attributes: .init(pattern: "[a-z0-9]+(-[a-z0-9]+)*", slugFrom: "title_fr"))
        fields.add("category_id", "Catégorie", control: .select([none] + categories))
        fields.add("reference", "Référence", value: input.reference, attributes: .init(maxLength: 60))
        fields.add("tags", "Mots-clés (séparés par des virgules)", value: input.tags)
        fields.add("is_published", "Publiée", control: .checkbox(checked: input.is_published))
        fields.add("is_active", "Active", control: .checkbox(checked: input.is_active))
        fields.add("is_online", "En ligne", control: .checkbox(checked: input.is_online))
        fields.add("is_popular", "Populaire", control: .checkbox(checked: input.is_popular))
        for (language, suffix, rtl) in [("français", "fr", false), ("arabe", "ar", true)] {
            let value = { (key: String) in input.text(of: "\(key)_\(suffix)") }
            fields.add("description_\(suffix)", "Présentation (\(language))", value: value("description"), control: .textarea(rows: 3), rtl: rtl)
            fields.add("objectives_\(suffix)", "Objectifs (\(language)), un par ligne", value: value("objectives"), control: .textarea(rows: 5), rtl: rtl)
            fields.add("prerequisites_\(suffix)", "Prérequis (\(language))", value: value("prerequisites"), control: .textarea(rows: 3), rtl: rtl)
            fields.add("target_audience_\(suffix)", "Public visé (\(language))", value: value("target_audience"), control: .textarea(rows: 3), rtl: rtl)
            fields.add("program_\(suffix)", "Programme (\(language), HTML)", value: value("program"), control: .textarea(rows: 8), rtl: rtl,
                       attributes: .init(cssClass: "html-editor"))
            fields.add("content_\(suffix)", "Contenu détaillé (\(language), HTML)", value: value("content"), control: .textarea(rows: 12), rtl: rtl,
                       attributes: .init(cssClass: "html-editor"))
        }
        fields.add("price_ht", "Prix HT", value: input.price_ht, attributes: .init(inputMode: "decimal"))
        fields.add("vat_rate", "TVA (%)", value: input.vat_rate, attributes: .init(inputMode: "decimal"))
        fields.add("currency", "Devise", control: .select(currencies))
        fields.add("duration", "Durée", value: input.duration, attributes: .init(placeholder: "3 jours (21 heures)"))
        fields.add("level", "Niveau", control: .select([none] + levels))
        fields.add("max_participants", "Places", value: input.max_participants, attributes: .init(inputMode: "numeric"))
        fields.add("cover_image_url", "Image de couverture (adresse)", value: input.cover_image_url)
        return fields
    }
}
