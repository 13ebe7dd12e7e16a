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

    /// Decodes `a=1&b=x+y`. A malformed pair (bad percent-encoding, invalid UTF-8) is a 400.
    public init(urlEncoded text: Substring, validateUTF8Bytes: [UInt8]? = nil) throws(HTTPError) {
        if let raw = validateUTF8Bytes, String(validating: raw, as: UTF8.self) == nil {
            throw HTTPError(.badRequest, "form body is not valid UTF-8")
        }
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusAsSpace: true),
                  let value = PercentDecoding.decode(parts.count > 1 ? parts[1] : "", plusAsSpace: true) else {
                throw HTTPError(.badRequest, "bad percent-encoding in form data")
            }
            fields.append(Field(name: name, value: value))
        }
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
