import Foundation

/// A course (`formations` row). Bilingual fields come in `_fr`/`_ar` pairs; the seed's legacy
/// single-language columns (`title`, `description`, `content`) are the last fallback.
public struct Course: Sendable, Equatable {
    public var id: UUID
    public var slug: String
    public var title: String?
    public var description: String?
    public var content: String?
    public var titleFr: String?
    public var titleAr: String?
    public var descriptionFr: String?
    public var descriptionAr: String?
    public var contentFr: String?
    public var contentAr: String?
    public var objectivesFr: [String]
    public var objectivesAr: [String]
    public var prerequisitesFr: String?
    public var prerequisitesAr: String?
    public var programFr: String?
    public var programAr: String?
    public var targetAudienceFr: String?
    public var targetAudienceAr: String?
    public var price: Decimal?
    public var priceHT: Decimal?
    public var priceTTC: Decimal?
    public var vatRate: Decimal
    public var currency: String
    public var categoryID: UUID?
    public var duration: String?
    public var level: CourseLevel?
    public var maxParticipants: Int?
    public var reference: String?
    public var tags: [String]
    public var coverImageURL: String?
    public var isPublished: Bool
    public var isOnline: Bool
    public var isPopular: Bool
    public var isActive: Bool
    public var formFields: [FormField]
    /// Repairs made while reading the stored form (see `StoredFormFields`), for the editor.
    public var formFieldWarnings: [String] = []
    public var createdAt: Date
    public var updatedAt: Date

    /// Visitors see a course only when it is both published and active.
    public var isVisible: Bool { isPublished && isActive }
}
