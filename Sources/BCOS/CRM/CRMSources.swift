import Foundation

/// The values a field mapping can read for one enrollment (DESIGN.md): the enrollment's columns,
/// the answers to the course's custom fields, course facts, `enrollment_date`, `language` and
/// `enrollment_id`, plus `first_name`/`last_name` split from `full_name` for CRMs that want them.
struct CRMSources: Sendable {
    var values: [String: JSONValue]
    /// Labels of the course's custom fields, in French, for e-mails and the mapping page.
    var labels: [String: String]

    static let enrollmentColumns = NewEnrollment.standardColumns + ["status", "source"]
    static let courseFields = ["course_title", "course_title_fr", "course_title_ar", "course_reference", "price_ht", "price_ttc", "currency", "category"]
    static let metaFields = ["first_name", "last_name", "enrollment_date", "language", "enrollment_id"]
    static let sessionFields = ["session_start", "session_end", "session_city", "session_mode"]

    /// Every source name available for a course, with a French label, for the mapping editor.
    static func available(customFields: [FormField]) -> [(name: String, label: String)] {
        let standard = enrollmentColumns.map { column in
            (column, DefaultForm.fields.first { $0.name == column }?.label_fr ?? column.replacingOccurrences(of: "_", with: " "))
        }
        let custom = customFields.filter { !NewEnrollment.standardColumns.contains($0.name) }.map { ($0.name, LabelMarkup.plainText($0.label_fr)) }
        let course = [
            ("course_title", "Titre de la formation (langue de l’inscription)"), ("course_title_fr", "Titre (français)"),
            ("course_title_ar", "Titre (arabe)"), ("course_reference", "Référence"), ("price_ht", "Prix HT"),
            ("price_ttc", "Prix TTC"), ("currency", "Devise"), ("category", "Catégorie"),
        ]
        let meta = [
            ("first_name", "Prénom (tiré du nom complet)"), ("last_name", "Nom (tiré du nom complet)"),
            ("enrollment_date", "Date d’inscription (ISO 8601)"), ("language", "Langue (fr/ar)"), ("enrollment_id", "Identifiant de l’inscription"),
        ]
        let session = [
            ("session_start", "Début de la session (ISO 8601)"), ("session_end", "Dernier jour de la session (AAAA-MM-JJ)"),
            ("session_city", "Ville de la session"), ("session_mode", "Modalité de la session (onsite/online)"),
        ]
        return (standard + custom + course + session + meta).map { (name: $0.0, label: $0.1) }
    }

    /// `Jean-Pierre El Amrani` → (`Jean-Pierre`, `El Amrani`); one word → last name only (CRMs
    /// require a last name more often than a first name).
    static func splitName(_ full: String) -> (first: String, last: String) {
        let words = full.split(whereSeparator: \.isWhitespace)
        guard words.count > 1 else { return ("", words.first.map(String.init) ?? "") }
        return (String(words[0]), words.dropFirst().joined(separator: " "))
    }

    /// What an enrollment's course contributes (nil values: the course was deleted).
    struct CourseFacts: Sendable {
        var titleFr: String?
        var titleAr: String?
        var reference: String?
        var price: Price
        var currency: String?
        var category: String?
    }

    /// The session chosen, when there is one.
    struct SessionFacts: Sendable {
        var start: Date
        var end: String?
        var city: String?
        var online: Bool
    }

    /// The sources of one stored enrollment (read by `EnrollmentRepository.crmSources`).
    static func enrollment(
        id: UUID, standard: [String: String], answersJSON: String?, snapshotJSON: String?, language: String, enrolledAt: Date?,
        course: CourseFacts, session: SessionFacts? = nil
    ) -> CRMSources {
        var values: [String: JSONValue] = standard.mapValues(JSONValue.string)
        // Stored JSON is outside input: answers that are not an object are left out (and the
        // labels fall back to the names), never a failed delivery over a cosmetic column.
        let snapshot = StoredFormFields.read(snapshotJSON).fields
        if case .object(let answers)? = answersJSON.flatMap({ JSONValue.parse(Array($0.utf8)) }) {
            for (name, answer) in answers { values[name] = answer }
        }
        values["course_title_fr"] = course.titleFr.map(JSONValue.string)
        values["course_title_ar"] = course.titleAr.map(JSONValue.string)
        values["course_title"] = (language == "ar" ? course.titleAr ?? course.titleFr : course.titleFr ?? course.titleAr).map(JSONValue.string)
        values["course_reference"] = course.reference.map(JSONValue.string)
        values["price_ht"] = course.price.ht.map { .number(Price.number($0)) }
        values["price_ttc"] = course.price.ttc.map { .number(Price.number($0)) }
        values["currency"] = course.currency.map(JSONValue.string)
        values["category"] = course.category.map(JSONValue.string)
        values["language"] = .string(language)
        values["enrollment_id"] = .string(id.lowercasedString)
        if let session {
            values["session_start"] = .string(SessionDateText.iso8601(session.start))
            values["session_end"] = session.end.map(JSONValue.string)
            values["session_city"] = session.city.map(JSONValue.string)
            values["session_mode"] = .string(session.online ? "online" : "onsite")
        }
        if let enrolledAt { values["enrollment_date"] = .string(CRMSources.iso8601(enrolledAt)) }
        let (first, last) = splitName(values["full_name"]?.text ?? "")
        values["first_name"] = .string(first)
        values["last_name"] = .string(last)
        var labels: [String: String] = [:]
        for field in snapshot { labels[field.name] = LabelMarkup.plainText(field.label_fr) }
        return CRMSources(values: values, labels: labels)
    }

    /// A made-up enrollment for a course, for the payload preview on the mapping page.
    static func sample(for course: Course, categoryName: String?) -> CRMSources {
        var values: [String: JSONValue] = [
            "full_name": "Salma Bennani", "email": "salma.bennani@example.ma", "phone": "+212 6 61 23 45 67",
            "company": "Atlas Industries", "position": "Responsable RH", "motivation": "Structurer notre plan de formation.",
            "how_did_you_hear": "google", "status": "new", "source": "website", "first_name": "Salma", "last_name": "Bennani",
            "language": "fr", "enrollment_id": "00000000-0000-4000-8000-000000000000", "enrollment_date": .string(iso8601(Date())),
        ]
        // Only what this course's form asks: a field the course no longer has is not in the sample.
        let fields = DefaultForm.effectiveFields(for: course)
        let asked = Set(fields.map(\.name))
        for column in NewEnrollment.standardColumns where !asked.contains(column) { values[column] = nil }
        for field in fields where values[field.name] == nil {
            switch field.type {
            case .checkbox: values[field.name] = field.options?.isEmpty == false ? .array([.string(field.options?.first?.value ?? "")]) : .bool(true)
            case .select: values[field.name] = .string(field.options?.first?.value ?? "")
            case .date: values[field.name] = "2027-01-15"
            case .email: values[field.name] = "salma.bennani@example.ma"
            default: values[field.name] = .string(field.label_fr)
            }
        }
        values["course_title_fr"] = (course.titleFr ?? course.title).map(JSONValue.string)
        values["course_title_ar"] = course.titleAr.map(JSONValue.string)
        values["course_title"] = values["course_title_fr"]
        values["course_reference"] = course.reference.map(JSONValue.string)
        values["price_ht"] = course.pricing.ht.map { .number(Price.number($0)) }
        values["price_ttc"] = course.pricing.ttc.map { .number(Price.number($0)) }
        values["currency"] = .string(course.currency)
        values["category"] = categoryName.map(JSONValue.string)
        values["session_start"] = "2027-01-12T09:00:00+01:00"
        values["session_end"] = "2027-01-14"
        values["session_city"] = "Casablanca"
        values["session_mode"] = "onsite"
        return CRMSources(values: values, labels: Dictionary(fields.map { ($0.name, LabelMarkup.plainText($0.label_fr)) }, uniquingKeysWith: { first, _ in first }))
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .string(value) }
}
