import Foundation

/// One field of a course's enrollment form, in the seed's `inscription_form_fields` format.
public struct FormField: Sendable, Equatable, Codable {
    public enum FieldType: String, Sendable, Codable, CaseIterable {
        case text, email, phone, textarea, select, checkbox, date
    }

    public struct Option: Sendable, Equatable, Codable {
        public var value: String
        public var label_fr: String
        public var label_ar: String
    }

    public var id: String
    public var name: String
    public var type: FieldType
    public var label_fr: String
    public var label_ar: String
    public var required: Bool
    public var placeholder_fr: String?
    public var placeholder_ar: String?
    public var options: [Option]?
    public var order: Int
}
