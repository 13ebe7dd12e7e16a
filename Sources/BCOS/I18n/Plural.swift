/// CLDR plural categories (https://cldr.unicode.org, "Language Plural Rules"), for integers.
public enum PluralCategory: String, Sendable, CaseIterable {
    case zero, one, two, few, many, other
}

/// Counts written the way each language writes them: "1 formation", "2 formations"; "دورة
/// واحدة", "دورتان", "3 دورات", "11 دورة". One place for every count on the site and in the admin.
public enum Plural {
    /// The category of an integer count.
    /// - French: one for 0 and 1 (CLDR `i = 0,1`), other otherwise.
    /// - Arabic: zero for 0, one for 1, two for 2, few when n % 100 is 3–10, many when n % 100 is
    ///   11–99, other otherwise (100, 101, 102, 200…).
    public static func category(_ count: Int, in language: Language) -> PluralCategory {
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

    /// The text of `noun` for `count` in `language` (`%ld` is the count), falling back to the
    /// `other` form, then to the count alone.
    public static func text(_ noun: Noun, count: Int, in language: Language) -> String {
        let forms = noun.forms[language] ?? [:]
        let form = forms[category(count, in: language)] ?? forms[.other] ?? "%ld"
        return form.replacingOccurrences(of: "%ld", with: String(count))
    }

    /// The counted things of the site, with their forms per language and category.
    public struct Noun: Sendable {
        let forms: [Language: [PluralCategory: String]]

        public static let course = Noun(forms: [
            .fr: [.one: "%ld formation", .other: "%ld formations"],
            .ar: [.zero: "لا توجد دورات", .one: "دورة واحدة", .two: "دورتان", .few: "%ld دورات", .many: "%ld دورة", .other: "%ld دورة"],
        ])
        public static let courseFound = Noun(forms: [
            .fr: [.one: "%ld formation trouvée", .other: "%ld formations trouvées"],
            .ar: [.zero: "لم يتم العثور على أي دورة", .one: "دورة واحدة", .two: "دورتان", .few: "%ld دورات", .many: "%ld دورة", .other: "%ld دورة"],
        ])
        public static let enrollment = Noun(forms: [
            .fr: [.one: "%ld inscription", .other: "%ld inscriptions"],
            .ar: [.zero: "لا توجد تسجيلات", .one: "تسجيل واحد", .two: "تسجيلان", .few: "%ld تسجيلات", .many: "%ld تسجيلًا", .other: "%ld تسجيل"],
        ])
        /// Seats left in a session ("Complet" is shown instead of zero).
        public static let seatLeft = Noun(forms: [
            .fr: [.one: "%ld place restante", .other: "%ld places restantes"],
            .ar: [.zero: "لا مقاعد متبقية", .one: "بقي مقعد واحد", .two: "بقي مقعدان", .few: "بقيت %ld مقاعد", .many: "بقي %ld مقعدًا", .other: "بقي %ld مقعد"],
        ])
        public static let failedEmail = Noun(forms: [.fr: [.one: "%ld e-mail en échec définitif", .other: "%ld e-mails en échec définitif"]])
        public static let seatTaken = Noun(forms: [.fr: [.one: "%ld place prise", .other: "%ld places prises"]])
        public static let waiting = Noun(forms: [.fr: [.one: "%ld en liste d’attente", .other: "%ld en liste d’attente"]])
        public static let draft = Noun(forms: [.fr: [.one: "%ld brouillon", .other: "%ld brouillons"]])
        public static let published = Noun(forms: [.fr: [.one: "%ld publiée", .other: "%ld publiées"]])
        public static let delivery = Noun(forms: [.fr: [.one: "%ld envoi", .other: "%ld envois"]])
        public static let delivered = Noun(forms: [.fr: [.one: "%ld réussi", .other: "%ld réussis"]])
        public static let failure = Noun(forms: [.fr: [.one: "%ld échec", .other: "%ld échecs"]])
        public static let gaveUp = Noun(forms: [.fr: [
            .one: "%ld envoi abandonné après toutes ses tentatives", .other: "%ld envois abandonnés après toutes leurs tentatives",
        ]])
    }
}
