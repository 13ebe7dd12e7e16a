import Foundation

/// A Swift value sent as a query parameter. Parameters travel in libpq's text format with
/// unspecified types, so PostgreSQL infers each from context (`$1::jsonb` where needed).
/// There is no other way to put a value into SQL: no string-built SQL with user values.
public protocol PostgresEncodable: Sendable {
    /// The text form, or nil for SQL NULL.
    var postgresText: String? { get }
}

extension String: PostgresEncodable { public var postgresText: String? { self } }
extension Substring: PostgresEncodable { public var postgresText: String? { String(self) } }
extension Int: PostgresEncodable { public var postgresText: String? { String(self) } }
extension Int32: PostgresEncodable { public var postgresText: String? { String(self) } }
extension Int64: PostgresEncodable { public var postgresText: String? { String(self) } }
extension Double: PostgresEncodable { public var postgresText: String? { String(self) } }
extension Bool: PostgresEncodable { public var postgresText: String? { self ? "t" : "f" } }
extension UUID: PostgresEncodable { public var postgresText: String? { uuidString.lowercased() } }
extension Decimal: PostgresEncodable {
    public var postgresText: String? { NSDecimalNumber(decimal: self).description(withLocale: Locale(identifier: "en_US_POSIX")) }
}
extension Date: PostgresEncodable {
    public var postgresText: String? { PostgresDateFormat.string(from: self) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresText: String? {
        switch self {
        case .none: nil
        case .some(let value): value.postgresText
        }
    }
}

/// `text[]` literal: `{"a","b \"c\""}`. Every element is quoted so commas, braces and quotes survive.
extension Array: PostgresEncodable where Element == String {
    public var postgresText: String? {
        let items = map { item -> String in
            var escaped = "\""
            for character in item.unicodeScalars {
                if character == "\"" || character == "\\" { escaped.unicodeScalars.append("\\") }
                escaped.unicodeScalars.append(character)
            }
            return escaped + "\""
        }
        return "{" + items.joined(separator: ",") + "}"
    }
}

/// A JSON(B) parameter or column: any Codable value, encoded with JSONEncoder. Keys are sorted
/// so the same value always produces the same text.
public struct PostgresJSON<Value: Codable & Sendable>: PostgresEncodable, PostgresDecodable {
    public var value: Value
    public init(_ value: Value) { self.value = value }

    public var postgresText: String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    public init(postgresText text: String) throws {
        do {
            value = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw PostgresError.decoding(column: "", reason: "invalid JSON for \(Value.self): \(error)")
        }
    }
}

/// `timestamptz` text in and out. Sessions run with `TimeZone=UTC` and ISO DateStyle, so the
/// server always answers `2026-11-25 03:29:40.123456+00`.
enum PostgresDateFormat {
    static func string(from date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = floor(seconds)
        let micros = Int(((seconds - whole) * 1_000_000).rounded())
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let fraction = String(micros).count < 6 ? String(repeating: "0", count: 6 - String(micros).count) + String(micros) : String(micros)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2)) "
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(fraction)+00"
    }

    static func date(from text: String) -> Date? {
        // YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM]  (or a bare date for `date` columns)
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int32? {
            guard start + count <= bytes.count else { return nil }
            var value: Int32 = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int32(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2) else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        var fraction = 0.0
        var offsetSeconds = 0
        if bytes.count >= 19 {
            guard let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
            parts.tm_hour = hour
            parts.tm_min = minute
            parts.tm_sec = second
            var index = 19
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                var scale = 0.1
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    fraction += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                let hours = Int(number(index + 1, 2) ?? 0)
                let minutes = index + 3 < bytes.count && bytes[index + 3] == UInt8(ascii: ":") ? Int(number(index + 4, 2) ?? 0) : 0
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            }
        }
        let epoch = timegm(&parts)
        return Date(timeIntervalSince1970: Double(epoch - offsetSeconds) + fraction)
    }
}
