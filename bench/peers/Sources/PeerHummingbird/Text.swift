import Foundation

// Ported from the app (Sources/BCOS/I18n, Sources/BCOS/Catalog, Sources/BCOS/SEO): languages,
// the interface texts the course page uses, the fallback rule for bilingual fields, durations and
// prices as each language reads them, and the JSON-LD serialisation. Same logic, same output.

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
    static func localized(_ text: String, in language: Language) -> (text: String, lang: String, dir: String) {
        guard language == .ar else { return (text, "fr", "ltr") }
        guard let regex = try? NSRegularExpression(pattern: "(\\d+)\\s*(jours?|j|heures?|h|semaines?|mois)\\b", options: [.caseInsensitive]) else {
            return (text, "fr", "ltr")
        }
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
