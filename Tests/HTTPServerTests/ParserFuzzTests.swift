import Foundation
@testable import HTTPServer
import NIOCore
import TestSupport
import XCTest

/// Seeded generative tests for every parser of outside input in HTTPServer (issue #12). Each runs
/// about 2 s, prints its seed, and replays with BCOS_FUZZ_SEED / BCOS_FUZZ_CASE. HTTP dates are
/// in HTTPDateTests. (HTTPServer has no Range parser; X-Forwarded-For is read by the app.)
final class ParserFuzzTests: XCTestCase {
    static let hostile = Array("a=&%+0F9Zz;\r\n-\"/?. ".utf8) + [0xD8, 0xB9, 0xC3, 0xA9, 0xFF, 0x00, 0x80]

    // MARK: Percent-decoding

    /// The decoder against a deliberately naive reference written from the rule.
    func testPercentDecodingMatchesTheReference() throws {
        let alphabet = Array("%+aZ09fF".utf8) + Self.hostile
        try Fuzz.run("percent-decoding") { random in
            let bytes = random.bytes(from: alphabet, count: Int.random(in: 0..<40, using: &random))
            let plus = random.chance(0.5)
            let actual = PercentDecoding.decode(bytes: bytes, plusAsSpace: plus)
            let expected = Self.referenceDecode(bytes, plusAsSpace: plus)
            try Fuzz.expect(actual == expected, "\(bytes) plus=\(plus): \(String(describing: actual)) vs \(String(describing: expected))")
            if let text = String(validating: bytes, as: UTF8.self) {
                try Fuzz.expect(PercentDecoding.decode(text, plusAsSpace: plus) == expected, "String and byte forms differ for \(bytes)")
            }
        }
    }

    func testPercentEncodingRoundTrips() throws {
        try Fuzz.run("percent round trip") { random in
            var text = ""
            for _ in 0..<Int.random(in: 0..<20, using: &random) {
                if let scalar = Unicode.Scalar(UInt32.random(in: 0x20..<0x800, using: &random)) { text.unicodeScalars.append(scalar) }
            }
            try Fuzz.expect(PercentDecoding.decode(PercentDecoding.encode(text), plusAsSpace: false) == text, text.debugDescription)
        }
    }

    // MARK: Query strings and url-encoded bodies

    /// Random bytes: the decoder agrees with a reference built on the plain rule (split on `&`,
    /// then the first `=`), including where it refuses.
    func testURLEncodedFormsMatchTheReference() throws {
        try Fuzz.run("url-encoded forms") { random in
            let bytes = random.bytes(from: Self.hostile, count: Int.random(in: 0..<80, using: &random))
            let actual = Result { () throws(HTTPError) in try FormData(urlEncodedBytes: bytes).fields.map { [$0.name, $0.value] } }
            let expected = Self.referenceForm(bytes)
            switch (actual, expected) {
            case (.success(let fields), .some(let reference)): try Fuzz.expect(fields == reference, "\(bytes): \(fields) vs \(reference)")
            case (.failure(let error), nil): try Fuzz.expect(error.status == .badRequest, "\(bytes): \(error)")
            default: throw FuzzMismatch("\(bytes): \(actual) vs \(String(describing: expected))")
            }
        }
    }

    /// Fields encoded the way browsers do come back exactly, through a body and through a query.
    func testEncodedFieldsRoundTrip() throws {
        try Fuzz.run("form round trip") { random in
            let fields = (0..<Int.random(in: 0..<12, using: &random)).map { _ in [Self.randomText(&random), Self.randomText(&random)] }
            let encoded = fields.map { "\(Self.formEncode($0[0]))=\(Self.formEncode($0[1]))" }.joined(separator: "&")
            let decoded = try FormData(urlEncodedBytes: Array(encoded.utf8)).fields.map { [$0.name, $0.value] }
            try Fuzz.expect(decoded == fields, "\(encoded): \(decoded) vs \(fields)")
            let request = try Request(method: .GET, uri: "/search?" + encoded)
            try Fuzz.expect(try request.query.fields.map { [$0.name, $0.value] } == decoded, "query \(encoded)")
        }
    }

    /// Any request target: a Request or a 400, never a trap; and cut as a byte-level reference
    /// cuts it (path before the first `?`, segments between `/`, each percent-decoded) — with
    /// combining marks after a `?` or `/`, which a split by Character would not see.
    func testRequestTargetsNeverTrapAndMatchTheReference() throws {
        // Whole scalars, so a combining mark right after `?` or `/` comes up often.
        let pieces = Self.hostile.map { [$0] } + ["/", "%2e", "%2F", "..", "#", "?", "\u{301}", "\u{651}", "\u{600}", "e\u{301}"].map { Array($0.utf8) }
        for uri in ["/a?\u{301}b", "/\u{301}x/y", "/\u{600}?x", "/a/\u{301}/b?c=\u{301}", "/?", "//", "/%D8%B9?%"] {
            try Self.checkTarget(uri)
        }
        try Fuzz.run("request targets") { random in
            try Self.checkTarget("/" + String(decoding: (0..<Int.random(in: 0..<40, using: &random)).flatMap { _ in random.element(of: pieces) }, as: UTF8.self))
        }
    }

    private static func checkTarget(_ uri: String) throws {
        let bytes = Array(uri.utf8)
        let mark = bytes.firstIndex(of: UInt8(ascii: "?"))
        let path = Array(bytes[..<(mark ?? bytes.count)])
        let segments = path.split(separator: UInt8(ascii: "/")).map { PercentDecoding.decode(bytes: Array($0), plusAsSpace: false) }
        guard let request = try? Request(method: .GET, uri: uri) else {
            try Fuzz.expect(segments.contains(nil), "\(uri.debugDescription) refused, but every segment decodes")
            return
        }
        _ = request.lenientQuery
        try Fuzz.expect(Array(request.path.utf8) == path, "path of \(uri.debugDescription): \(request.path.debugDescription)")
        try Fuzz.expect(Array(request.queryString.utf8) == mark.map { Array(bytes[($0 + 1)...]) } ?? [], "query of \(uri.debugDescription)")
        try Fuzz.expect(request.pathSegments == segments.compactMap { $0 }, "segments of \(uri.debugDescription): \(request.pathSegments)")
        try Fuzz.expect(!request.pathSegments.contains(""), "empty segment from \(uri.debugDescription)")
    }

    // MARK: Cookies

    func testEmptyCookieValueIsKeptAndFirstOccurrenceWins() {
        XCTAssertEqual(Cookies.parse("a=; a=x; =y; b"), ["a": ""])
        XCTAssertEqual(Cookies.parse("s=1; s=2"), ["s": "1"])
    }

    /// Found by this test: an empty first value (`a=; a=x`) was skipped, so the second one won.
    func testCookiesRoundTripAndHostileHeadersNeverTrap() throws {
        let nameAlphabet = Array("abcXYZ_-09".utf8)
        let valueAlphabet = Array("abcXYZ09-_.%!~".utf8)
        try Fuzz.run("cookies") { random in
            var reference: [String: String] = [:]
            var parts: [String] = []
            for _ in 0..<Int.random(in: 0..<8, using: &random) {
                let name = String(decoding: random.bytes(from: nameAlphabet, count: Int.random(in: 1..<8, using: &random)), as: UTF8.self)
                let value = String(decoding: random.bytes(from: valueAlphabet, count: Int.random(in: 0..<12, using: &random)), as: UTF8.self)
                if reference[name] == nil { reference[name] = value }
                parts.append("\(name)=\(value)")
            }
            let header = parts.joined(separator: random.chance(0.5) ? "; " : ";")
            let parsed = Cookies.parse(header)
            try Fuzz.expect(parsed == reference, "\(header): \(parsed) vs \(reference)")
            _ = Cookies.parse(String(decoding: random.bytes(from: Self.hostile, count: Int.random(in: 0..<60, using: &random)), as: UTF8.self))
        }
    }

    // MARK: Multipart

    /// Well-formed bodies decode to exactly the fields and files they were built from.
    func testMultipartRoundTrips() throws {
        try Fuzz.run("multipart round trip") { random in
            let boundary = "----b" + String(decoding: random.bytes(from: Array("abcXYZ0189'()+_,-./:=?".utf8), count: Int.random(in: 1..<40, using: &random)), as: UTF8.self)
            var fields: [[String]] = []
            var files: [(String, String, [UInt8])] = []
            var body: [UInt8] = []
            for index in 0..<Int.random(in: 0..<6, using: &random) {
                let name = "f\(index)"
                if random.chance(0.3) {
                    var data = random.bytes(from: Array(0...255), count: Int.random(in: 1..<200, using: &random))
                    // A part's content must not contain its own delimiter.
                    while MultipartParser.firstIndex(of: Array("\r\n--\(boundary)".utf8), in: data, from: 0) != nil { data.removeLast() }
                    if data.isEmpty { data = [0] }
                    files.append((name, "f\(index).bin", data))
                    body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"f\(index).bin\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
                    body += data + [13, 10]
                } else {
                    let value = Self.randomText(&random).replacingOccurrences(of: "-", with: "")
                    fields.append([name, value])
                    body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
                }
            }
            body += Array("--\(boundary)--\r\n".utf8)
            let form = try MultipartParser.parse(body: ByteBuffer(bytes: body), boundary: boundary)
            try Fuzz.expect(form.fields.map { [$0.name, $0.value] } == fields, "fields \(form.fields) vs \(fields)")
            try Fuzz.expect(form.files.map(\.data) == files.map(\.2), "file contents differ")
        }
    }

    /// Mutated bodies: a form or a 400/413, never a trap.
    func testMutatedMultipartNeverTraps() throws {
        let template = Array("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nvalue\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\n\r\n\u{89}PNG\r\n--b--\r\n".utf8)
        try Fuzz.run("multipart hostile") { random in
            var bytes = template
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = random.element(of: Self.hostile)
                case 1: bytes.insert(contentsOf: random.bytes(from: Self.hostile + Array("--b\r\n".utf8), count: Int.random(in: 1...8, using: &random)), at: index)
                default: if bytes.count > 1 { bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...8, using: &random))) }
                }
            }
            let outcome = Result { () throws(HTTPError) in try MultipartParser.parse(body: ByteBuffer(bytes: bytes), boundary: "b") }
            if case .failure(let error) = outcome {
                try Fuzz.expect(error.status == .badRequest || error.status == .payloadTooLarge, "\(error)")
            }
            _ = MultipartParser.boundary(fromContentType: "multipart/form-data; " + String(decoding: bytes.prefix(40), as: UTF8.self))
        }
    }

    /// The linear delimiter search agrees with the obvious quadratic one.
    func testDelimiterSearchMatchesTheNaiveSearch() throws {
        try Fuzz.run("delimiter search") { random in
            let alphabet = Array("ab-\r\n".utf8)
            let needle = random.bytes(from: alphabet, count: Int.random(in: 1...6, using: &random))
            let haystack = random.bytes(from: alphabet, count: Int.random(in: 0...60, using: &random))
            let start = Int.random(in: 0...haystack.count, using: &random)
            let naive = (start..<max(start, haystack.count - needle.count + 1)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
            let actual = MultipartParser.firstIndex(of: needle, in: haystack, from: start)
            try Fuzz.expect(actual == naive, "\(needle) in \(haystack) from \(start): \(String(describing: actual)) vs \(String(describing: naive))")
        }
    }

    // MARK: References and helpers

    static func referenceDecode(_ bytes: [UInt8], plusAsSpace: Bool) -> String? {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let digits = Array("0123456789abcdef".utf8)
                guard index + 2 < bytes.count,
                      let high = digits.firstIndex(of: bytes[index + 1] | (bytes[index + 1] >= 65 ? 0x20 : 0)),
                      let low = digits.firstIndex(of: bytes[index + 2] | (bytes[index + 2] >= 65 ? 0x20 : 0)) else { return nil }
                let value = UInt8(high * 16 + low)
                out.append(value)
                index += 3
            } else {
                out.append(plusAsSpace && byte == UInt8(ascii: "+") ? 32 : byte)
                index += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    static func referenceForm(_ bytes: [UInt8]) -> [[String]]? {
        var fields: [[String]] = []
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = referenceDecode(Array(parts[0]), plusAsSpace: true),
                  let value = referenceDecode(parts.count > 1 ? Array(parts[1]) : [], plusAsSpace: true) else { return nil }
            fields.append([name, value])
        }
        return fields
    }

    static func randomText(_ random: inout SplitMix64) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0..<10, using: &random) {
            let scalar = random.chance(0.7)
                ? Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random))
                : Unicode.Scalar(UInt32.random(in: 0x600...0x6FF, using: &random)) ?? "x"
            text.unicodeScalars.append(scalar)
        }
        return text
    }

    static func formEncode(_ text: String) -> String {
        PercentDecoding.encode(text)
    }
}
