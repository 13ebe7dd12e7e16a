import TestSupport
import XCTest

extension XCTestCase {
    /// `XCTAssertEqual(response.status, status)` for an awaited response (an `await` cannot sit
    /// inside XCTest's autoclosures); on failure the page's beginning says what came back.
    func expect(_ status: Int, _ response: HTTPTestResponse, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(response.status, status, message.isEmpty ? String(response.text.prefix(300)) : message, file: file, line: line)
    }
}
