import Foundation
import HTTPServer

/// The course editor's form, field names as the `formations` columns. Kept as text exactly as the
/// admin typed it, so a form with errors comes back with every value in place.
struct CourseInput: Encodable, Sendable {
    var title_fr = ""
    var title_ar = ""
    var slug = ""
    var category_id = ""
    var reference = ""
    var tags = ""
    var is_published = false
    var is_online = false
    var is_popular = false
    var is_active = true
    var description_fr = ""
    var description_ar = ""
    var content_fr = ""
    var content_ar = ""
    var program_fr = ""
    var program_ar = ""
    var prerequisites_fr = ""
    var prerequisites_ar = ""
    var target_audience_fr = ""
    var target_audience_ar = ""
    var objectives_fr = ""
    var objectives_ar = ""
    var price_ht = ""
    var vat_rate = "20"
    var price_ttc = ""
    var currency = "MAD"
    var duration = ""
    var level = ""
    var max_participants = ""
    var cover_image_url = ""
    var form_fields: [BuilderField] = []

    static let currencies = ["MAD", "EUR", "USD", "TND", "DZD"]

    init() {}

    /// From a stored course.
    init(_ f: Course) {
        title_fr = f.titleFr ?? f.title ?? ""
        title_ar = f.titleAr ?? ""
        slug = f.slug
        category_id = f.categoryID?.uuidString.lowercased() ?? ""
        reference = f.reference ?? ""
        tags = f.tags.joined(separator: ", ")
        is_published = f.isPublished
        is_online = f.isOnline
        is_popular = f.isPopular
        is_active = f.isActive
        description_fr = f.descriptionFr ?? f.description ?? ""
        description_ar = f.descriptionAr ?? ""
        content_fr = f.contentFr ?? f.content ?? ""
        content_ar = f.contentAr ?? ""
        program_fr = f.programFr ?? ""
        program_ar = f.programAr ?? ""
        prerequisites_fr = f.prerequisitesFr ?? ""
        prerequisites_ar = f.prerequisitesAr ?? ""
        target_audience_fr = f.targetAudienceFr ?? ""
        target_audience_ar = f.targetAudienceAr ?? ""
        objectives_fr = f.objectivesFr.joined(separator: "\n")
        objectives_ar = f.objectivesAr.joined(separator: "\n")
        price_ht = f.priceHT.map(DecimalText.plain) ?? ""
        vat_rate = DecimalText.plain(f.vatRate)
        price_ttc = f.priceTTC.map(DecimalText.plain) ?? ""
        currency = f.currency
        duration = f.duration ?? ""
        level = f.level?.rawValue ?? ""
        max_participants = f.maxParticipants.map(String.init) ?? ""
        cover_image_url = f.coverImageURL ?? ""
        form_fields = f.formFields.sorted { $0.order < $1.order }.enumerated().map { BuilderField($1, index: $0) }
    }

    /// From the submitted editor.
    init(_ form: FormData) {
        func text(_ key: String) -> String { (form[key] ?? "").replacingOccurrences(of: "\r\n", with: "\n") }
        func line(_ key: String) -> String { text(key).trimmingCharacters(in: .whitespacesAndNewlines) }
        func flag(_ key: String) -> Bool { form.all(key).contains { $0 == "on" || $0 == "1" || $0 == "true" } }
        title_fr = line("title_fr")
        title_ar = line("title_ar")
        slug = line("slug").lowercased()
        category_id = line("category_id")
        reference = line("reference")
        tags = line("tags")
        is_published = flag("is_published")
        is_online = flag("is_online")
        is_popular = flag("is_popular")
        is_active = flag("is_active")
        description_fr = line("description_fr")
        description_ar = line("description_ar")
        content_fr = line("content_fr")
        content_ar = line("content_ar")
        program_fr = line("program_fr")
        program_ar = line("program_ar")
        prerequisites_fr = line("prerequisites_fr")
        prerequisites_ar = line("prerequisites_ar")
        target_audience_fr = line("target_audience_fr")
        target_audience_ar = line("target_audience_ar")
        objectives_fr = line("objectives_fr")
        objectives_ar = line("objectives_ar")
        price_ht = line("price_ht").replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: "")
        vat_rate = line("vat_rate").replacingOccurrences(of: ",", with: ".")
        currency = line("currency").uppercased()
        duration = line("duration")
        level = line("level")
        max_participants = line("max_participants")
        cover_image_url = line("cover_image_url")
        form_fields = BuilderField.parse(form)
        price_ttc = CourseInput.ttc(ht: price_ht, rate: vat_rate).map(DecimalText.plain) ?? ""
    }

    /// TTC of the typed HT and rate (`Price.ttc`). The server computes it; the browser only previews.
    static func ttc(ht: String, rate: String) -> Decimal? {
        guard let ht = Decimal(string: ht), let rate = Decimal(string: rate) else { return nil }
        return Price.ttc(ht: ht, rate: rate)
    }

    /// The bilingual text fields by column name, for the editor's field list.
    func text(of column: String) -> String {
        switch column {
        case "description_fr": description_fr
        case "description_ar": description_ar
        case "objectives_fr": objectives_fr
        case "objectives_ar": objectives_ar
        case "prerequisites_fr": prerequisites_fr
        case "prerequisites_ar": prerequisites_ar
        case "target_audience_fr": target_audience_fr
        case "target_audience_ar": target_audience_ar
        case "program_fr": program_fr
        case "program_ar": program_ar
        case "content_fr": content_fr
        case "content_ar": content_ar
        default: ""
        }
    }

    /// The Arabic texts a visitor of `/ar/…` needs and this course lacks, in words for the admin.
    /// Publishing without them is allowed (the Arabic page then says "متوفرة بالفرنسية فقط"), but
    /// only after the admin has seen this list once.
    var missingArabicTexts: [String] {
        [("le titre arabe", title_ar), ("la description arabe", description_ar)]
            .filter { $0.1.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map(\.0)
    }

    var objectivesFrList: [String] { CourseInput.lines(objectives_fr) }
    var objectivesArList: [String] { CourseInput.lines(objectives_ar) }
    var tagList: [String] {
        tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
