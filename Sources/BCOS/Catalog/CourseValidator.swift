import Foundation

/// Checks the course editor's input and turns it into column values. HTML fields pass the
/// sanitizer here, on the way in, so stored content is already safe.
struct CourseValidator: Sendable {
    let database: AppDatabase

    func validate(_ input: CourseInput, id: UUID?) async throws -> (values: CourseValues?, errors: [String: String]) {
        var errors: [String: String] = [:]
        if input.title_fr.isEmpty { errors["title_fr"] = "Le titre en français est obligatoire." }
        if input.title_fr.count > 200 || input.title_ar.count > 200 { errors["title_fr"] = "Le titre est trop long (200 caractères au plus)." }
        if !Slug.isValid(input.slug) {
            errors["slug"] = "Le slug ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets."
        } else if try await database.run({ [slug = input.slug] in try $0.courses.isSlugTaken(slug, except: id) }) {
            errors["slug"] = "Ce slug est déjà utilisé par une autre formation."
        }
        var category: UUID?
        if !input.category_id.isEmpty {
            category = UUID(uuidString: input.category_id)
            if category == nil { errors["category_id"] = "Catégorie inconnue." }
        }
        let ht = input.price_ht.isEmpty ? nil : Decimal(string: input.price_ht)
        if !input.price_ht.isEmpty && !(ht.map { $0 >= 0 && $0 <= 10_000_000 } ?? false) { errors["price_ht"] = "Prix HT invalide (nombre positif, par exemple 4500.00)." }
        let rate = Decimal(string: input.vat_rate)
        if !(rate.map { $0 >= 0 && $0 <= 100 } ?? false) { errors["vat_rate"] = "Taux de TVA invalide (entre 0 et 100)." }
        if !CourseInput.currencies.contains(input.currency) { errors["currency"] = "Devise inconnue." }
        let level = CourseLevel(rawValue: input.level)
        if !input.level.isEmpty && level == nil { errors["level"] = "Niveau inconnu." }
        let seats = input.max_participants.isEmpty ? nil : Int(input.max_participants)
        if !input.max_participants.isEmpty && !(seats.map { (1...10_000).contains($0) } ?? false) { errors["max_participants"] = "Nombre de places invalide." }
        if !input.cover_image_url.isEmpty && HTMLSanitizer.safeURL(input.cover_image_url, schemes: ["http", "https"]) == nil {
            errors["cover_image_url"] = "L’image doit être une adresse http(s) ou un fichier téléversé."
        }
        let plainFields = [
            ("title_fr", input.title_fr), ("title_ar", input.title_ar), ("reference", input.reference), ("tags", input.tags),
            ("duration", input.duration),
        ]
        for (key, value) in plainFields where FormValidator.hasForbiddenCharacters(value, multiline: false) {
            errors[key] = "Ce champ contient des caractères non autorisés."
        }
        let builder = FormBuilderAction.validate(input.form_fields)
        errors.merge(builder.errors) { first, _ in first }
        guard errors.isEmpty else { return (nil, errors) }

        func clean(_ text: String) -> String? { text.isEmpty ? nil : text }
        func html(_ text: String) -> String? { text.isEmpty ? nil : HTMLSanitizer.sanitize(text) }
        let values = CourseValues(
            titleFr: input.title_fr, titleAr: input.title_ar, slug: input.slug, categoryID: category,
            reference: clean(input.reference), tags: input.tagList, isPublished: input.is_published, isOnline: input.is_online,
            isPopular: input.is_popular, isActive: input.is_active,
            descriptionFr: clean(input.description_fr), descriptionAr: clean(input.description_ar),
            contentFr: html(input.content_fr), contentAr: html(input.content_ar),
            programFr: html(input.program_fr), programAr: html(input.program_ar),
            prerequisitesFr: clean(input.prerequisites_fr), prerequisitesAr: clean(input.prerequisites_ar),
            targetAudienceFr: clean(input.target_audience_fr), targetAudienceAr: clean(input.target_audience_ar),
            objectivesFr: input.objectivesFrList, objectivesAr: input.objectivesArList,
            priceHT: ht, vatRate: rate ?? 20, priceTTC: CourseInput.ttc(ht: input.price_ht, rate: input.vat_rate),
            currency: input.currency, duration: clean(input.duration), level: level, maxParticipants: seats,
            coverImageURL: clean(input.cover_image_url), formFields: builder.fields)
        return (values, [:])
    }
}
