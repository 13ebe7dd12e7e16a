@testable import BCOS
import XCTest

/// CLDR's plural rules, checked on the examples CLDR itself lists for each category
/// (cldr/common/supplemental/plurals.xml, `@integer` samples).
final class PluralTests: XCTestCase {
    func testArabicCategoriesOnCLDRExamples() {
        let examples: [PluralCategory: [Int]] = [
            .zero: [0], .one: [1], .two: [2],
            .few: Array(3...10) + Array(103...110) + [1003],
            .many: Array(11...26) + [111, 1011],
            .other: Array(100...102) + Array(200...202) + Array(300...302) + [400, 401, 402, 500, 501, 502, 600, 1000, 10000, 100000],
        ]
        for (category, numbers) in examples {
            for n in numbers { XCTAssertEqual(Plural.category(n, in: .ar), category, "ar \(n)") }
        }
    }

    func testFrenchCategoriesOnCLDRExamples() {
        for n in [0, 1] { XCTAssertEqual(Plural.category(n, in: .fr), .one, "fr \(n)") }
        for n in Array(2...17) + [100, 1000, 10000, 100000, 1000000] { XCTAssertEqual(Plural.category(n, in: .fr), .other, "fr \(n)") }
    }

    func testCountsReadAsPeopleWriteThem() {
        XCTAssertEqual(Plural.text(.course, count: 1, in: .fr), "1 formation")
        XCTAssertEqual(Plural.text(.course, count: 0, in: .fr), "0 formation")
        XCTAssertEqual(Plural.text(.course, count: 3, in: .fr), "3 formations")
        XCTAssertEqual(Plural.text(.draft, count: 1, in: .fr), "1 brouillon")
        XCTAssertEqual(Plural.text(.course, count: 1, in: .ar), "دورة واحدة")
        XCTAssertEqual(Plural.text(.course, count: 2, in: .ar), "دورتان")
        XCTAssertEqual(Plural.text(.course, count: 3, in: .ar), "3 دورات")
        XCTAssertEqual(Plural.text(.course, count: 11, in: .ar), "11 دورة")
        XCTAssertEqual(Plural.text(.course, count: 100, in: .ar), "100 دورة")
        XCTAssertEqual(Plural.text(.course, count: -1, in: .fr), "-1 formation", "a sign never traps")
    }
}
