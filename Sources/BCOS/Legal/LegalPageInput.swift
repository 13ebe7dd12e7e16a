import Foundation
import HTTPServer

/// The legal-page editor's form, with the `legal_pages` column names, kept as typed so a form
/// with errors comes back intact. `validate` sanitizes both bodies the way the course editor does
/// its content (`HTMLSanitizer`), so what is stored is what visitors may see.
struct LegalPageInput: Sendable {
    static let maxBody = 100_000

    var title_fr = ""
    var title_ar = ""
    var body_fr = ""
    var body_ar = ""
    var address_fr = ""
    var address_ar = ""
    var phone = ""
    var email = ""
    var whatsapp = ""
    var map_url = ""
    var hours_fr = ""
    var hours_ar = ""
    /// The version the editor was opened at: saving over a newer one is refused.
    var version = 0

    init(_ page: LegalPage) {
        title_fr = page.titleFr
        title_ar = page.titleAr
        body_fr = page.bodyFr
        body_ar = page.bodyAr
        let c = page.contact
        (address_fr, address_ar, phone, email, whatsapp, map_url, hours_fr, hours_ar) =
            (c.addressFr, c.addressAr, c.phone, c.email, c.whatsapp, c.mapURL, c.hoursFr, c.hoursAr)
        version = page.version
    }

    init(form: FormData) {
        func line(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func text(_ key: String) -> String {
            (form[key] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        title_fr = line("title_fr")
        title_ar = line("title_ar")
        body_fr = text("body_fr")
        body_ar = text("body_ar")
        address_fr = text("address_fr")
        address_ar = text("address_ar")
        phone = line("phone")
        email = line("email")
        whatsapp = line("whatsapp")
        map_url = line("map_url")
        hours_fr = text("hours_fr")
        hours_ar = text("hours_ar")
        version = Int(line("version")) ?? -1
    }

    /// Field errors in French (the back office's language) and the page to store. Contact
    /// fields are kept for the contact page only.
    func validate(_ kind: LegalPageKind) -> (page: LegalPage, errors: [String: String]) {
        var errors: [String: String] = [:]
        for (key, value) in [("title_fr", title_fr), ("title_ar", title_ar)] {
            if value.count > 120 { errors[key] = "Le titre est trop long (120 caractères au plus)." }
            if FormValidator.hasForbiddenCharacters(value, multiline: false) { errors[key] = "Ce champ contient des caractères non autorisés." }
        }
        for (key, value) in [("body_fr", body_fr), ("body_ar", body_ar)] {
            if value.count > LegalPageInput.maxBody { errors[key] = "Le texte est trop long (100 000 caractères au plus)." }
            if FormValidator.hasForbiddenCharacters(value, multiline: true) { errors[key] = "Ce champ contient des caractères non autorisés." }
        }
        var page = LegalPage(kind: kind)
        page.titleFr = title_fr
        page.titleAr = title_ar
        page.bodyFr = HTMLSanitizer.sanitize(body_fr)
        page.bodyAr = HTMLSanitizer.sanitize(body_ar)
        page.version = version
        guard kind == .contact else { return (page, errors) }

        for (key, value) in [("address_fr", address_fr), ("address_ar", address_ar), ("hours_fr", hours_fr), ("hours_ar", hours_ar)] {
            if value.count > 1_000 { errors[key] = "Ce texte est trop long (1 000 caractères au plus)." }
            if FormValidator.hasForbiddenCharacters(value, multiline: true) { errors[key] = "Ce champ contient des caractères non autorisés." }
        }
        if !phone.isEmpty && !FormValidator.isPhone(phone) {
            errors["phone"] = "Numéro de téléphone invalide (8 à 20 chiffres, + en tête accepté), par exemple +212 5 22 00 00 00."
        }
        if !email.isEmpty && !(FormValidator.isEmail(email) && email.count <= 254) {
            errors["email"] = "Adresse e-mail invalide, par exemple contact@bcos.ma."
        }
        if !whatsapp.isEmpty && (!FormValidator.isPhone(whatsapp) || ContactDetails.whatsappDigits(whatsapp) == nil) {
            errors["whatsapp"] = "Numéro WhatsApp invalide : écrivez-le au format international, par exemple +212 6 61 23 45 67."
        }
        if !map_url.isEmpty && (map_url.count > 2_000 || map_url.hasPrefix("/") || HTMLSanitizer.safeURL(map_url, schemes: ["https", "http"]) == nil) {
            errors["map_url"] = "Le lien du plan doit commencer par https:// (par exemple un lien Google Maps ou OpenStreetMap)."
        }
        page.contact = ContactDetails(
            addressFr: address_fr, addressAr: address_ar, phone: phone, email: email, whatsapp: whatsapp,
            mapURL: errors["map_url"] == nil ? map_url : "", hoursFr: hours_fr, hoursAr: hours_ar)
        return (page, errors)
    }
}
