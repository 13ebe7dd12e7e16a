import Foundation
@testable import HTTPServer
import TestSupport
import XCTest

final class HTTPDateTests: XCTestCase {
    /// 1994-11-06T08:49:37Z, the RFC's example.
    let example = 784_111_777

    func testTheThreeFormsOfRFC9110() {
        XCTAssertEqual(HTTPDate.parseSeconds("Sun, 06 Nov 1994 08:49:37 GMT"), example)
        XCTAssertEqual(HTTPDate.parseSeconds("Sunday, 06-Nov-94 08:49:37 GMT"), example)
        XCTAssertEqual(HTTPDate.parseSeconds("Sun Nov  6 08:49:37 1994"), example)
        XCTAssertEqual(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"), Date(timeIntervalSince1970: 784_111_777))
        XCTAssertEqual(HTTPDate.format(secondsSince1970: example), "Sun, 06 Nov 1994 08:49:37 GMT")
        XCTAssertEqual(HTTPDate.format(Date(timeIntervalSince1970: 784_111_777.9)), "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    func testRFC850TwoDigitYearsAreNeverMoreThan50YearsAhead() throws {
        let now = Date(timeIntervalSince1970: TimeInterval(try XCTUnwrap(HTTPDate.parseSeconds("Thu, 01 Jan 2026 00:00:00 GMT"))))
        XCTAssertEqual(HTTPDate.parseSeconds("Sunday, 06-Nov-94 08:49:37 GMT", now: now), example)
        let year2030 = try XCTUnwrap(HTTPDate.parseSeconds("Sunday, 06-Nov-30 08:49:37 GMT", now: now))
        XCTAssertEqual(HTTPDate.format(secondsSince1970: year2030).suffix(17), "2030 08:49:37 GMT")
    }

    /// Issue #12: this header crashed the server (`year - 1900` overflowed Int32).
    func testHostileYearsAreNilNotATrap() {
        for text in [
            "Sun, 06 Nov -2147483648 08:49:37 GMT", "Sun, 06 Nov 2147483648 08:49:37 GMT",
            "Sun, 06 Nov 99999999999999999999 08:49:37 GMT", "Sun, 06 Nov +1994 08:49:37 GMT",
            "Sun, -6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 -8:49:37 GMT",
            "Sun Nov -2147483648 08:49:37 1994", "Sunday, 06-Nov-9223372036854775807 08:49:37 GMT",
        ] {
            XCTAssertNil(HTTPDate.parseSeconds(text), text)
        }
    }

    func testInvalidDatesAreNil() {
        for text in [
            "", " ", "GMT", "Sun, 30 Feb 1994 08:49:37 GMT", "Sun, 29 Feb 1900 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT",
            "sun, 06 nov 1994 08:49:37 gmt", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT trailing", "Sun,  06 Nov 1994 08:49:37 GMT",
            "Sun Nov 6 08:49:37 1994", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37",
            "Sun, 06 Nov 1994 ٠٨:49:37 GMT", String(repeating: "Sun, ", count: 1000),
        ] {
            XCTAssertNil(HTTPDate.parseSeconds(text), text)
        }
        XCTAssertEqual(HTTPDate.parseSeconds("Tue, 29 Feb 2000 00:00:00 GMT"), 951_782_400, "2000 is a leap year")
        XCTAssertEqual(HTTPDate.parseSeconds("  Sun, 06 Nov 1994 08:49:37 GMT\t"), example, "surrounding whitespace is not part of the value")
    }

    func testFormattingClampsInsteadOfTrapping() {
        XCTAssertEqual(HTTPDate.format(secondsSince1970: .max), "Fri, 31 Dec 9999 23:59:59 GMT")
        XCTAssertEqual(HTTPDate.format(secondsSince1970: .min), "Mon, 01 Jan 0001 00:00:00 GMT")
        XCTAssertEqual(HTTPDate.format(Date(timeIntervalSince1970: .nan)), "Fri, 31 Dec 9999 23:59:59 GMT")
        XCTAssertEqual(HTTPDate.format(Date.distantPast).suffix(8), "0001 00:00:00 GMT".suffix(8))
        XCTAssertEqual(HTTPDate.format(secondsSince1970: -1), "Wed, 31 Dec 1969 23:59:59 GMT")
    }

    /// Formatting agrees with the C library over the whole range, and parsing inverts formatting,
    /// in all three forms.
    func testFuzzFormatAndParseAgainstGmtime() throws {
        try Fuzz.run("http-date round trip") { random in
            let seconds = Int.random(in: -2_208_988_800...HTTPDate.latestSeconds, using: &random)
            let text = HTTPDate.format(secondsSince1970: seconds)
            try Fuzz.expect(text == Self.referenceFormat(seconds), "\(seconds): \(text) vs \(Self.referenceFormat(seconds))")
            try Fuzz.expect(HTTPDate.parseSeconds(text) == seconds, "\(text) does not parse back to \(seconds)")
            let asctime = Self.referenceAsctime(seconds)
            try Fuzz.expect(HTTPDate.parseSeconds(asctime) == seconds, "\(asctime) does not parse to \(seconds)")
        }
    }

    /// Mutated dates and random bytes: never a trap, and anything accepted formats to a valid date.
    func testFuzzHostileDatesNeverTrap() throws {
        let alphabet = Array("SunMoTeWdhFrSatJanFebMyJulAugSpOctNvDc ,:-0123456789GMT+".utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF]
        let seeds = ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"]
        try Fuzz.run("http-date hostile") { random in
            var bytes = Array(random.element(of: seeds).utf8)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = random.element(of: alphabet)
                case 1: bytes.insert(contentsOf: random.bytes(from: alphabet, count: Int.random(in: 1...12, using: &random)), at: index)
                default: if bytes.count > 1 { bytes.remove(at: index) }
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if let seconds = HTTPDate.parseSeconds(text) {
                try Fuzz.expect(HTTPDate.parseSeconds(HTTPDate.format(secondsSince1970: seconds)) == seconds, "\(text.debugDescription) → \(seconds)")
            }
        }
    }

    private static func referenceFormat(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, 64, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func referenceAsctime(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, 64, "%a %b %e %H:%M:%S %Y", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
