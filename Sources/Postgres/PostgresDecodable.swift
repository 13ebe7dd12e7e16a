import Foundation

/// A Swift type that can be read from a column's text form.
public protocol PostgresDecodable: Sendable {
    init(postgresText: String) throws
}

extension String: PostgresDecodable { public init(postgresText: String) { self = postgresText } }

extension Int: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = Int(postgresText) else { throw PostgresError.decoding(column: "", reason: "not an integer: \(postgresText)") }
        self = value
    }
}

extension Double: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = Double(postgresText) else { throw PostgresError.decoding(column: "", reason: "not a number: \(postgresText)") }
        self = value
    }
}

extension Bool: PostgresDecodable {
    public init(postgresText: String) throws {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresError.decoding(column: "", reason: "not a boolean: \(postgresText)")
        }
    }
}

extension Decimal: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = Decimal(string: postgresText) else {
            throw PostgresError.decoding(column: "", reason: "not a numeric: \(postgresText)")
        }
        self = value
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = UUID(uuidString: postgresText) else { throw PostgresError.decoding(column: "", reason: "not a uuid: \(postgresText)") }
        self = value
    }
}

extension Date: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = PostgresDateFormat.date(from: postgresText) else {
            throw PostgresError.decoding(column: "", reason: "not a timestamp: \(postgresText)")
        }
        self = value
    }
}

/// `text[]` in PostgreSQL's array output syntax: `{a,"b c",NULL}`. NULL elements are dropped.
extension Array: PostgresDecodable where Element == String {
    public init(postgresText: String) throws {
        let scalars = [Unicode.Scalar](postgresText.unicodeScalars)
        guard scalars.first == "{", scalars.last == "}" else {
            throw PostgresError.decoding(column: "", reason: "not an array: \(postgresText)")
        }
        var items: [String] = []
        var index = 1
        let end = scalars.count - 1
        while index < end {
            var item = String.UnicodeScalarView()
            var quoted = false
            if scalars[index] == "\"" {
                quoted = true
                index += 1
                while index < end, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < end { index += 1 }
                    item.append(scalars[index])
                    index += 1
                }
                index += 1 // closing quote
            } else {
                while index < end, scalars[index] != "," {
                    item.append(scalars[index])
                    index += 1
                }
            }
            let text = String(item)
            if quoted || text != "NULL" { items.append(text) }
            index += 1 // comma
        }
        self = items
    }
}
