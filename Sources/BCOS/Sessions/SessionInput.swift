import Foundation
import HTTPServer

/// The session form's fields as typed (names fixed by the issue: `starts_at`, `ends_on`,
/// `city`, `address`, `online_url`, `language`, `seats`, `price_ht`, `status`).
struct SessionInput: Sendable, Equatable {
    var starts_at = ""
    var ends_on = ""
    var city = ""
    var address = ""
    var online_url = ""
    var language = CourseSession.Teaching.fr.rawValue
    var seats = "12"
    var price_ht = ""
    var status = CourseSession.Status.open.rawValue

    /// What the repository stores: checked values only.
    struct Valid: Sendable, Equatable {
        /// `YYYY-MM-DDTHH:MM`, Casablanca wall-clock time (PostgreSQL converts it with the zone).
        var startsAtText: String
        var endsOn: String
        var city: String?
        var address: String?
        var onlineURL: String?
        var teaching: CourseSession.Teaching
        var seats: Int
        var priceHT: Decimal?
        var status: CourseSession.Status
    }

    init() {}

    init(_ session: CourseSession) {
        starts_at = SessionDateText.localInput(session.startsAt)
        ends_on = session.endsOn
        city = session.city ?? ""
        address = session.address ?? ""
        online_url = session.onlineURL ?? ""
        language = session.teaching.rawValue
        seats = String(session.seats)
        price_ht = session.priceHT.map(DecimalText.plain) ?? ""
        status = session.status.rawValue
    }

    init(_ form: FormData) {
        func line(_ key: String, max: Int = 300) -> String {
            String((form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(max))
        }
        starts_at = line("starts_at", max: 40)
        ends_on = line("ends_on", max: 40)
        city = line("city", max: 120)
        address = line("address")
        online_url = line("online_url", max: 500)
        language = line("language", max: 10)
        seats = line("seats", max: 10)
        price_ht = line("price_ht", max: 20).replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: "")
        status = line("status", max: 20)
    }

    /// The values to store, or the errors in French keyed by field name.
    func validate() -> (valid: Valid?, errors: [String: String]) {
        var errors: [String: String] = [:]
        let start = SessionDateText.parseLocalInput(starts_at)
        if start == nil { errors["starts_at"] = "Date et heure de début invalides (par exemple 2027-01-12T09:00)." }
        let end = SessionDateText.parseDay(ends_on)
        if end == nil {
            errors["ends_on"] = "Date de fin invalide (par exemple 2027-01-14)."
        } else if let start, let end, end < String(start.prefix(10)) {
            errors["ends_on"] = "La date de fin est avant le début de la session."
        }
        let url = online_url.isEmpty ? nil : HTMLSanitizer.safeURL(online_url, schemes: ["https", "http"])
        if !online_url.isEmpty && url == nil { errors["online_url"] = "Le lien doit commencer par https:// (ou http://)." }
        if city.isEmpty && online_url.isEmpty {
            errors["city"] = "Indiquez la ville (session en présentiel) ou le lien (session en ligne)."
        }
        let teaching = CourseSession.Teaching(rawValue: language)
        if teaching == nil { errors["language"] = "Choisissez la langue de la session." }
        let seatCount = Int(seats)
        if !(seatCount.map { (0...10_000).contains($0) } ?? false) { errors["seats"] = "Nombre de places invalide (un entier de 0 à 10 000)." }
        let price = price_ht.isEmpty ? nil : Decimal(string: price_ht)
        if !price_ht.isEmpty && !(price.map { $0 >= 0 && $0 <= 10_000_000 } ?? false) {
            errors["price_ht"] = "Prix HT invalide (nombre positif, par exemple 4500.00), ou laissez vide pour le prix de la formation."
        }
        let state = CourseSession.Status(rawValue: status)
        if state == nil { errors["status"] = "Statut inconnu." }
        guard errors.isEmpty, let start, let end, let teaching, let seatCount, let state else { return (nil, errors) }
        return (Valid(
            startsAtText: start, endsOn: end, city: city.nilIfEmpty, address: address.nilIfEmpty, onlineURL: url,
            teaching: teaching, seats: seatCount, priceHT: price, status: state), [:])
    }
}
