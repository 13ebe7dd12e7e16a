import Foundation

// Ported from the app (Sources/BCOS/I18n, Sources/BCOS/Catalog, Sources/BCOS/SEO,
// Sources/BCOS/Legal/LabelMarkup.swift): languages, the interface texts the course page uses, plural
// forms of seats left, the fallback rule for bilingual fields, durations, prices (TTC rounded in one
// place, as `Price`) and their formatting, the legal-page links of form labels, and the JSON-LD
// serialisation. Same logic, same output.

enum Language: String, CaseIterable {
    case fr, ar

    var direction: String { self == .ar ? "rtl" : "ltr" }
    var other: Language { self == .fr ? .ar : .fr }
    var nativeName: String { self == .fr ? "Français" : "العربية" }
    var ogLocale: String { self == .fr ? "fr_FR" : "ar_MA" }
}

/// The keys of the app's message catalog that the course page (layout, page, form partial) reads.
/// Templates see the whole dictionary as `t`.
enum Messages {
    static func text(_ key: String, in language: Language) -> String {
        (language == .fr ? french[key] : arabic[key]) ?? key
    }

    /// The whole catalog of a language as a template value, built once (as the app does).
    static func catalog(_ language: Language) -> [String: Any] { language == .fr ? frenchCatalog : arabicCatalog }

    private static let frenchCatalog: [String: Any] = french
    private static let arabicCatalog: [String: Any] = arabic

    static let french: [String: String] = [
        "site_name": "BCOS Formation",
        "site_tagline": "Formations professionnelles en français et en arabe",
        "nav_home": "Accueil",
        "nav_catalog": "Formations",
        "skip_to_content": "Aller au contenu",
        "course_reference": "Référence",
        "course_level": "Niveau",
        "course_duration": "Durée",
        "course_mode": "Modalité",
        "course_online": "En ligne",
        "course_onsite": "En présentiel",
        "course_seats": "Places",
        "course_price_ht": "Prix HT",
        "course_price_ttc": "Prix TTC",
        "course_objectives": "Objectifs",
        "course_prerequisites": "Prérequis",
        "course_program": "Programme",
        "course_audience": "Public visé",
        "course_content": "Contenu détaillé",
        "course_enroll": "S’inscrire à cette formation",
        "course_enroll_short": "S’inscrire",
        "course_other_language_only": "Cette formation n’est décrite qu’en arabe pour le moment.",
        "label_colon": " : ",
        "list_comma": ", ",
        "level_debutant": "Débutant",
        "level_intermediaire": "Intermédiaire",
        "level_avance": "Avancé",
        "form_title": "Inscription",
        "form_intro": "Remplissez ce formulaire : notre équipe vous recontacte rapidement pour confirmer votre inscription.",
        "form_required_hint": "Les champs marqués d’un astérisque (*) sont obligatoires.",
        "form_choose": "Choisissez…",
        "form_submit": "Envoyer mon inscription",
        "form_errors_title": "Merci de corriger les champs signalés.",
        "form_honeypot_label": "Ne pas remplir ce champ",
        "sessions_title": "Prochaines sessions",
        "session_online": "En ligne",
        "session_until": "jusqu’au",
        "session_full": "Complet",
        "session_waitlist": "liste d’attente",
        "session_teaching_fr": "en français",
        "session_teaching_ar": "en arabe",
        "session_teaching_both": "en français et en arabe",
        "session_price": "Prix de la session",
        "session_choice": "Session",
        "session_choice_hint": "Une session complète vous inscrit sur la liste d’attente.",
        "legal_mentions": "Mentions légales",
        "legal_privacy": "Politique de confidentialité",
        "legal_terms": "Conditions générales de vente",
        "legal_contact": "Contact",
        "contact_phone": "Téléphone",
        "contact_email": "E-mail",
        "footer_legal_nav": "Informations légales",
        "footer_whatsapp": "Écrire sur WhatsApp",
    ]

    static let arabic: [String: String] = [
        "site_name": "بي كوس للتكوين",
        "site_tagline": "دورات تكوينية مهنية بالفرنسية والعربية",
        "nav_home": "الرئيسية",
        "nav_catalog": "الدورات التكوينية",
        "skip_to_content": "الانتقال إلى المحتوى",
        "course_reference": "المرجع",
        "course_level": "المستوى",
        "course_duration": "المدة",
        "course_mode": "نمط التكوين",
        "course_online": "عن بُعد",
        "course_onsite": "حضوري",
        "course_seats": "عدد المقاعد",
        "course_price_ht": "السعر دون احتساب الضريبة",
        "course_price_ttc": "السعر شامل الضريبة",
        "course_objectives": "الأهداف",
        "course_prerequisites": "المتطلبات المسبقة",
        "course_program": "البرنامج",
        "course_audience": "الفئة المستهدفة",
        "course_content": "المحتوى التفصيلي",
        "course_enroll": "التسجيل في هذه الدورة",
        "course_enroll_short": "سجّل الآن",
        "course_other_language_only": "متوفرة بالفرنسية فقط",
        "label_colon": ": ",
        "list_comma": "، ",
        "level_debutant": "مبتدئ",
        "level_intermediaire": "متوسط",
        "level_avance": "متقدم",
        "form_title": "التسجيل",
        "form_intro": "املأ هذه الاستمارة وسيتواصل معك فريقنا قريبًا لتأكيد تسجيلك.",
        "form_required_hint": "الحقول المشار إليها بعلامة (*) إلزامية.",
        "form_choose": "اختر…",
        "form_submit": "إرسال طلب التسجيل",
        "form_errors_title": "يُرجى تصحيح الحقول المشار إليها.",
        "form_honeypot_label": "لا تملأ هذا الحقل",
        "sessions_title": "المواعيد القادمة",
        "session_online": "عن بُعد",
        "session_until": "إلى غاية",
        "session_full": "مكتمل",
        "session_waitlist": "قائمة الانتظار",
        "session_teaching_fr": "بالفرنسية",
        "session_teaching_ar": "بالعربية",
        "session_teaching_both": "بالفرنسية والعربية",
        "session_price": "ثمن هذا الموعد",
        "session_choice": "الموعد",
        "session_choice_hint": "اختيار موعد مكتمل يسجّلك في قائمة الانتظار.",
        "legal_mentions": "الإشعار القانوني",
        "legal_privacy": "سياسة الخصوصية",
        "legal_terms": "الشروط العامة للبيع",
        "legal_contact": "اتصل بنا",
        "contact_phone": "الهاتف",
        "contact_email": "البريد الإلكتروني",
        "footer_legal_nav": "معلومات قانونية",
        "footer_whatsapp": "راسلنا عبر واتساب",
    ]
}

struct LocalizedText {
    let text: String
    let lang: String
    let dir: String
    let fallback: Bool

    var context: [String: Any] { ["text": text, "lang": lang, "dir": dir, "fallback": fallback] }

    static func pick(fr: String?, ar: String?, legacy: String? = nil, in language: Language) -> LocalizedText? {
        func usable(_ text: String?) -> String? {
            guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return text
        }
        let wanted = language == .fr ? usable(fr) : usable(ar)
        if let wanted { return LocalizedText(text: wanted, lang: language.rawValue, dir: language.direction, fallback: false) }
        let other = language.other
        if let alternative = other == .fr ? usable(fr) : usable(ar) {
            return LocalizedText(text: alternative, lang: other.rawValue, dir: other.direction, fallback: true)
        }
        if let legacy = usable(legacy) {
            return LocalizedText(text: legacy, lang: "fr", dir: "ltr", fallback: language != .fr)
        }
        return nil
    }
}

struct LocalizedList {
    let items: [String]
    let lang: String
    let dir: String
    let fallback: Bool

    var context: [String: Any] { ["items": items, "lang": lang, "dir": dir, "fallback": fallback] }

    static func pick(fr: [String], ar: [String], in language: Language) -> LocalizedList? {
        let clean = { (items: [String]) in items.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
        let wanted = clean(language == .fr ? fr : ar)
        if !wanted.isEmpty { return LocalizedList(items: wanted, lang: language.rawValue, dir: language.direction, fallback: false) }
        let other = language.other
        let alternative = clean(other == .fr ? fr : ar)
        if !alternative.isEmpty { return LocalizedList(items: alternative, lang: other.rawValue, dir: other.direction, fallback: true) }
        return nil
    }
}

enum DurationText {
    /// Compiled once, as the app does.
    static let pattern = try? NSRegularExpression(
        pattern: "(\\d+)\\s*(jours?|j|heures?|h|semaines?|mois)\\b", options: [.caseInsensitive])

    static func localized(_ text: String, in language: Language) -> (text: String, lang: String, dir: String) {
        guard language == .ar else { return (text, "fr", "ltr") }
        guard let regex = DurationText.pattern else { return (text, "fr", "ltr") }
        var result = text
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let whole = Range(match.range, in: text), let numberRange = Range(match.range(at: 1), in: text),
                  let unitRange = Range(match.range(at: 2), in: text), let number = Int(text[numberRange]) else { continue }
            let unit = text[unitRange].lowercased()
            let forms: (one: String, two: String, few: String, many: String) = switch unit.first {
            case "j": ("يوم واحد", "يومان", "أيام", "يومًا")
            case "h": ("ساعة واحدة", "ساعتان", "ساعات", "ساعة")
            case "s": ("أسبوع واحد", "أسبوعان", "أسابيع", "أسبوعًا")
            default: ("شهر واحد", "شهران", "أشهر", "شهرًا")
            }
            let arabic = switch number {
            case 1: forms.one
            case 2: forms.two
            case 3...10: "\(number) \(forms.few)"
            default: "\(number) \(forms.many)"
            }
            result.replaceSubrange(whole, with: arabic)
        }
        if result.unicodeScalars.contains(where: { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }) {
            return (text, "fr", "ltr")
        }
        return (result, "ar", "rtl")
    }
}

enum PriceFormatter {
    static func format(_ amount: Decimal, currency: String, in language: Language) -> String {
        let number = grouped(amount)
        switch language {
        case .fr: return "\(number) \(currency)"
        case .ar: return "\(number) \(arabicCurrency[currency] ?? currency)"
        }
    }

    private static let arabicCurrency = ["MAD": "درهم", "EUR": "يورو", "USD": "دولار", "TND": "دينار تونسي", "DZD": "دينار جزائري"]

    private static func grouped(_ amount: Decimal) -> String {
        var rounded = Decimal()
        var value = amount
        NSDecimalRound(&rounded, &value, 2, .plain)
        let text = NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts.first ?? "0")
        let negative = integer.hasPrefix("-")
        if negative { integer.removeFirst() }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.count < 2 { fraction += "0" }
        var groups: [String] = []
        while integer.count > 3 {
            groups.insert(String(integer.suffix(3)), at: 0)
            integer.removeLast(3)
        }
        groups.insert(integer, at: 0)
        return (negative ? "-" : "") + groups.joined(separator: "\u{202F}") + "," + fraction
    }
}

enum JSONLD {
    static func serialize(_ object: [String: Any]) -> String? {
        guard JSONSerialization.isValidJSONObject(object),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
        var text = ""
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": text += "\\u003c"
            case ">": text += "\\u003e"
            case "&": text += "\\u0026"
            case "\u{2028}": text += "\\u2028"
            case "\u{2029}": text += "\\u2029"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}

/// The app's `Plural`, for the one noun the course page counts: seats left in a session.
enum Plural {
    enum Category { case zero, one, two, few, many, other }

    static func category(_ count: Int, in language: Language) -> Category {
        let n = count.magnitude
        switch language {
        case .fr:
            return n <= 1 ? .one : .other
        case .ar:
            switch (n, n % 100) {
            case (0, _): return .zero
            case (1, _): return .one
            case (2, _): return .two
            case (_, 3...10): return .few
            case (_, 11...99): return .many
            default: return .other
            }
        }
    }

    static let seatLeft: [Language: [Category: String]] = [
        .fr: [.one: "%ld place restante", .other: "%ld places restantes"],
        .ar: [.zero: "لا مقاعد متبقية", .one: "بقي مقعد واحد", .two: "بقي مقعدان", .few: "بقيت %ld مقاعد", .many: "بقي %ld مقعدًا", .other: "بقي %ld مقعد"],
    ]

    static func seatsLeft(_ count: Int, in language: Language) -> String {
        let forms = seatLeft[language] ?? [:]
        let form = forms[category(count, in: language)] ?? forms[.other] ?? "%ld"
        return form.replacingOccurrences(of: "%ld", with: String(count))
    }
}

/// The app's `Price`: TTC is the stored one or HT × (1 + rate / 100), rounded to the cent either way.
struct Price {
    let ht: Decimal?
    let storedTTC: Decimal?
    let vatRate: Decimal

    init(ht: Decimal?, ttc: Decimal? = nil, vatRate: Decimal = 20) {
        self.ht = ht
        self.storedTTC = ttc
        self.vatRate = vatRate
    }

    var ttc: Decimal? { storedTTC.map(Price.cents) ?? ht.map { Price.cents($0 * (1 + vatRate / 100)) } }

    static func cents(_ value: Decimal) -> Decimal {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        return rounded
    }
}

/// The four legal pages (the app's `LegalPageKind`): the slug is the row's key in `legal_pages`.
enum LegalPageKind: String, CaseIterable {
    case legalNotice = "mentions-legales"
    case privacy = "confidentialite"
    case terms = "cgv"
    case contact

    var messageKey: String {
        switch self {
        case .legalNotice: "legal_mentions"
        case .privacy: "legal_privacy"
        case .terms: "legal_terms"
        case .contact: "legal_contact"
        }
    }

    func path(in language: Language) -> String { "/\(language.rawValue)/\(rawValue)" }
}

/// The app's `LabelMarkup`: `[texte](/confidentialite)` in a form label is a link to that legal page.
enum LabelMarkup {
    enum Piece {
        case text(String)
        case link(text: String, page: LegalPageKind)
    }

    static func parse(_ label: String) -> [Piece] {
        let scalars = Array(label.unicodeScalars)
        var pieces: [Piece] = []
        var text = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "[", let (linkText, page, end) = link(in: scalars, at: index) {
                if !text.isEmpty { pieces.append(.text(String(text))) }
                text = String.UnicodeScalarView()
                pieces.append(.link(text: linkText, page: page))
                index = end
            } else {
                text.append(scalars[index])
                index += 1
            }
        }
        if !text.isEmpty { pieces.append(.text(String(text))) }
        return pieces
    }

    private static func link(in scalars: [Unicode.Scalar], at start: Int) -> (String, LegalPageKind, Int)? {
        var index = start + 1
        var text = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != "]" {
            if scalars[index] == "[" { return nil }
            text.append(scalars[index])
            index += 1
        }
        guard !text.isEmpty, index + 2 < scalars.count, scalars[index + 1] == "(", scalars[index + 2] == "/",
              let close = scalars[(index + 3)...].firstIndex(of: ")"),
              let page = LegalPageKind(rawValue: String(String.UnicodeScalarView(scalars[(index + 3)..<close]))) else { return nil }
        return (String(text), page, close + 1)
    }

    static func html(_ label: String, in language: Language) -> String {
        parse(label).map { piece in
            switch piece {
            case .text(let text): HTMLEscaping.escape(text)
            case .link(let text, let page): "<a href=\"\(page.path(in: language))\">\(HTMLEscaping.escape(text))</a>"
            }
        }.joined()
    }

    static func plainText(_ label: String) -> String {
        parse(label).map { piece in
            switch piece {
            case .text(let text): text
            case .link(let text, _): text
            }
        }.joined()
    }
}

/// The app's template escaping (`Templating.HTMLEscaping`), for the HTML that `LabelMarkup` builds.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes += Array("&amp;".utf8)
            case UInt8(ascii: "<"): bytes += Array("&lt;".utf8)
            case UInt8(ascii: ">"): bytes += Array("&gt;".utf8)
            case UInt8(ascii: "\""): bytes += Array("&quot;".utf8)
            case UInt8(ascii: "'"): bytes += Array("&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
