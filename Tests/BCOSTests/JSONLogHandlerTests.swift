@testable import BCOS
import Foundation
import Logging
import TestSupport
import XCTest

/// `LOG_FORMAT=json`: one JSON object per line, whatever the message and metadata hold; and the
/// settings that choose it. No database needed.
final class JSONLogHandlerTests: XCTestCase {
    func testALineHoldsTheFixedFieldsAndEveryMetadataKey() throws {
        let capture = LogCapture()
        var logger = capture.logger(label: "bcos.test")
        logger[metadataKey: "request_id"] = "abc-123"
        logger[metadataKey: "overridden"] = "by the handler"
        logger.notice("enrollment stored", metadata: [
            "overridden": "by the call",
            "crm": ["integration": "HubSpot", "attempt": "2"],
            "ids": ["a", ["nested": "b"]],
            "count": .stringConvertible(42),
        ])
        logger.debug("below the level: not written")

        XCTAssertEqual(capture.lines.count, 1)
        let line = try XCTUnwrap(capture.lines.first)
        XCTAssertTrue(line.hasSuffix("}\n"))
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1)
        XCTAssertTrue(line.hasPrefix(#"{"time":""#), "the time comes first: \(line)")
        let object = try XCTUnwrap(capture.objects().first)
        let time = try XCTUnwrap(object["time"] as? String)
        XCTAssertNotNil(time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression), time)
        let parsed = try XCTUnwrap(Self.iso8601.date(from: time))
        XCTAssertLessThan(abs(parsed.timeIntervalSinceNow), 60)
        XCTAssertEqual(object["level"] as? String, "notice")
        XCTAssertEqual(object["label"] as? String, "bcos.test")
        XCTAssertEqual(object["source"] as? String, "BCOSTests")
        XCTAssertEqual(object["message"] as? String, "enrollment stored")
        XCTAssertEqual(object["request_id"] as? String, "abc-123")
        XCTAssertEqual(object["overridden"] as? String, "by the call")
        XCTAssertEqual(object["count"] as? String, "42")
        XCTAssertEqual(object["crm"] as? [String: String], ["integration": "HubSpot", "attempt": "2"], "a dictionary stays an object")
        let ids = try XCTUnwrap(object["ids"] as? [Any])
        XCTAssertEqual(ids.first as? String, "a")
        XCTAssertEqual(ids.last as? [String: String], ["nested": "b"])
    }

    func testAMetadataKeyNeverHidesAFixedField() throws {
        let capture = LogCapture()
        capture.logger().info("the real message", metadata: ["message": "forged", "level": "critical", "metadata.message": "taken"])
        let object = try XCTUnwrap(capture.objects().first)
        XCTAssertEqual(object["message"] as? String, "the real message")
        XCTAssertEqual(object["level"] as? String, "info")
        XCTAssertEqual(object["metadata.level"] as? String, "critical")
        XCTAssertEqual(object["metadata.message"] as? String, "taken")
        XCTAssertEqual(object["metadata.metadata.message"] as? String, "forged")
    }

    func testEscapingKeepsOneLineAndTheTextAsIs() throws {
        let capture = LogCapture()
        let message = "a\"b\\c\nforged line\r\td\u{0}\u{1B}[31m\u{7F}\u{85}\u{9B}\u{2028}\u{2029}\u{202E}\u{2066} سلمى بناني é 🎉"
        capture.logger().error("\(message)", metadata: ["الاسم": "سلمى\nبناني"])
        let line = try XCTUnwrap(capture.lines.first)
        XCTAssertEqual(line.filter(\.isNewline).count, 1, "only the final newline: \(line.debugDescription)")
        XCTAssertFalse(line.unicodeScalars.dropLast().contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, line.debugDescription)
        XCTAssertTrue(line.contains("سلمى بناني é 🎉"), "non-ASCII stays UTF-8, not \\u escapes")
        XCTAssertTrue(line.contains(#"\u001b[31m"#))
        XCTAssertTrue(line.contains(#"\u202e"#))
        XCTAssertTrue(line.contains(#"a\"b\\c\nforged"#))
        let object = try XCTUnwrap(capture.objects().first)
        XCTAssertEqual((object["message"] as? String).map { Array($0.unicodeScalars) }, Array(message.unicodeScalars))
        XCTAssertEqual(object["الاسم"] as? String, "سلمى\nبناني")
    }

    func testTimestampsAreUTCWithMilliseconds() {
        XCTAssertEqual(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 951_782_400.0999)), "2000-02-29T00:00:00.099Z")
        XCTAssertEqual(JSONLogHandler.timestamp(Date(timeIntervalSince1970: -1.5)), "1969-12-31T23:59:58.500Z")
        XCTAssertEqual(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 1_777_713_243.412)), "2026-05-02T09:14:03.412Z")
        let iso8601 = Self.iso8601
        var random = SeededRandom(name: "log timestamps")
        defer { random.reportOnFailure(self) }
        for _ in 0..<2_000 {
            // 1900 … 2400, 0.4 ms into a millisecond (so that truncating and rounding agree).
            let milliseconds = Int64(random.int(-2_208_988_800_000...13_569_465_600_000))
            let date = Date(timeIntervalSince1970: (Double(milliseconds) + 0.4) / 1_000)
            XCTAssertEqual(JSONLogHandler.timestamp(date), iso8601.string(from: date), "\(milliseconds) ms")
        }
    }

    /// Generated messages and metadata (control characters, quotes, backslashes, Arabic, emoji,
    /// bidirectional controls, nested values, keys that collide with the fixed fields): every
    /// line is one line, parses, and gives back exactly what was logged.
    func testGeneratedMessagesAndMetadataRoundTrip() throws {
        let capture = LogCapture()
        let logger = capture.logger(level: .trace)
        var logged = 0
        try Fuzz.run("json log lines", budget: .seconds(1), maxIterations: 3_000) { random in
            let message = Self.text(&random)
            let metadata = Self.metadata(&random, depth: 0)
            let level = random.element(of: Logger.Level.allCases)
            logger.log(level: level, "\(message)", metadata: metadata)
            logged += 1
            let lines = capture.lines
            try Fuzz.expect(lines.count == logged, "one line per call")
            let line = lines[lines.count - 1]
            try Fuzz.expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { !$0.isNewline }, "one line: \(line.debugDescription)")
            let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let object = parsed as? [String: Any] else { throw FuzzMismatch("not an object: \(line.debugDescription)") }
            try Fuzz.expect(object["level"] as? String == level.rawValue, "level")
            try Fuzz.expect(Self.same(object["message"], .string(message)), "message \(message.debugDescription) in \(line.debugDescription)")
            for (key, value) in metadata {
                let name = JSONLogHandler.fixedFields.contains(key) ? "metadata." + key : key
                try Fuzz.expect(Self.same(object[name], value), "metadata \(key.debugDescription) in \(line.debugDescription)")
            }
            try Fuzz.expect(object.count == 5 + metadata.count, "no other key in \(line.debugDescription)")
        }
    }

    func testLevelAndFormatAreReadFromDotEnvToo() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bcos-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "LOG_LEVEL=debug\nLOG_FORMAT=JSON\n".write(to: root.appendingPathComponent(".env"), atomically: true, encoding: .utf8)

        let fromFile = AppConfiguration.fromEnvironment(["BCOS_ROOT": root.path])
        XCTAssertEqual(fromFile.logLevel, .debug)
        XCTAssertEqual(fromFile.logFormat, .json)
        let overridden = AppConfiguration.fromEnvironment(["BCOS_ROOT": root.path, "LOG_LEVEL": "warning", "LOG_FORMAT": "text"])
        XCTAssertEqual(overridden.logLevel, .warning, "the process environment wins over .env")
        XCTAssertEqual(overridden.logFormat, .text)
        let defaults = AppConfiguration.fromEnvironment(["BCOS_ROOT": root.appendingPathComponent("none").path])
        XCTAssertEqual(defaults.logLevel, .info)
        XCTAssertEqual(defaults.logFormat, .text)
        let unknown = AppConfiguration.fromEnvironment(["BCOS_ROOT": root.path, "LOG_LEVEL": "loud", "LOG_FORMAT": "xml"])
        XCTAssertEqual(unknown.logLevel, .info)
        XCTAssertEqual(unknown.logFormat, .text)

        let handler = LogFormat.json.handler(label: "bcos", level: .notice)
        XCTAssertTrue(handler is JSONLogHandler)
        XCTAssertEqual(handler.logLevel, .notice)
        XCTAssertTrue(LogFormat.text.handler(label: "bcos", level: .error) is StreamLogHandler)
        XCTAssertEqual(LogFormat.text.handler(label: "bcos", level: .error).logLevel, .error)
    }

    // MARK: - Generators

    /// Foundation's ISO 8601 with milliseconds, to check ours against.
    static var iso8601: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }

    /// Characters a log line must survive, from every class that matters to JSON and terminals.
    static let pieces: [[Unicode.Scalar]] = [
        Array("abcXYZ019 -_.:/?=&%".unicodeScalars),
        (0x00..<0x20).compactMap(Unicode.Scalar.init),
        ["\"", "\\", "\u{7F}", "/", "'", "<", ">", "&", "{", "}", "[", "]"],
        (0x80...0x9F).compactMap(Unicode.Scalar.init),
        Array("éèàçôÉ€£".unicodeScalars),
        Array("سلمى بنانيالعربيةمرحبا ءآأؤإئ".unicodeScalars) + ["\u{064B}", "\u{0651}", "\u{200F}", "\u{061C}"],
        ["\u{2028}", "\u{2029}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}"],
        Array("🎉👩🏽‍💻".unicodeScalars) + ["\u{FEFF}", "\u{FFFD}", "\u{10FFFF}", "\u{E000}", "\u{0301}"],
    ]

    static func text(_ random: inout SplitMix64) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            scalars.append(random.element(of: random.element(of: pieces)))
        }
        return String(scalars)
    }

    static func metadata(_ random: inout SplitMix64, depth: Int) -> Logger.Metadata {
        var metadata: Logger.Metadata = [:]
        for _ in 0..<Int.random(in: 0...(depth == 0 ? 5 : 3), using: &random) {
            let key = random.chance(0.15) ? random.element(of: Array(JSONLogHandler.fixedFields)) : text(&random)
            metadata[key] = value(&random, depth: depth)
        }
        return metadata
    }

    static func value(_ random: inout SplitMix64, depth: Int) -> Logger.MetadataValue {
        switch depth < 2 ? Int.random(in: 0...3, using: &random) : Int.random(in: 0...1, using: &random) {
        case 0: return .string(text(&random))
        case 1: return .stringConvertible(text(&random))
        case 2: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default: return .dictionary(metadata(&random, depth: depth + 1))
        }
    }

    /// Whether a parsed JSON value is exactly the logged one (strings compared scalar by scalar).
    static func same(_ parsed: Any?, _ value: Logger.MetadataValue) -> Bool {
        switch value {
        case .string(let text):
            return (parsed as? String).map { Array($0.unicodeScalars) == Array(text.unicodeScalars) } ?? false
        case .stringConvertible(let convertible):
            return same(parsed, .string(convertible.description))
        case .array(let items):
            guard let array = parsed as? [Any], array.count == items.count else { return false }
            return zip(array, items).allSatisfy { same($0, $1) }
        case .dictionary(let entries):
            guard let object = parsed as? [String: Any], object.count == entries.count else { return false }
            return entries.allSatisfy { key, value in
                object.first { Array($0.key.unicodeScalars) == Array(key.unicodeScalars) }.map { same($0.value, value) } ?? false
            }
        }
    }
}
