import Foundation
import Logging
import PostgresNIO

// The course page's data, ported from the app: the same query and row (CourseRepository.course(slug:)),
// the same view model (CoursePageModel, EnrollmentFormView with its session choice, DefaultForm with
// its consent box, LabelMarkup) and the same layout values (PageRenderer with the legal footer,
// CoursePageRoutes.render, CourseStructuredData with the sessions), built as the plain dictionaries
// swift-mustache renders fastest. Absent optional values are left out of a dictionary:
// swift-mustache would print an Optional's description, while the app's engine treats null as empty.

/// `inscription_form_fields` (jsonb), decoded by postgres-nio's JSON support.
struct FormFieldList: Decodable, PostgresDecodable {
    var fields: [FormField]

    init(from decoder: any Decoder) throws {
        fields = try decoder.singleValueContainer().decode([FormField].self)
    }
}

struct FormField: Decodable {
    enum FieldType: String, Decodable { case text, email, phone, textarea, select, checkbox, date }

    struct Option: Decodable {
        var value: String
        var label_fr: String
        var label_ar: String
    }

    var id: String
    var name: String
    var type: FieldType
    var label_fr: String
    var label_ar: String
    var required: Bool
    var placeholder_fr: String?
    var placeholder_ar: String?
    var options: [Option]?
    var order: Int
}

struct Formation {
    var id: UUID
    var slug: String
    var title: String?
    var description: String?
    var content: String?
    var titleFr: String?
    var titleAr: String?
    var descriptionFr: String?
    var descriptionAr: String?
    var contentFr: String?
    var contentAr: String?
    var objectivesFr: [String]
    var objectivesAr: [String]
    var prerequisitesFr: String?
    var prerequisitesAr: String?
    var programFr: String?
    var programAr: String?
    var targetAudienceFr: String?
    var targetAudienceAr: String?
    var price: Decimal?
    var priceHT: Decimal?
    var priceTTC: Decimal?
    var vatRate: Decimal
    var currency: String
    var categoryID: UUID?
    var duration: String?
    var level: CourseLevel?
    var maxParticipants: Int?
    var reference: String?
    var tags: [String]
    var coverImageURL: String?
    var isPublished: Bool
    var isOnline: Bool
    var isPopular: Bool
    var isActive: Bool
    var formFields: [FormField]
    var createdAt: Date
    var updatedAt: Date

    var isVisible: Bool { isPublished && isActive }
    var pricing: Price { Price(ht: priceHT, ttc: priceTTC, vatRate: vatRate) }
    /// Whether the page shows a price: the default form's consent box then links to the terms of sale too.
    var showsPrice: Bool { priceHT != nil || pricing.ttc != nil }

    init(row r: PostgresRandomAccessRow) throws {
        id = try r["id"].decode(UUID.self)
        slug = try r["slug"].decode(String.self)
        title = try r["title"].decode(String?.self)
        description = try r["description"].decode(String?.self)
        content = try r["content"].decode(String?.self)
        titleFr = try r["title_fr"].decode(String?.self)
        titleAr = try r["title_ar"].decode(String?.self)
        descriptionFr = try r["description_fr"].decode(String?.self)
        descriptionAr = try r["description_ar"].decode(String?.self)
        contentFr = try r["content_fr"].decode(String?.self)
        contentAr = try r["content_ar"].decode(String?.self)
        objectivesFr = try r["objectives_fr"].decode([String]?.self) ?? []
        objectivesAr = try r["objectives_ar"].decode([String]?.self) ?? []
        prerequisitesFr = try r["prerequisites_fr"].decode(String?.self)
        prerequisitesAr = try r["prerequisites_ar"].decode(String?.self)
        programFr = try r["program_fr"].decode(String?.self)
        programAr = try r["program_ar"].decode(String?.self)
        targetAudienceFr = try r["target_audience_fr"].decode(String?.self)
        targetAudienceAr = try r["target_audience_ar"].decode(String?.self)
        price = try r["price"].decode(Decimal?.self)
        priceHT = try r["price_ht"].decode(Decimal?.self)
        priceTTC = try r["price_ttc"].decode(Decimal?.self)
        vatRate = try r["vat_rate"].decode(Decimal?.self) ?? 20
        currency = try r["currency"].decode(String?.self) ?? "EUR"
        categoryID = try r["category_id"].decode(UUID?.self)
        duration = try r["duration"].decode(String?.self)
        level = try r["level"].decode(String?.self).flatMap(CourseLevel.init(rawValue:))
        maxParticipants = try r["max_participants"].decode(Int?.self)
        reference = try r["reference"].decode(String?.self)
        tags = try r["tags"].decode([String]?.self) ?? []
        coverImageURL = try r["cover_image_url"].decode(String?.self)
        isPublished = try r["is_published"].decode(Bool?.self) ?? false
        isOnline = try r["is_online"].decode(Bool?.self) ?? false
        isPopular = try r["is_popular"].decode(Bool?.self) ?? false
        isActive = try r["is_active"].decode(Bool?.self) ?? false
        formFields = try r["inscription_form_fields"].decode(FormFieldList?.self)?.fields ?? []
        createdAt = try r["created_at"].decode(Date.self)
        updatedAt = try r["updated_at"].decode(Date.self)
    }
}

/// The app's `CourseLevel`: a stored level the app does not know shows no level.
enum CourseLevel: String {
    case debutant, intermediaire, avance

    var messageKey: String { "level_\(rawValue)" }
}

struct Category {
    var id: UUID
    var slug: String
    var name: String?
    var nameFr: String?
    var nameAr: String?
    var descriptionFr: String?
    var descriptionAr: String?
    var icon: String?
    var color: String?
    var displayOrder: Int

    init(row r: PostgresRandomAccessRow) throws {
        id = try r["c_id"].decode(UUID.self)
        slug = try r["c_slug"].decode(String.self)
        name = try r["c_name"].decode(String?.self)
        nameFr = try r["c_name_fr"].decode(String?.self)
        nameAr = try r["c_name_ar"].decode(String?.self)
        descriptionFr = try r["c_description_fr"].decode(String?.self)
        descriptionAr = try r["c_description_ar"].decode(String?.self)
        icon = try r["c_icon"].decode(String?.self)
        color = try r["c_color"].decode(String?.self)
        displayOrder = try r["c_display_order"].decode(Int?.self) ?? 0
    }
}

/// The app's CourseRepository.course(slug:): one query, the course with its category (what the app
/// ran per request before its course cache, which now asks for the row's version instead).
struct FormationRepository {
    let client: PostgresClient
    let logger: Logger

    static let formationColumns = """
        f.id, f.slug, f.title, f.description, f.content, f.title_fr, f.title_ar, f.description_fr, f.description_ar,
        f.content_fr, f.content_ar, f.objectives_fr, f.objectives_ar, f.prerequisites_fr, f.prerequisites_ar,
        f.program_fr, f.program_ar, f.target_audience_fr, f.target_audience_ar, f.price, f.price_ht, f.price_ttc,
        f.vat_rate, f.currency, f.category_id, f.duration, f.level, f.max_participants, f.reference, f.tags,
        f.cover_image_url, f.is_published, f.is_online, f.is_popular, f.is_active, f.inscription_form_fields,
        f.created_at, f.updated_at
        """

    func formation(slug: String) async throws -> (Formation, Category?)? {
        let rows = try await client.query("""
            SELECT \(unescaped: FormationRepository.formationColumns),
                   c.id AS c_id, c.slug AS c_slug, c.name AS c_name, c.name_fr AS c_name_fr, c.name_ar AS c_name_ar,
                   c.description_fr AS c_description_fr, c.description_ar AS c_description_ar,
                   c.icon AS c_icon, c.color AS c_color, c.display_order AS c_display_order
            FROM formations f LEFT JOIN categories c ON c.id = f.category_id
            WHERE f.slug = \(slug)
            """, logger: logger)
        var found: (Formation, Category?)?
        for try await row in rows {
            let r = row.makeRandomAccess()
            let category = try r["c_id"].decode(UUID?.self) == nil ? nil : try Category(row: r)
            found = (try Formation(row: r), category)
        }
        return found
    }
}

/// The app's DefaultForm: what a course with an empty `inscription_form_fields` gets, ending with
/// the required consent box.
enum DefaultForm {
    static let fields: [FormField] = [
        FormField(id: "default_full_name", name: "full_name", type: .text, label_fr: "Nom complet", label_ar: "الاسم الكامل",
                  required: true, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 1),
        FormField(id: "default_email", name: "email", type: .email, label_fr: "Adresse e-mail", label_ar: "البريد الإلكتروني",
                  required: true, placeholder_fr: "nom@exemple.com", placeholder_ar: "name@example.com", options: nil, order: 2),
        FormField(id: "default_phone", name: "phone", type: .phone, label_fr: "Téléphone", label_ar: "الهاتف",
                  required: true, placeholder_fr: "+212 6 00 00 00 00", placeholder_ar: "+212 6 00 00 00 00", options: nil, order: 3),
        FormField(id: "default_company", name: "company", type: .text, label_fr: "Entreprise", label_ar: "الشركة",
                  required: false, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 4),
        FormField(id: "default_position", name: "position", type: .text, label_fr: "Fonction", label_ar: "المنصب",
                  required: false, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 5),
        FormField(id: "default_motivation", name: "motivation", type: .textarea, label_fr: "Motivation", label_ar: "الدافع",
                  required: false, placeholder_fr: "Pourquoi souhaitez-vous suivre cette formation ?",
                  placeholder_ar: "لماذا ترغب في متابعة هذا التكوين؟", options: nil, order: 6),
        FormField(id: "default_how_did_you_hear", name: "how_did_you_hear", type: .select,
                  label_fr: "Comment avez-vous connu BCOS ?", label_ar: "كيف تعرّفت على BCOS؟",
                  required: false, placeholder_fr: nil, placeholder_ar: nil,
                  options: [
                      .init(value: "google", label_fr: "Google", label_ar: "جوجل"),
                      .init(value: "social", label_fr: "Réseaux sociaux", label_ar: "وسائل التواصل الاجتماعي"),
                      .init(value: "referral", label_fr: "Recommandation", label_ar: "توصية"),
                      .init(value: "other", label_fr: "Autre", label_ar: "أخرى"),
                  ], order: 7),
        consent(withTerms: false),
    ]

    static func fields(showsPrice: Bool) -> [FormField] {
        showsPrice ? Array(fields.dropLast()) + [consent(withTerms: true)] : fields
    }

    /// The required consent box, whose label links to the privacy policy, and to the terms of sale for a priced course.
    static func consent(withTerms: Bool) -> FormField {
        FormField(
            id: "default_consent", name: "consent", type: .checkbox,
            label_fr: withTerms
                ? "J’accepte les [conditions générales de vente](/cgv) et le traitement de mes données personnelles par BCOS Formation pour gérer mon inscription, comme le décrit la [politique de confidentialité](/confidentialite)."
                : "J’accepte le traitement de mes données personnelles par BCOS Formation pour gérer mon inscription, comme le décrit la [politique de confidentialité](/confidentialite).",
            label_ar: withTerms
                ? "أوافق على [الشروط العامة للبيع](/cgv) وعلى معالجة BCOS للتكوين لمعطياتي الشخصية من أجل تدبير تسجيلي، كما توضح ذلك [سياسة الخصوصية](/confidentialite)."
                : "أوافق على معالجة BCOS للتكوين لمعطياتي الشخصية من أجل تدبير تسجيلي، كما توضح ذلك [سياسة الخصوصية](/confidentialite).",
            required: true, placeholder_fr: nil, placeholder_ar: nil, options: nil, order: 8)
    }

    /// The seed's "preferred date" field: a course with dated sessions asks for a session instead.
    static let preferredDate = "preferred_date"

    static func effectiveFields(for formation: Formation) -> [FormField] {
        let own = formation.formFields.sorted { ($0.order, $0.name) < ($1.order, $1.name) }
        return own.isEmpty ? fields(showsPrice: formation.showsPrice) : own
    }
}

/// The app's EnrollmentFormView for a first visit (nothing submitted, no errors, not a preview): the
/// fields, and the offered sessions as a required choice (the preferred date is then not asked).
enum EnrollmentForm {
    static let maxLength: [FormField.FieldType: Int] = [
        .text: 200, .email: 254, .phone: 30, .textarea: 5000, .select: 200, .checkbox: 200, .date: 10,
    ]
    static let autocomplete: [String: String] = [
        "full_name": "name", "email": "email", "phone": "tel", "company": "organization", "position": "organization-title",
    ]

    static func inputType(_ type: FormField.FieldType) -> String {
        switch type {
        case .email: "email"
        case .phone: "tel"
        case .date: "date"
        case .checkbox: "checkbox"
        default: "text"
        }
    }

    static func context(fields definitions: [FormField], language: Language, action: String, token: String,
                        sessions: [[String: Any]]) -> [String: Any] {
        let shown = sessions.isEmpty ? definitions : definitions.filter { $0.name != DefaultForm.preferredDate }
        let fields: [[String: Any]] = shown.map { field in
            let label = language == .fr ? field.label_fr : field.label_ar
            let placeholder = (language == .fr ? field.placeholder_fr : field.placeholder_ar).flatMap { $0.isEmpty ? nil : $0 }
            let inputID = "f-\(field.name)"
            let options: [[String: Any]] = (field.options ?? []).enumerated().map { index, option in
                ["value": option.value, "label": language == .fr ? option.label_fr : option.label_ar,
                 "selected": false, "input_id": "\(inputID)-\(index)"]
            }
            let isGroup = field.type == .checkbox && !options.isEmpty
            let shownLabel = label.isEmpty ? field.name : label
            var values: [String: Any] = [
                "name": field.name, "input_id": inputID, "label": LabelMarkup.plainText(shownLabel),
                "label_html": LabelMarkup.html(shownLabel, in: language),
                "required": field.required, "error_id": "\(inputID)-error", "value": "",
                "ltr": [.email, .phone, .date].contains(field.type),
                "input_type": inputType(field.type),
                "maxlength": maxLength[field.type] ?? 200,
                "is_input": [.text, .email, .phone, .date].contains(field.type),
                "is_textarea": field.type == .textarea,
                "is_select": field.type == .select,
                "is_checkbox": field.type == .checkbox && !isGroup,
                "is_checkbox_group": isGroup,
                "checked": false,
                "options": options,
            ]
            if let placeholder { values["placeholder"] = placeholder }
            if let hint = autocomplete[field.name] { values["autocomplete"] = hint }
            if field.type == .phone { values["inputmode"] = "tel" }
            return values
        }
        return [
            "fields": fields, "action": action, "token": token, "has_errors": false, "error_count": 0, "has_field_errors": false,
            "preview": false, "sessions": sessions, "has_sessions": !sessions.isEmpty,
            "session_first_id": (sessions.first?["input_id"] as? String) ?? "",
        ]
    }
}

/// The whole context of `public/course`: the app's CoursePageModel, plus `t` and `layout`.
struct CoursePage {
    let baseURL: String
    let cssHref: String

    func context(_ f: Formation, _ category: Category?, language: Language, token: String, tracking: [[String: Any]],
                 sessions: [CourseSession], footer: LegalFooter) -> [String: Any] {
        let t = { (key: String) in Messages.text(key, in: language) }
        let base = "/\(language.rawValue)/formations/\(f.slug)"
        var page: [String: Any] = [:]
        page["slug"] = f.slug
        let title = LocalizedText.pick(fr: f.titleFr, ar: f.titleAr, legacy: f.title, in: language)
            ?? LocalizedText(text: f.slug, lang: "fr", dir: "ltr", fallback: true)
        page["title"] = title.context
        if let category {
            if let name = LocalizedText.pick(fr: category.nameFr, ar: category.nameAr, legacy: category.name, in: language) {
                page["category"] = name.context
            }
            if let color = category.color { page["category_color"] = color }
        }
        var facts: [[String: Any]] = []
        if let reference = f.reference, !reference.isEmpty {
            facts.append(["label": t("course_reference"), "value": reference, "lang": "fr", "dir": "ltr"])
        }
        if let level = f.level {
            facts.append(["label": t("course_level"), "value": t(level.messageKey)])
        }
        if let duration = f.duration, !duration.isEmpty {
            let shown = DurationText.localized(duration, in: language)
            var fact: [String: Any] = ["label": t("course_duration"), "value": shown.text]
            if shown.lang != language.rawValue {
                fact["lang"] = shown.lang
                fact["dir"] = shown.dir
            }
            facts.append(fact)
        }
        facts.append(["label": t("course_mode"), "value": f.isOnline ? t("course_online") : t("course_onsite")])
        if let seats = f.maxParticipants { facts.append(["label": t("course_seats"), "value": String(seats)]) }
        page["facts"] = facts
        if let ht = f.priceHT { page["price_ht"] = PriceFormatter.format(ht, currency: f.currency, in: language) }
        if let ttc = f.pricing.ttc {
            page["price_ttc"] = PriceFormatter.format(ttc, currency: f.currency, in: language)
        }
        let description = LocalizedText.pick(fr: f.descriptionFr, ar: f.descriptionAr, legacy: f.description, in: language)
        if let description { page["description"] = description.context }
        if let objectives = LocalizedList.pick(fr: f.objectivesFr, ar: f.objectivesAr, in: language) { page["objectives"] = objectives.context }
        if let prerequisites = LocalizedText.pick(fr: f.prerequisitesFr, ar: f.prerequisitesAr, in: language) {
            page["prerequisites"] = prerequisites.context
        }
        if let program = LocalizedText.pick(fr: f.programFr, ar: f.programAr, in: language) { page["program"] = sanitized(program) }
        if let audience = LocalizedText.pick(fr: f.targetAudienceFr, ar: f.targetAudienceAr, in: language) { page["audience"] = audience.context }
        if let content = LocalizedText.pick(fr: f.contentFr, ar: f.contentAr, legacy: f.content, in: language) { page["content"] = sanitized(content) }
        let cover = f.coverImageURL.flatMap { HTMLSanitizer.safeURL($0, schemes: ["http", "https"]) }
        if let cover { page["cover_image_url"] = cover }
        // CoursePageRoutes.enrollmentForm: the anchor brings the visitor back to the form after a 422.
        let sessionValues = sessions.map { SessionView.context($0, course: f, language: language) }
        page["form"] = EnrollmentForm.context(
            fields: DefaultForm.effectiveFields(for: f), language: language, action: base + "/inscription#inscription", token: token,
            sessions: sessionValues)
        page["tracking"] = tracking
        page["sessions"] = sessionValues
        page["has_sessions"] = !sessionValues.isEmpty

        page["t"] = Messages.catalog(language)
        page["layout"] = layout(
            language: language, title: title.text, description: CoursePage.summary(description?.text ?? title.text), path: base,
            slug: f.slug, imageURL: cover, footer: footer,
            jsonLD: jsonLD(f, title: title.text, description: description?.text, language: language, sessions: sessions))
        return page
    }

    private func sanitized(_ text: LocalizedText) -> [String: Any] {
        ["html": HTMLSanitizer.sanitize(text.text), "lang": text.lang, "dir": text.dir, "fallback": text.fallback]
    }

    /// PageRenderer.layout for a course page (PageMeta with both alternates, og:type article, the footer).
    private func layout(language: Language, title: String, description: String, path: String, slug: String,
                        imageURL: String?, footer: LegalFooter, jsonLD: String?) -> [String: Any] {
        let other = language.other
        let alternates: [Language: String] = [.fr: "/fr/formations/\(slug)", .ar: "/ar/formations/\(slug)"]
        var links: [[String: Any]] = Language.allCases.compactMap { language in
            alternates[language].map { ["hreflang": language.rawValue, "href": baseURL + $0] }
        }
        if let fallback = alternates[.fr] { links.append(["hreflang": "x-default", "href": baseURL + fallback]) }
        var layout: [String: Any] = [
            "lang": language.rawValue,
            "dir": language.direction,
            "is_rtl": language == .ar,
            "title": title,
            "description": description,
            "canonical": baseURL + path,
            "alternates": links,
            "switch_href": alternates[other] ?? "/\(other.rawValue)/",
            "switch_lang": other.rawValue,
            "switch_dir": other.direction,
            "switch_label": other.nativeName,
            "home_href": "/\(language.rawValue)/",
            "catalog_href": "/\(language.rawValue)/formations",
            "css_href": cssHref,
            "og_type": "article",
            "og_locale": language.ogLocale,
            "noindex": false,
            "footer": footer.context(for: language),
            "year": String(Calendar(identifier: .gregorian).component(.year, from: Date())),
        ]
        if let imageURL { layout["og_image"] = imageURL }
        if let jsonLD { layout["json_ld"] = jsonLD }
        return layout
    }

    /// CourseStructuredData.jsonLD: schema.org `Course`, with one `CourseInstance` per offered session.
    private func jsonLD(_ formation: Formation, title: String, description: String?, language: Language, sessions: [CourseSession]) -> String? {
        var course: [String: Any] = [
            "@context": "https://schema.org",
            "@type": "Course",
            "name": title,
            "description": description ?? title,
            "inLanguage": language.rawValue,
            "url": "\(baseURL)/\(language.rawValue)/formations/\(formation.slug)",
            "provider": ["@type": "Organization", "name": "BCOS", "sameAs": baseURL],
        ]
        if let reference = formation.reference, !reference.isEmpty { course["courseCode"] = reference }
        if let price = formation.pricing.ttc {
            course["offers"] = [
                "@type": "Offer", "category": "Paid", "price": NSDecimalNumber(decimal: price).stringValue,
                "priceCurrency": formation.currency,
            ]
        }
        let url = "\(baseURL)/\(language.rawValue)/formations/\(formation.slug)"
        course["hasCourseInstance"] = sessions.isEmpty
            ? ["@type": "CourseInstance", "courseMode": formation.isOnline ? "online" : "onsite"]
            : sessions.map { instance($0, course: formation, url: url) }
        return JSONLD.serialize(course)
    }

    /// CourseStructuredData.instance: one upcoming session, its dates, mode, place and offer.
    private func instance(_ session: CourseSession, course: Formation, url: String) -> [String: Any] {
        var json: [String: Any] = [
            "@type": "CourseInstance",
            "startDate": SessionDateText.iso8601(session.startsAt),
            "endDate": session.endsOn,
            "courseMode": session.isOnline ? "online" : "onsite",
            "inLanguage": session.teaching.languageTags.count == 1 ? session.teaching.languageTags[0] : session.teaching.languageTags,
        ]
        if session.isOnline {
            json["location"] = ["@type": "VirtualLocation", "url": url]
        } else {
            var address: [String: Any] = ["@type": "PostalAddress", "addressCountry": "MA"]
            if let city = session.city?.nilIfEmpty { address["addressLocality"] = city }
            if let street = session.address?.nilIfEmpty { address["streetAddress"] = street }
            json["location"] = ["@type": "Place", "name": session.city ?? "", "address": address]
        }
        var offer: [String: Any] = [
            "@type": "Offer", "category": "Paid", "url": url, "priceCurrency": course.currency,
            "availability": session.isFull ? "https://schema.org/SoldOut" : "https://schema.org/InStock",
        ]
        if let price = session.price(for: course).ttc { offer["price"] = NSDecimalNumber(decimal: price).stringValue }
        json["offers"] = offer
        return json
    }

    /// CoursePageRoutes.summary: the first ~160 characters, cut at a word boundary.
    static func summary(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > 160 else { return flat }
        let cut = flat.prefix(160)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }
}
