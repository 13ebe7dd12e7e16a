@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// The admin's session dates (`starts_at`, `ends_on`) go from a form to PostgreSQL: the parsers
/// must accept exactly the real dates and times, and what they accept must read back the same.
final class SessionDateTextTests: XCTestCase {
    /// A reference written the plain way: a regular expression for the shape, then the calendar.
    static func referenceDay(_ text: String) -> Bool {
        guard text.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil else { return false }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard (2000...2100).contains(parts[0]) else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SiteTime.zone
        return DateComponents(year: parts[0], month: parts[1], day: parts[2]).isValidDate(in: calendar)
    }

    static func referenceTime(_ text: String) -> Bool {
        guard text.range(of: #"^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$"#, options: .regularExpression) != nil else { return false }
        let parts = text.split(separator: ":").compactMap { Int($0) }
        return parts[0] <= 23 && parts[1] <= 59
    }

    func testGeneratedDatesAndTimesAreAcceptedExactlyWhenReal() throws {
        let pieces = ["0", "1", "2", "9", "12", "29", "30", "31", "59", "60", "99", "+1", "-0", " 1", "٣", "a", "", "2027", "1999", "2100", "2101"]
        try Fuzz.run("session date parsing against a reference", budget: .seconds(1), maxIterations: 20_000) { random in
            // Mostly plausible numbers (so that real dates come up often), sometimes a hostile piece.
            func piece(_ width: Int, _ range: ClosedRange<Int>) -> String {
                if random.chance(0.85) { return String(format: "%0\(width)d", Int.random(in: range, using: &random)) }
                return random.element(of: pieces)
            }
            func piece(_ width: Int) -> String { piece(width, 0...(width == 4 ? 2_200 : 99)) }
            let day = "\(piece(4, 1_995...2_105))-\(piece(2, 0...13))-\(piece(2, 0...32))"
            let clock = random.chance(0.2) ? "\(piece(2, 0...25)):\(piece(2, 0...61)):\(piece(2))" : "\(piece(2, 0...25)):\(piece(2, 0...61))"
            let separator = random.element(of: ["T", " ", "t", "TT"])
            let typed = day + separator + clock

            let expectedDay = Self.referenceDay(day)
            guard (SessionDateText.parseDay(day) != nil) == expectedDay else { throw FuzzMismatch("day \(day.debugDescription): reference says \(expectedDay)") }
            let expected = expectedDay && (separator == "T" || separator == " ") && Self.referenceTime(clock)
            let parsed = SessionDateText.parseLocalInput(typed)
            guard (parsed != nil) == expected else { throw FuzzMismatch("\(typed.debugDescription): reference says \(expected), parser \(String(describing: parsed))") }
            if let parsed {
                guard parsed == "\(day)T\(clock.prefix(5))" else { throw FuzzMismatch("\(typed.debugDescription) normalised to \(parsed)") }
            }
        }
    }

    func testAnInstantReadsBackAsTheSameLocalInput() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SiteTime.zone
        try Fuzz.run("local input round trip", budget: .seconds(1), maxIterations: 5_000) { random in
            let parts = DateComponents(
                year: Int.random(in: 2000...2100, using: &random), month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random),
                hour: Int.random(in: 0...23, using: &random), minute: Int.random(in: 0...59, using: &random))
            guard let date = calendar.date(from: parts) else { return }
            let text = SessionDateText.localInput(date)
            guard let parsed = SessionDateText.parseLocalInput(text) else { throw FuzzMismatch("\(text) from \(date) is refused") }
            // A local time skipped by a clock change reads back shifted; any other reads back as typed.
            let again = calendar.dateComponents([.hour, .minute], from: date)
            if again.hour == parts.hour, again.minute == parts.minute, parsed != text { throw FuzzMismatch("\(text) → \(parsed)") }
        }
    }
}
