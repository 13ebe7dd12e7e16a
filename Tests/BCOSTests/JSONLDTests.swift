@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// The JSON-LD writer against the reference it replaced: `JSONSerialization` (sorted keys,
/// slashes unescaped) followed by the script-safe escapes, on generated nested values.
final class JSONLDTests: XCTestCase {
    static func reference(_ object: [String: Any]) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
        var text = ""
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": text += "\\u003c"
            case ">": text += "\\u003e"
            case "&": text += "\\u0026"
            case "\u{2028}": text += "\\u2028"
            case "\u{2029}": text += "\\u2029"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    func testWritesWhatJSONSerializationWroteOnGeneratedValues() throws {
        let pieces = ["a", "é", "ع", "\"", "\\", "/", "<", ">", "&", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{08}", "\u{0C}", "\u{2028}", "\u{2029}", " ", "😀", "@type"]
        func text(_ random: inout SplitMix64) -> String { (0..<Int(random.next() % 6)).map { _ in random.element(of: pieces) }.joined() }
        func value(_ random: inout SplitMix64, depth: Int) -> Any {
            switch depth > 2 ? random.next() % 3 : random.next() % 5 {
            case 0: return text(&random)
            case 1: return random.chance(0.5)
            case 2: return Int(truncatingIfNeeded: random.next() % 2_000_001) - 1_000_000
            case 3: return (0..<Int(random.next() % 4)).map { _ in value(&random, depth: depth + 1) }
            default: return object(&random, depth: depth + 1)
            }
        }
        func object(_ random: inout SplitMix64, depth: Int) -> [String: Any] {
            var object: [String: Any] = [:]
            for _ in 0..<Int(random.next() % 5) { object[random.element(of: ["@type", "name", "url", "b", "a", "offers", "Z", "@context", "startDate"])] = value(&random, depth: depth) }
            return object
        }
        try Fuzz.run("json-ld", budget: .seconds(2), maxIterations: 5_000) { random in
            let generated = object(&random, depth: 0)
            let written = JSONLD.serialize(generated)
            let expected = JSONLDTests.reference(generated)
            guard written == expected else { throw FuzzMismatch("\(written ?? "nil")\nexpected\n\(expected ?? "nil")") }
        }
    }
}
