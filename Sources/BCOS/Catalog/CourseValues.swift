import Foundation
import Postgres

/// Validated values for the `formations` columns the editor writes.
struct CourseValues: Sendable {
    var titleFr: String
    var titleAr: String
    var slug: String
    var categoryID: UUID?
    var reference: String?
    var tags: [String]
    var isPublished: Bool
    var isOnline: Bool
    var isPopular: Bool
    var isActive: Bool
    var descriptionFr: String?
    var descriptionAr: String?
    var contentFr: String?
    var contentAr: String?
    var programFr: String?
    var programAr: String?
    var prerequisitesFr: String?
    var prerequisitesAr: String?
    var targetAudienceFr: String?
    var targetAudienceAr: String?
    var objectivesFr: [String]
    var objectivesAr: [String]
    var priceHT: Decimal?
    var vatRate: Decimal
    var priceTTC: Decimal?
    var currency: String
    var duration: String?
    var level: CourseLevel?
    var maxParticipants: Int?
    var coverImageURL: String?
    var formFields: [FormField]

    /// Parameters $1…$31 in the column order of `FormationStore.columns`.
    var parameters: [any PostgresEncodable] {
        [
            titleFr, titleAr, slug, categoryID, reference, tags, isPublished, isOnline, isPopular, isActive,
            descriptionFr, descriptionAr, contentFr, contentAr, programFr, programAr, prerequisitesFr, prerequisitesAr,
            targetAudienceFr, targetAudienceAr, objectivesFr, objectivesAr, priceHT, vatRate, priceTTC, currency,
            duration, level?.rawValue, maxParticipants, coverImageURL, JSONText.encode(formFields),
        ]
    }
}
