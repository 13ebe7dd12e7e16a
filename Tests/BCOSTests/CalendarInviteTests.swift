@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// CalendarInvite's iCalendar text, read back with a reference unfolder and unescaper written
/// here from RFC 5545 §3.1 and §3.3.11. No database.
final class CalendarInviteTests: XCTestCase {
    private static func utc(_ iso: String) throws -> Date {
        try XCTUnwrap(ISO8601DateFormatter().date(from: iso), iso)
    }

    func testExampleInviteIsWellFormedFoldedAndEscaped() throws {
        let summary = "دورة تطوير الويب المتقدم: الجلسة الربيعية في الدار البيضاء ✨"
        let invite = CalendarInvite(
            uid: "session-42@bcos.example",
            start: try Self.utc("2026-04-06T09:00:00Z"), end: try Self.utc("2026-04-06T17:30:00Z"),
            summary: summary,
            location: "Technopark, Route de Nouaceur; Salle 3, Casablanca",
            description: "Bonjour Zoé,\nApportez votre ordinateur.\\Merci",
            url: "https://bcos.example/formations/swift?sessions=3,4;x",
            stamp: try Self.utc("2026-03-03T14:05:09Z"))

        let text = invite.rendered()

        XCTAssertTrue(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//BCOS Formation//FR\r\nCALSCALE:GREGORIAN\r\n"
            + "METHOD:PUBLISH\r\nBEGIN:VEVENT\r\nUID:session-42@bcos.example\r\nDTSTAMP:20260303T140509Z\r\n"
            + "DTSTART:20260406T090000Z\r\nDTEND:20260406T173000Z\r\n"), text)
        XCTAssertTrue(text.hasSuffix("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), text)
        let physical = try ICalendarReference.physicalLines(text)
        XCTAssertTrue(physical.contains { $0.hasPrefix(" ") }, "the Arabic summary is longer than one line")
        for line in physical {
            XCTAssertLessThanOrEqual(line.utf8.count, 75, line)
        }

        let lines = try ICalendarReference.contentLines(text)
        XCTAssertEqual(lines.map(\.name), ["BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD", "BEGIN", "UID", "DTSTAMP", "DTSTART",
                                           "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "URL", "END", "END"])
        let raw = Dictionary(lines.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(raw["LOCATION"], "Technopark\\, Route de Nouaceur\\; Salle 3\\, Casablanca")
        XCTAssertEqual(raw["DESCRIPTION"], "Bonjour Zoé\\,\\nApportez votre ordinateur.\\\\Merci")
        XCTAssertEqual(raw["URL"], "https://bcos.example/formations/swift?sessions=3,4;x", "a URI is not TEXT: no escaping")
        XCTAssertEqual(try ICalendarReference.unescaped(try XCTUnwrap(raw["SUMMARY"])), summary)
    }

    func testAbsentFieldsAreLeftOutAndLineBreaksCannotAddProperties() throws {
        let start = try Self.utc("2026-10-01T08:00:00Z")
        let invite = CalendarInvite(uid: "u1\r\nATTENDEE:mailto:evil@x.com", start: start, end: start.addingTimeInterval(3600),
                                    summary: "Swift\r\nEND:VEVENT\nBEGIN:VEVENT\rX-EVIL:1", stamp: start)

        let lines = try ICalendarReference.contentLines(invite.rendered())

        XCTAssertEqual(lines.map(\.name), ["BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD", "BEGIN", "UID", "DTSTAMP", "DTSTART",
                                           "DTEND", "SUMMARY", "END", "END"])
        let summary = try XCTUnwrap(lines.first { $0.name == "SUMMARY" })
        XCTAssertEqual(summary.value, "Swift\\nEND:VEVENT\\nBEGIN:VEVENT\\nX-EVIL:1")
        XCTAssertEqual(lines.first { $0.name == "UID" }?.value, "u1\\nATTENDEE:mailto:evil@x.com")
        XCTAssertEqual(lines.first { $0.name == "DTEND" }?.value, "20261001T090000Z")
    }

    func testUTCDateTimes() {
        XCTAssertEqual(CalendarInvite.utcDateTime(Date(timeIntervalSince1970: 0)), "19700101T000000Z")
        XCTAssertEqual(CalendarInvite.utcDateTime(Date(timeIntervalSince1970: 0.999)), "19700101T000000Z", "fractions are dropped")
        XCTAssertEqual(CalendarInvite.utcDateTime(Date(timeIntervalSince1970: -1)), "19691231T235959Z")
        XCTAssertEqual(CalendarInvite.utcDateTime(Date(timeIntervalSince1970: 951_825_600)), "20000229T120000Z", "leap day")
        XCTAssertEqual(CalendarInvite.utcDateTime(Date(timeIntervalSince1970: 4_102_444_799)), "20991231T235959Z")
    }

    /// Random summaries, locations and descriptions (Arabic, emoji, the characters TEXT
    /// escapes, line breaks of every kind, control characters, long runs): every physical line
    /// at most 75 octets and valid UTF-8, and every value reads back as given, less its
    /// control characters. Replay a failure with the BCOS_FUZZ_SEED or BCOS_FUZZ_CASE printed.
    func testGeneratedInvitesRoundTrip() throws {
        try Fuzz.run("calendar invite round trip", budget: .seconds(1), maxIterations: 5000) { random in
            let summary = Self.randomText(&random)
            let location = random.chance(0.2) ? nil : Self.randomText(&random)
            let description = random.chance(0.2) ? nil : Self.randomText(&random)
            let url = random.chance(0.3) ? nil : "https://bcos.example/s?" + Self.randomText(&random)
            let start = Date(timeIntervalSince1970: TimeInterval(Int.random(in: 0...4_102_444_800, using: &random)))
            let end = start.addingTimeInterval(TimeInterval(Int.random(in: 0...864_000, using: &random)))
            let stamp = Date(timeIntervalSince1970: TimeInterval(Int.random(in: 0...4_102_444_800, using: &random)))
            let uid = String(random.next(), radix: 16) + "@bcos.example"
            let invite = CalendarInvite(uid: uid, start: start, end: end, summary: summary, location: location,
                                        description: description, url: url, stamp: stamp)

            let text = invite.rendered()

            let lines = try ICalendarReference.contentLines(text)
            var expectedNames = ["BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD", "BEGIN", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"]
            if location != nil { expectedNames.append("LOCATION") }
            if description != nil { expectedNames.append("DESCRIPTION") }
            if url != nil { expectedNames.append("URL") }
            expectedNames += ["END", "END"]
            try Fuzz.expect(lines.map(\.name) == expectedNames, "properties \(lines.map(\.name))")
            let values = Dictionary(lines.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            for (name, given) in [("SUMMARY", summary), ("LOCATION", location), ("DESCRIPTION", description)] {
                guard let given else { continue }
                let read = try ICalendarReference.unescaped(values[name] ?? "")
                let expected = ICalendarReference.withoutControls(given)
                try Fuzz.expect(read == expected, "\(name): read \(read.debugDescription), expected \(expected.debugDescription)")
            }
            if let url {
                let expected = ICalendarReference.withoutControls(url, keepingLineBreaks: false)
                try Fuzz.expect(values["URL"] == expected, "URL \(values["URL"].debugDescription)")
            }
            for (name, date) in [("DTSTART", start), ("DTEND", end), ("DTSTAMP", stamp)] {
                let expected = ICalendarReference.dateTime(date)
                try Fuzz.expect(values[name] == expected, "\(name) \(values[name] ?? "nil") for \(expected)")
            }
        }
    }

    private static let pieces: [String] = [
        "مرحباً", "دورة", "الدار البيضاء", "تَطْوِير", "ـ", "،", "؛", " ", " ", "Zoé", "Swift", "e\u{301}", "\u{200F}",
        "👩🏽‍💻", "👨‍👩‍👧‍👦", "🇲🇦", "✨", "😀",
        ",", ";", "\\", "\\n", ":", "\"", "\n", "\r\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{7F}", "\u{85}", "\u{9F}", "\u{2028}",
    ]

    private static func randomText(_ random: inout SplitMix64) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            let piece = random.element(of: pieces)
            text += random.chance(0.05) ? String(repeating: piece, count: Int.random(in: 20...120, using: &random)) : piece
        }
        return text
    }
}

/// A reader for what CalendarInvite writes, from the RFC rather than from its code.
private enum ICalendarReference {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct ContentLine {
        var name: String
        var value: String
    }

    /// The physical lines: CRLF-terminated, each at most 75 octets and valid UTF-8 on its own,
    /// with no CR or LF inside.
    static func physicalLines(_ text: String) throws -> [String] {
        let bytes = Array(text.utf8)
        guard bytes.suffix(2) == [13, 10] else { throw Failure(description: "no final CRLF") }
        var lines: [String] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13 && index + 1 < bytes.count && bytes[index + 1] == 10 {
                guard current.count <= 75 else { throw Failure(description: "\(current.count) octets: \(String(decoding: current, as: UTF8.self))") }
                guard let line = String(validating: current, as: UTF8.self) else { throw Failure(description: "invalid UTF-8: \(current)") }
                lines.append(line)
                current = []
                index += 2
                continue
            }
            guard bytes[index] != 13 && bytes[index] != 10 else { throw Failure(description: "bare CR or LF at octet \(index)") }
            current.append(bytes[index])
            index += 1
        }
        return lines
    }

    /// Unfolds (a line starting with a space or tab continues the previous one, less that
    /// character) and splits each content line at its first colon. No parameters are expected.
    static func contentLines(_ text: String) throws -> [ContentLine] {
        var unfolded: [String] = []
        for line in try physicalLines(text) {
            if let first = line.unicodeScalars.first, first == " " || first == "\t" {
                guard !unfolded.isEmpty else { throw Failure(description: "continuation first") }
                unfolded[unfolded.count - 1] += String(String.UnicodeScalarView(line.unicodeScalars.dropFirst()))
            } else {
                unfolded.append(line)
            }
        }
        return try unfolded.map { line in
            guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "no colon: \(line)") }
            let name = String(line[..<colon])
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || $0 == "-" }) else {
                throw Failure(description: "bad property name: \(name)")
            }
            return ContentLine(name: name, value: String(line[line.index(after: colon)...]))
        }
    }

    /// RFC 5545 §3.3.11 TEXT: `\\`, `\;`, `\,`, `\n` and `\N`; a bare `;` or `,`, a control
    /// character or any other backslash sequence is an error.
    static func unescaped(_ value: String) throws -> String {
        var result = String.UnicodeScalarView()
        var iterator = value.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case "\\":
                switch iterator.next() {
                case "\\"?: result.append("\\")
                case ";"?: result.append(";")
                case ","?: result.append(",")
                case "n"?, "N"?: result.append("\n")
                case let other: throw Failure(description: "bad escape \\\(other.map(String.init) ?? "") in \(value.debugDescription)")
                }
            case ";", ",":
                throw Failure(description: "unescaped \(scalar) in \(value.debugDescription)")
            default:
                guard scalar.properties.generalCategory != .control else { throw Failure(description: "control character in \(value.debugDescription)") }
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// What a value should read back as: CRLF and CR made LF, every other control removed.
    static func withoutControls(_ text: String, keepingLineBreaks: Bool = true) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return String(String.UnicodeScalarView(normalized.unicodeScalars.filter {
            ($0 == "\n" && keepingLineBreaks) || $0.properties.generalCategory != .control
        }))
    }

    /// The same date-time through DateFormatter, as an independent reference.
    static func dateTime(_ date: Date) -> String {
        formatter.string(from: date)
    }

    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter
    }()
}
