import TestSupport
@testable import HTTPServer
import XCTest

/// Issue #12, logs: a value from outside must not be able to start a forged log line.
final class LogSafeTests: XCTestCase {
    func testControlCharactersAreEscaped() {
        XCTAssertEqual(LogSafe.escape("/fr/formations"), "/fr/formations")
        XCTAssertEqual(LogSafe.escape("a\r\nb\tc"), #"a\r\nb\tc"#)
        XCTAssertEqual(LogSafe.escape("x\u{1B}[31my\u{0}z\u{7F}"), #"x\u{1B}[31my\u{0}z\u{7F}"#)
        XCTAssertEqual(LogSafe.escape("a\u{85}b\u{2028}c\u{202E}d"), #"a\u{85}b\u{2028}c\u{202E}d"#)
        XCTAssertEqual(LogSafe.escape(#"already \n escaped"#), #"already \\n escaped"#, "a literal backslash cannot pass for an escape")
        XCTAssertEqual(LogSafe.escape("Zoé عربي"), "Zoé عربي", "letters of any script stay readable")
        XCTAssertEqual(LogSafe.escape(String(repeating: "a", count: 10), limit: 4), "aaaa…")
    }

    func testHTTPErrorDescriptionsAreEscaped() {
        let error = HTTPError(.notFound, "no route for /x\r\n2026-01-01 INFO admin signed in")
        XCTAssertFalse(error.description.contains("\n") || error.description.contains("\r"), error.description)
    }

    func testEscapedTextNeverContainsAControlCharacter() throws {
        try Fuzz.run("log escape") { random in
            let scalars = (0..<Int.random(in: 0..<40, using: &random)).compactMap { _ in
                Unicode.Scalar(random.chance(0.5) ? UInt32.random(in: 0..<0x100, using: &random) : UInt32.random(in: 0..<0x3000, using: &random))
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            let escaped = LogSafe.escape(text)
            try Fuzz.expect(!escaped.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" },
                            "\(text.debugDescription) → \(escaped.debugDescription)")
        }
    }
}
