import Foundation

/// A course category (`categories` row).
public struct Category: Sendable, Equatable {
    public var id: UUID
    public var slug: String
    public var name: String?
    public var nameFr: String?
    public var nameAr: String?
    public var descriptionFr: String?
    public var descriptionAr: String?
    public var icon: String?
    public var color: String?
    public var displayOrder: Int
}
