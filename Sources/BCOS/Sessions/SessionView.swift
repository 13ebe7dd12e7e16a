import Foundation

/// A session as a visitor reads it, in the page's language: on the course page, as a choice of
/// the enrollment form, on the thank-you page and in the visitor's e-mails.
struct SessionView: Encodable, Sendable {
    let id: String
    /// "lundi 12 janvier 2027".
    let date: String
    /// "9 h 00" / "09:00".
    let time: String
    /// The last day when the session lasts more than one day.
    let until: String?
    /// "Casablanca — 12 rue …", or "En ligne".
    let place: String
    let is_online: Bool
    /// The link of an online session (e-mails only; the page does not publish it).
    let online_url: String?
    let teaching: String
    /// "3 places restantes", or "Complet".
    let seats_text: String
    let is_full: Bool
    /// The session's TTC when it differs from the course's.
    let price: String?
    /// The radio button's state and id in the enrollment form.
    var selected: Bool = false
    let input_id: String

    init(_ session: CourseSession, course: Course, language: Language) {
        let t = { (key: String) in Messages.text(key, in: language) }
        id = session.id.lowercasedString
        date = SessionDateText.day(session.startsAt, in: language)
        time = SessionDateText.time(session.startsAt, in: language)
        until = session.endsOn == SessionDateText.dayInput(session.startsAt) ? nil : SessionDateText.day(session.endsOn, in: language)
        is_online = session.isOnline
        place = session.isOnline
            ? t("session_online")
            : [session.city, session.address].compactMap { $0?.nilIfEmpty }.joined(separator: " — ")
        online_url = session.onlineURL?.nilIfEmpty
        teaching = t("session_teaching_\(session.teaching.rawValue)")
        is_full = session.isFull
        seats_text = session.isFull ? t("session_full") : Plural.text(.seatLeft, count: session.seatsLeft, in: language)
        let own = session.price(for: course)
        price = session.priceHT == nil ? nil : own.ttc.map { PriceFormatter.format($0, currency: course.currency, in: language) }
        // The whole id: demo and imported ids may share their first characters.
        input_id = "f-session-\(id)"
    }
}
