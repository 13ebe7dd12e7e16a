import Foundation
import Logging
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `LOG_FORMAT=json`: every log line is one JSON object on one line, for journald, Loki, Vector
/// and the like.
///
///     {"time":"2026-05-02T09:14:03.412Z","level":"info","label":"bcos","source":"HTTPServer","message":"GET /fr/ 200 3.1ms","request_id":"q3V…"}
///
/// - Fixed fields first: `time` (UTC, milliseconds, ISO 8601), `level` (swift-log's names:
///   trace, debug, info, notice, warning, error, critical), `label` (the logger's), `source`
///   (the Swift module that logged), `message`.
/// - Then every metadata key, sorted, at the top level: the handler's (the logger's, e.g.
///   `request_id`), then the metadata provider's, then the call's, each winning over the one
///   before (as swift-log's `StreamLogHandler` merges them); an error passed to the call adds
///   `error.message` and `error.type`. A string or `CustomStringConvertible` value is a JSON
///   string; a metadata dictionary stays a nested JSON object and a metadata array a JSON array
///   (nothing is flattened). A metadata key named like a fixed field (`time`, `message`…) is
///   written `metadata.time`, `metadata.message`….
/// - Strings are escaped for JSON: `"` and `\`, every control character (C0, DEL, C1), the
///   Unicode line and paragraph separators, the bidirectional controls and U+FEFF, as `\n`,
///   `\t`… or `\uXXXX`; everything else (accents, Arabic, emoji) stays as it is, in UTF-8. So a
///   message with a newline stays on its line, and no text can forge another line.
public struct JSONLogHandler: LogHandler {
    /// Where finished lines go: one whole line per call, newline included.
    public typealias Output = @Sendable (String) -> Void

    public let label: String
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let output: Output
    private let clock: @Sendable () -> Date

    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
        clock: @escaping @Sendable () -> Date = { Date() }, output: @escaping Output
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.clock = clock
        self.output = output
    }

    /// Lines to standard error, each written whole (concurrent loggers never interleave within a line).
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label, output: StandardErrorLines.write)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, explicit in explicit }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        output(Self.line(
            time: clock(), level: event.level, label: label, source: event.source, message: event.message.description, metadata: merged))
    }

    /// The fixed fields' names: a metadata key may not take them.
    static let fixedFields: Set<String> = ["time", "level", "label", "source", "message"]

    /// One complete line, `\n` included.
    static func line(time: Date, level: Logger.Level, label: String, source: String, message: String, metadata: Logger.Metadata) -> String {
        var out = "{\"time\":\""
        out += timestamp(time)
        out += "\",\"level\":\""
        out += level.rawValue
        out += "\",\"label\":"
        appendString(label, to: &out)
        out += ",\"source\":"
        appendString(source, to: &out)
        out += ",\"message\":"
        appendString(message, to: &out)
        // A key named like a fixed field moves aside to `metadata.<key>` (further if taken).
        var taken = fixedFields.union(metadata.keys)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            var name = key
            if fixedFields.contains(key) {
                name = "metadata." + key
                while taken.contains(name) { name = "metadata." + name }
                taken.insert(name)
            }
            out += ","
            appendString(name, to: &out)
            out += ":"
            appendValue(value, to: &out)
        }
        out += "}\n"
        return out
    }

    static func appendValue(_ value: Logger.MetadataValue, to out: inout String) {
        switch value {
        case .string(let text):
            appendString(text, to: &out)
        case .stringConvertible(let convertible):
            appendString(convertible.description, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                appendValue(item, to: &out)
            }
            out += "]"
        case .dictionary(let entries):
            out += "{"
            for (index, entry) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out += "," }
                appendString(entry.key, to: &out)
                out += ":"
                appendValue(entry.value, to: &out)
            }
            out += "}"
        }
    }

    /// `text` as a JSON string literal, quotes included.
    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        // Nearly every string (paths, ids, English and French messages) has nothing to escape.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 >= 0xC2 }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where needsUnicodeEscape(scalar):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// What JSON requires escaped (C0), plus what a terminal or a line-based reader could take
    /// for something else: DEL, C1, U+2028/U+2029 and the bidirectional overrides and isolates
    /// (the same set as `LogSafe`), and U+FEFF (an invisible byte-order mark that readers strip:
    /// Foundation's `JSONSerialization` on Linux drops one that follows an escape). All are
    /// below U+FFFF, so one `\uXXXX` each.
    private static func needsUnicodeEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// `2026-05-02T09:14:03.412Z`: UTC, milliseconds (rounded down), without Foundation's
    /// formatters (which are slow and, on Linux, not safe to share across threads).
    static func timestamp(_ date: Date) -> String {
        // To the microsecond first, so that 12.345 stored as 12.344999… still reads .345.
        let microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let milliseconds = microseconds >= 0 ? microseconds / 1_000 : (microseconds - 999) / 1_000
        let (days, inDay) = milliseconds.quotientAndRemainderFloored(dividingBy: 86_400_000)
        // Days since 1970-01-01 to a civil date (H. Hinnant, "chrono-compatible low-level date algorithms").
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T\(padded(inDay / 3_600_000, 2)):"
            + "\(padded(inDay / 60_000 % 60, 2)):\(padded(inDay / 1_000 % 60, 2)).\(padded(inDay % 1_000, 3))Z"
    }
}

extension Int64 {
    /// Quotient rounded towards minus infinity, and a remainder that is never negative.
    fileprivate func quotientAndRemainderFloored(dividingBy divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}

/// Standard error, one whole line per `write(2)` loop under a lock.
enum StandardErrorLines {
    private static let lock = NIOLock()

    @Sendable static func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            lock.withLock {
                var offset = 0
                while offset < bytes.count {
                    let written = systemWrite(2, base + offset, bytes.count - offset)
                    if written > 0 { offset += written } else if written < 0 && errno == EINTR { continue } else { return }
                }
            }
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
        #elseif canImport(Musl)
        Musl.write(descriptor, bytes, count)
        #else
        Darwin.write(descriptor, bytes, count)
        #endif
    }
}
