import Foundation

/// The four legal pages of the site, at fixed public addresses (`/{lang}/<slug>`). The raw value
/// is the slug, which is also the row's key in `legal_pages` (migration 014).
enum LegalPageKind: String, Sendable, CaseIterable, Codable {
    case legalNotice = "mentions-legales"
    case privacy = "confidentialite"
    case terms = "cgv"
    case contact

    /// `Messages` key of the page's name (footer link, default title).
    var messageKey: String {
        switch self {
        case .legalNotice: "legal_mentions"
        case .privacy: "legal_privacy"
        case .terms: "legal_terms"
        case .contact: "legal_contact"
        }
    }

    /// `Messages` key of the meta description used when the page's text gives none.
    var descriptionKey: String { messageKey + "_description" }

    /// The page's name in the back office (French).
    var adminName: String { Messages.text(messageKey, in: .fr) }

    /// `/fr/confidentialite`.
    func path(in language: Language) -> String { "/\(language.rawValue)/\(rawValue)" }
}

/// The contact page's structured fields. Phone, e-mail, WhatsApp and map link are the same in
/// both languages; the address and the opening hours are written in each.
struct ContactDetails: Sendable, Equatable {
    var addressFr = ""
    var addressAr = ""
    var phone = ""
    var email = ""
    /// An international number (`+212 6 61 23 45 67`): the footer links it to `https://wa.me/<digits>`.
    var whatsapp = ""
    /// An http(s) link to a map (Google Maps, OpenStreetMap…).
    var mapURL = ""
    var hoursFr = ""
    var hoursAr = ""

    func address(in language: Language) -> String { language == .fr ? addressFr : addressAr }
    func hours(in language: Language) -> String { language == .fr ? hoursFr : hoursAr }

    var isEmpty: Bool { self == ContactDetails() }

    /// `tel:+212661234567`; nil without a number.
    static func telephoneHref(_ phone: String) -> String? {
        let digits = phone.filter { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        return "tel:" + (phone.trimmingCharacters(in: .whitespaces).hasPrefix("+") ? "+" : "") + digits
    }

    /// The digits wa.me wants: the international number without `+` or `00`. A Moroccan national
    /// number (`06 61 23 45 67`, ten digits from 0) is read as +212. Nil when it cannot be a number.
    static func whatsappDigits(_ number: String) -> String? {
        var digits = number.filter { $0.isASCII && $0.isNumber }
        let trimmed = number.trimmingCharacters(in: .whitespaces)
        if !trimmed.hasPrefix("+") {
            if digits.hasPrefix("00") { digits.removeFirst(2) }
            else if digits.hasPrefix("0"), digits.count == 10 { digits = "212" + digits.dropFirst() }
        }
        guard (8...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
        return digits
    }

    /// `https://wa.me/212661234567`, or nil when no (valid) WhatsApp number is set.
    var whatsappHref: String? { ContactDetails.whatsappDigits(whatsapp).map { "https://wa.me/" + $0 } }
}

/// One legal page as stored: title and sanitized HTML in both languages, the contact fields
/// (used by the contact page only), and its version, incremented on every save.
struct LegalPage: Sendable, Equatable {
    var kind: LegalPageKind
    var titleFr = ""
    var titleAr = ""
    /// HTML that has passed `HTMLSanitizer` (on save; the public page sanitizes it again).
    var bodyFr = ""
    var bodyAr = ""
    var contact = ContactDetails()
    /// 0 until the first save.
    var version = 0
    var updatedAt = Date(timeIntervalSince1970: 0)

    init(kind: LegalPageKind) { self.kind = kind }

    init(kind: LegalPageKind, titleFr: String, titleAr: String, bodyFr: String, bodyAr: String, contact: ContactDetails,
         version: Int, updatedAt: Date) {
        self.kind = kind
        self.titleFr = titleFr
        self.titleAr = titleAr
        self.bodyFr = bodyFr
        self.bodyAr = bodyAr
        self.contact = contact
        self.version = version
        self.updatedAt = updatedAt
    }

    /// The stored title, or the page's usual name.
    func title(in language: Language) -> String {
        let stored = (language == .fr ? titleFr : titleAr).trimmingCharacters(in: .whitespacesAndNewlines)
        return stored.isEmpty ? Messages.text(kind.messageKey, in: language) : stored
    }

    func body(in language: Language) -> String { language == .fr ? bodyFr : bodyAr }

    /// Whether the page has nothing to show in `language` (then it answers 404 there, and the
    /// footer and the sitemap leave it out).
    func isEmpty(in language: Language) -> Bool {
        guard LegalPage.visibleText(body(in: language)).isEmpty else { return false }
        guard kind == .contact else { return true }
        let c = contact
        return [c.address(in: language), c.hours(in: language), c.phone, c.email, c.whatsapp].allSatisfy {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
    }

    /// The text a reader sees in some HTML, on one line: tags removed (after sanitizing, so the
    /// markup is well formed), the escaping entities read back, spaces collapsed. For the empty
    /// check and the meta description.
    static func visibleText(_ html: String) -> String {
        let clean = HTMLSanitizer.sanitize(html)
        var text = ""
        var inTag = false
        for character in clean {
            switch character {
            case "<": inTag = true; text.append(" ")
            case ">" where inTag: inTag = false
            default: if !inTag { text.append(character) }
            }
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" }).joined(separator: " ")
    }

    /// The languages the page is written in.
    var languages: [Language] { Language.allCases.filter { !isEmpty(in: $0) } }
}
