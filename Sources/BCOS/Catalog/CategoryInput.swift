import Foundation
import HTTPServer

/// The category form's fields, named after the `categories` columns, kept as typed.
struct CategoryInput: Encodable, Sendable {
    var name_fr = ""
    var name_ar = ""
    var description_fr = ""
    var description_ar = ""
    var slug = ""
    var icon = ""
    var color = "#1d4ed8"
    var display_order = "0"

    init() {}

    init(_ category: Category) {
        name_fr = category.nameFr ?? category.name ?? ""
        name_ar = category.nameAr ?? ""
        description_fr = category.descriptionFr ?? ""
        description_ar = category.descriptionAr ?? ""
        slug = category.slug
        icon = category.icon ?? ""
        color = category.color ?? ""
        display_order = String(category.displayOrder)
    }

    init(_ form: FormData) {
        func line(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        name_fr = line("name_fr")
        name_ar = line("name_ar")
        description_fr = line("description_fr")
        description_ar = line("description_ar")
        slug = line("slug").lowercased()
        icon = String(line("icon").prefix(40))
        color = line("color").lowercased()
        display_order = line("display_order").isEmpty ? "0" : line("display_order")
        if slug.isEmpty { slug = Slug.make(from: name_fr) }
    }

    /// Field errors in French (the slug's uniqueness is checked against the database by the caller).
    func validate() -> (category: Category?, errors: [String: String]) {
        var errors: [String: String] = [:]
        if name_fr.isEmpty { errors["name_fr"] = "Le nom en français est obligatoire." }
        if name_ar.isEmpty { errors["name_ar"] = "Le nom en arabe est obligatoire." }
        if name_fr.count > 120 || name_ar.count > 120 { errors["name_fr"] = "Le nom est trop long (120 caractères au plus)." }
        if !Slug.isValid(slug) { errors["slug"] = "Le slug ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets." }
        if !color.isEmpty, !(color.count == 7 && color.hasPrefix("#") && Int(color.dropFirst(), radix: 16) != nil) {
            errors["color"] = "La couleur doit être au format #rrggbb."
        }
        let order = Int(display_order)
        if order == nil || !(0...10_000).contains(order ?? -1) { errors["display_order"] = "L’ordre d’affichage est un nombre entre 0 et 10000." }
        for (key, value) in [("name_fr", name_fr), ("name_ar", name_ar), ("description_fr", description_fr), ("description_ar", description_ar)]
            where FormValidator.hasForbiddenCharacters(value, multiline: key.hasPrefix("description")) {
            errors[key] = "Ce champ contient des caractères non autorisés."
        }
        guard errors.isEmpty else { return (nil, errors) }
        let category = Category(
            id: UUID(), slug: slug, name: name_fr, nameFr: name_fr, nameAr: name_ar, descriptionFr: description_fr.nilIfEmpty,
            descriptionAr: description_ar.nilIfEmpty, icon: icon.nilIfEmpty, color: color.nilIfEmpty, displayOrder: order ?? 0)
        return (category, [:])
    }
}
