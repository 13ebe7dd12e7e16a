import Foundation

extension TemplateValue {
    /// From `JSONSerialization` output (spec files, `bcos render` data). Booleans are told apart from
    /// numbers, and whole numbers stay integers.
    public init(json: Any) {
        switch json {
        case let value as String:
            self = .string(value)
        case let value as NSNumber:
            if type(of: value) == type(of: NSNumber(value: true)) {
                self = .bool(value.boolValue)
            } else if let int = Int(exactly: value.doubleValue), !"\(value)".contains(".") {
                self = .int(int)
            } else {
                self = .double(value.doubleValue)
            }
        case let value as Bool:
            self = .bool(value)
        case let value as [Any]:
            self = .array(value.map(TemplateValue.init(json:)))
        case let value as [String: Any]:
            self = .object(value.mapValues(TemplateValue.init(json:)))
        default:
            self = .null
        }
    }

    /// Parses JSON text.
    public init(jsonData: Data) throws {
        self.init(json: try JSONSerialization.jsonObject(with: jsonData, options: [.fragmentsAllowed]))
    }
}
