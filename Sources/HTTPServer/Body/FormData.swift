import NIOCore

/// Submitted fields, in the order sent, from a query string, an urlencoded body or a multipart
/// body: the one form decoder of the project. Repeated names (checkbox groups) keep every value.
public struct FormData: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// An uploaded file from a multipart body.
    public struct File: Sendable, Equatable {
        public var fieldName: String
        public var filename: String
        public var contentType: String
        public var data: [UInt8]
    }

    public private(set) var fields: [Field] = []
    public private(set) var files: [File] = []

    public init() {}

    public init(fields: [(String, String)]) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    /// Most fields (or multipart parts) accepted in one form or query string. Real forms have
    /// tens; a body of a million `a&a&…` would otherwise become a million fields for nothing.
    public static let maxFields = 1000

    /// Decodes `a=1&b=x+y`. A malformed pair (bad percent-encoding, invalid UTF-8) is a 400; more
    /// than `maxFields` pairs is a 413.
    public init(urlEncoded text: Substring, validateUTF8Bytes: [UInt8]? = nil) throws(HTTPError) {
        if let raw = validateUTF8Bytes, String(validating: raw, as: UTF8.self) == nil {
            throw HTTPError(.badRequest, "form body is not valid UTF-8")
        }
        fields = try Self.decodeURLEncoded(text.utf8)
    }

    /// Decodes an `application/x-www-form-urlencoded` body straight from its bytes. Each byte is
    /// looked at a bounded number of times (split, then decode), so the cost is linear in the size.
    public init(urlEncodedBytes bytes: some Collection<UInt8>) throws(HTTPError) {
        fields = try Self.decodeURLEncoded(bytes)
    }

    private static func decodeURLEncoded(_ bytes: some Collection<UInt8>) throws(HTTPError) -> [Field] {
        var fields: [Field] = []
        var start = bytes.startIndex
        // A hand-rolled split: `split` would first build every pair, cap or no cap.
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
            let pair = bytes[start..<end]
            start = end == bytes.endIndex ? end : bytes.index(after: end)
            if pair.isEmpty { continue }
            guard fields.count < maxFields else {
                throw HTTPError(.payloadTooLarge, "more than \(maxFields) form fields")
            }
            let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
            let rawValue = equals == pair.endIndex ? pair[equals...] : pair[pair.index(after: equals)...]
            guard let name = PercentDecoding.decode(bytes: pair[..<equals], plusAsSpace: true),
                  let value = PercentDecoding.decode(bytes: rawValue, plusAsSpace: true) else {
                throw HTTPError(.badRequest, "bad percent-encoding or invalid UTF-8 in form data")
            }
            fields.append(Field(name: name, value: value))
        }
        return fields
    }

    public mutating func append(name: String, value: String) { fields.append(Field(name: name, value: value)) }
    public mutating func append(file: File) { files.append(file) }

    /// The first value for `name`.
    public subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every value for `name`, in order.
    public func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    public func file(_ name: String) -> File? { files.first { $0.fieldName == name } }

    public var isEmpty: Bool { fields.isEmpty && files.isEmpty }
}
