@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// The signed form token on its own (the HTTP behaviour is in EnrollmentTests).
final class SubmissionTokenTests: XCTestCase {
    let signer = SubmissionTokenSigner(secretKey: "test-secret-key-0123456789abcdef0123456789")
    let course = UUID(uuidString: "00000000-0000-4000-8000-0000000000f1")!

    func testATokenIsURLSafeBoundedDistinctAndValidForItsCourse() {
        let now = Date()
        let tokens = (0..<50).map { _ in signer.make(courseID: course, now: now) }
        XCTAssertEqual(Set(tokens).count, 50, "every rendered form gets its own token")
        for token in tokens {
            XCTAssertEqual(token.count, SubmissionToken.length)
            XCTAssertTrue(SubmissionToken.isWellFormed(token))
            XCTAssertEqual(signer.check(token, courseID: course, now: now), .valid(issuedAt: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))))
            XCTAssertEqual(SubmissionToken(parsing: token)?.courseID, course)
        }
    }

    func testForgedForeignAndExpiredTokensAreRefused() {
        let now = Date()
        let token = signer.make(courseID: course, now: now)
        // Another key, another course, a changed character, the old 22-character format.
        XCTAssertEqual(SubmissionTokenSigner(secretKey: "another key").check(token, courseID: course, now: now), .forged)
        XCTAssertEqual(signer.check(token, courseID: UUID(), now: now), .wrongCourse)
        var bytes = Array(token.utf8)
        bytes[30] = bytes[30] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        XCTAssertEqual(signer.check(String(decoding: bytes, as: UTF8.self), courseID: course, now: now), .forged)
        XCTAssertEqual(signer.check("abcdefghijklmnopqrstuv", courseID: course, now: now), .forged)
        XCTAssertEqual(signer.check(token + "x", courseID: course, now: now), .forged)
        XCTAssertEqual(signer.check(String(repeating: "é", count: 76), courseID: course, now: now), .forged)
        // 24 hours of life; a few minutes of clock skew between instances are tolerated.
        XCTAssertEqual(signer.check(token, courseID: course, now: now + 24 * 3600 - 1), .valid(issuedAt: SubmissionToken(parsing: token)!.issuedAt))
        XCTAssertEqual(signer.check(token, courseID: course, now: now + 24 * 3600 + 1), .expired)
        XCTAssertNotEqual(signer.check(token, courseID: course, now: now - 60), .expired)
        XCTAssertEqual(signer.check(token, courseID: course, now: now - 3600), .expired, "issued in the future")
    }

    func testTheETagCarriesTheNewTokenFormat() {
        let token = signer.make(courseID: course)
        let header = "W/\"0123456789abcdef01234567.\(token)\""
        XCTAssertEqual(PageETag(header: header)?.token, token)
        XCTAssertEqual(PageETag(header: header)?.headerValue, header)
        XCTAssertNil(PageETag(header: "W/\"0123456789abcdef01234567.abcdefghijklmnopqrstuv\""), "old tokens are not ours any more")
    }

    /// `PageETag(header:)` against a regular-expression reference, on generated headers made of
    /// the pieces a real one has, mangled (fullwidth digits, uppercase, stray quotes and dots).
    func testETagParsingMatchesTheReference() throws {
        let token = signer.make(courseID: course)
        let pattern = try NSRegularExpression(pattern: #"^(?:W/)?"([0-9a-f]{24})(?:\.([A-Za-z0-9_-]{76}))?"$"#)
        let pieces = ["W/", "\"", ".", "0123456789abcdef", "01234567", "ABCDEF", "０", "a", token, String(token.dropLast()), " ", "é", "\u{0}"]
        try Fuzz.run("page etags") { random in
            let header = (0..<Int.random(in: 0..<7, using: &random)).map { _ in random.element(of: pieces) }.joined()
            let parsed = PageETag(header: header)
            let trimmed = header.trimmingCharacters(in: .whitespaces)
            let match = pattern.firstMatch(in: trimmed, range: NSRange(trimmed.startIndex..., in: trimmed))
            let expected = match.map { match in
                (hash: String(trimmed[Range(match.range(at: 1), in: trimmed)!]),
                 token: Range(match.range(at: 2), in: trimmed).map { String(trimmed[$0]) })
            }
            try Fuzz.expect(parsed?.hash == expected?.hash && parsed?.token == expected?.token, "\(header.debugDescription): \(String(describing: parsed))")
            if let parsed { try Fuzz.expect(PageETag(header: parsed.headerValue) == parsed, "round trip of \(header.debugDescription)") }
        }
    }

    func testTheFingerprintDependsOnTheAnswersOnly() {
        let a: [String: Answer] = ["full_name": .text("Salma"), "email": .text("s@example.ma"), "laptop": .flag(true)]
        let reordered: [String: Answer] = ["laptop": .flag(true), "email": .text("s@example.ma"), "full_name": .text("Salma")]
        XCTAssertEqual(AnswersFingerprint.of(a), AnswersFingerprint.of(reordered))
        XCTAssertEqual(AnswersFingerprint.of(a).count, 64)
        XCTAssertNotEqual(AnswersFingerprint.of(a), AnswersFingerprint.of(a.merging(["full_name": .text("Karim")]) { $1 }))
    }
}
