import Foundation
@testable import HTTPServer
import TestSupport
import XCTest

/// The two header readers gzip depends on, `Accept-Encoding` (the client's) and `Vary` (ours or a
/// handler's), against plain references on generated headers: hostile ones never trap.
final class CompressionHeaderTests: XCTestCase {
    /// The first coding that is gzip, x-gzip or `*` decides, by its q-value (1 when absent).
    private static func acceptsGzipReference(_ header: String) -> Bool {
        for item in header.components(separatedBy: ",") {
            let parts = item.components(separatedBy: ";").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased() }
            guard ["gzip", "x-gzip", "*"].contains(parts[0]) else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0
        }
        return false
    }

    func testAcceptEncodingMatchesTheReference() throws {
        let pieces = ["gzip", "GZip", "x-gzip", "*", "br", "deflate", "identity", ",", ", ", ";", "q=0", "q=0.5", "q=1", "q=nan", "q=-1", "q=", " ", "\t", "é", "\u{0}"]
        XCTAssertFalse(Compression.acceptsGzip(nil))
        for (header, expected) in [("gzip, deflate, br", true), ("br;q=1, gzip;q=0", false), ("*", true), ("identity", false), ("gzip;q=0.001", true), ("br,\tgzip", true)] {
            XCTAssertEqual(Compression.acceptsGzip(header), expected, header)
        }
        try Fuzz.run("accept-encoding") { random in
            let header = (0..<Int.random(in: 0..<8, using: &random)).map { _ in random.element(of: pieces) }.joined()
            let got = Compression.acceptsGzip(header), expected = Self.acceptsGzipReference(header)
            try Fuzz.expect(got == expected, "\(header.debugDescription): \(got), expected \(expected)")
        }
    }

    func testVaryMatchesTheReference() throws {
        let pieces = ["Accept-Encoding", "accept-encoding", "ACCEPT-ENCODING", "Cookie", "Accept", "-Encoding", ",", " ", "\t", "é"]
        try Fuzz.run("vary") { random in
            let vary = (0..<Int.random(in: 0..<5, using: &random)).map { _ in random.element(of: pieces) }.joined()
            let expected = vary.components(separatedBy: ",").contains { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased() == "accept-encoding" }
            try Fuzz.expect(Compression.namesAcceptEncoding(vary) == expected, "\(vary.debugDescription): expected \(expected)")
        }
    }
}
