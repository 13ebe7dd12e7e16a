/// The HTTP method of a webhook (`config.method`): the seed allows POST and PUT.
enum WebhookMethod: String, Sendable, CaseIterable, Codable {
    case POST, PUT

    /// A stored or typed value, any case; anything else is nil.
    init?(configValue: String?) {
        guard let value = configValue.flatMap({ WebhookMethod(rawValue: $0.uppercased()) }) else { return nil }
        self = value
    }

    /// Stored JSON is outside input (hand-edited, imported): `"post"` reads as POST.
    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = WebhookMethod(configValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown webhook method \(text)"))
        }
        self = value
    }
}
