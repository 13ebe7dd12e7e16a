import Foundation
import Postgres

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

    /// Every source name available for a course, with a French label, for the mapping editor.
    static func available(customFields: [FormField]) -> [(name: String, label: String)] {
        let standard = enrollmentColumns.map { column in
            (column, DefaultForm.fields.first { $0.name == column }?.label_fr ?? column.replacingOccurrences(of: "_", with: " "))
        }
        let custom = customFields.filter { !NewEnrollment.standardColumns.contains($0.name) }.map { ($0.name, $0.label_fr) }
        let course = [
            ("course_title", "Titre de la formation (langue de l’inscription)"), ("course_title_fr", "Titre (français)"),
            ("course_title_ar", "Titre (arabe)"), ("course_reference", "Référence"), ("price_ht", "Prix HT"),
            ("price_ttc", "Prix TTC"), ("currency", "Devise"), ("category", "Catégorie"),
        ]
        let meta = [
            ("first_name", "Prénom (tiré du nom complet)"), ("last_name", "Nom (tiré du nom complet)"),
            ("enrollment_date", "Date d’inscription (ISO 8601)"), ("language", "Langue (fr/ar)"), ("enrollment_id", "Identifiant de l’inscription"),
        ]
        return (standard + custom + course + meta).map { (name: $0.0, label: $0.1) }
    }

    /// `Jean-Pierre El Amrani` → (`Jean-Pierre`, `El Amrani`); one word → last name only (CRMs
    /// require a last name more often than a first name).
    static func splitName(_ full: String) -> (first: String, last: String) {
        let words = full.split(whereSeparator: \.isWhitespace)
        guard words.count > 1 else { return ("", words.first.map(String.init) ?? "") }
        return (String(words[0]), words.dropFirst().joined(separator: " "))
    }

    /// Reads one enrollment (and its course, if it still exists) for delivery or preview.
    static func load(enrollmentID: UUID, on connection: PostgresConnection) throws -> CRMSources? {
        guard let row = try connection.query(prepared: """
            SELECT e.id, e.full_name, e.email, e.phone, e.company, e.position, e.experience_level, e.motivation, e.preferred_date,
                   e.how_did_you_hear, e.special_requirements, e.status, e.source, e.language_preference, e.enrollment_date,
                   e.form_data::text AS answers_json, e.form_fields_snapshot::text AS snapshot_json,
                   f.title_fr, f.title_ar, f.title, f.reference, f.price_ht, f.price_ttc, f.vat_rate, f.currency,
                   COALESCE(c.name_fr, c.name) AS category
            FROM enrollments e
            LEFT JOIN formations f ON f.id = e.formation_id
            LEFT JOIN categories c ON c.id = f.category_id
            WHERE e.id = $1
            """, [enrollmentID]).first else { return nil }
        var values: [String: JSONValue] = [:]
        for column in enrollmentColumns {
            if let text: String = try row.decodeIfPresent(column) { values[column] = .string(text) }
        }
        let snapshot = (try? row.decodeIfPresent("snapshot_json", as: PostgresJSON<[FormField]>.self))??.value ?? []
        let answers = (try? row.decodeIfPresent("answers_json", as: PostgresJSON<[String: JSONValue]>.self))??.value ?? [:]
        for (name, answer) in answers { values[name] = answer }
        let language: String = try row.decodeIfPresent("language_preference") ?? "fr"
        let titleFr: String? = try row.decodeIfPresent("title_fr") ?? row.decodeIfPresent("title")
        let titleAr: String? = try row.decodeIfPresent("title_ar")
        values["course_title_fr"] = titleFr.map(JSONValue.string)
        values["course_title_ar"] = titleAr.map(JSONValue.string)
        values["course_title"] = (language == "ar" ? titleAr ?? titleFr : titleFr ?? titleAr).map(JSONValue.string)
        values["course_reference"] = try row.decodeIfPresent("reference", as: String.self).map(JSONValue.string)
        let priceHT: Decimal? = try row.decodeIfPresent("price_ht")
        let vat: Decimal = try row.decodeIfPresent("vat_rate") ?? 20
        let priceTTC: Decimal? = try row.decodeIfPresent("price_ttc") ?? priceHT.map { $0 * (1 + vat / 100) }
        values["price_ht"] = priceHT.map { .number(NSDecimalNumber(decimal: $0).doubleValue) }
        values["price_ttc"] = priceTTC.map { .number(NSDecimalNumber(decimal: $0).doubleValue) }
        values["currency"] = try row.decodeIfPresent("currency", as: String.self).map(JSONValue.string)
        values["category"] = try row.decodeIfPresent("category", as: String.self).map(JSONValue.string)
        values["language"] = .string(language)
        values["enrollment_id"] = .string(try row.decode("id", as: UUID.self).uuidString.lowercased())
        if let date: Date = try row.decodeIfPresent("enrollment_date") { values["enrollment_date"] = .string(CRMSources.iso8601(date)) }
        let (first, last) = splitName(values["full_name"]?.text ?? "")
        values["first_name"] = .string(first)
        values["last_name"] = .string(last)
        var labels: [String: String] = [:]
        for field in snapshot { labels[field.name] = field.label_fr }
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
        for field in course.formFields where values[field.name] == nil {
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
        values["price_ht"] = course.priceHT.map { .number(NSDecimalNumber(decimal: $0).doubleValue) }
        let ttc = course.priceTTC ?? course.priceHT.map { $0 * (1 + course.vatRate / 100) }
        values["price_ttc"] = ttc.map { .number(NSDecimalNumber(decimal: $0).doubleValue) }
        values["currency"] = .string(course.currency)
        values["category"] = categoryName.map(JSONValue.string)
        return CRMSources(values: values, labels: Dictionary(uniqueKeysWithValues: course.formFields.map { ($0.name, $0.label_fr) }))
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
