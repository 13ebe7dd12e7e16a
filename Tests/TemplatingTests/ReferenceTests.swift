import Foundation
import Templating
import XCTest

/// The reference renderer must pass the spec itself, or it proves nothing.
final class ReferenceSpecTests: XCTestCase {
    func testReferencePassesTheWholeSpec() throws {
        var passed = 0
        var failures: [String] = []
        for file in ["comments", "delimiters", "interpolation", "inverted", "partials", "sections", "~inheritance", "~dynamic-names"] {
            let data = try Data(contentsOf: SpecTests.specDirectory.appendingPathComponent("\(file).json"))
            let spec = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for test in try XCTUnwrap(spec["tests"] as? [[String: Any]]) {
                var templates = (test["partials"] as? [String: String]) ?? [:]
                templates["__spec__"] = test["template"] as? String ?? ""
                let expected = test["expected"] as? String ?? ""
                do {
                    let output = try ReferenceMustache(templates: templates).render("__spec__", TemplateValue(json: test["data"] ?? NSNull()))
                    if output == expected { passed += 1 } else {
                        failures.append("\(file) / \(test["name"] ?? "?"): expected \(expected.debugDescription), got \(output.debugDescription)")
                    }
                } catch {
                    failures.append("\(file) / \(test["name"] ?? "?"): threw \(error)")
                }
            }
        }
        for failure in failures { XCTFail(failure) }
        XCTAssertEqual(passed, 184)
        print("reference spec: \(passed)/\(passed + failures.count) passed")
    }
}

/// The engine against the reference on random templates, partials and data. Each case has its
/// own seed, printed with a shrunk template on a mismatch; replay one with
/// `TEMPLATE_FUZZ_SEED=<seed> TEMPLATE_FUZZ_CASES=1`. Without TEMPLATE_FUZZ_SEED each run draws
/// a new run seed (printed), so runs keep exploring.
final class EngineMatchesReferenceTests: XCTestCase {
    func testEngineMatchesReferenceOnRandomTemplates() throws {
        let environment = ProcessInfo.processInfo.environment
        let runSeed = environment["TEMPLATE_FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
        let cases = environment["TEMPLATE_FUZZ_CASES"].flatMap { Int($0) } ?? 10_000
        let started = Date()
        var rendered = 0
        var mismatches = 0
        for index in 0..<cases {
            // The first case of a run uses the run seed itself, so a printed case seed replays as a run seed.
            let seed = index == 0 ? runSeed : EngineMatchesReferenceTests.mix(runSeed, index)
            var generator = TemplateGenerator(seed: seed)
            let example = generator.next()
            let outcome = EngineMatchesReferenceTests.compare(example.templates.mapValues { $0.joined() }, example.data)
            if outcome.engine != nil { rendered += 1 }
            guard outcome.engine != outcome.reference else { continue }
            mismatches += 1
            if mismatches <= 3 { report(seed: seed, example) }
        }
        let seconds = Date().timeIntervalSince(started)
        print("engine vs reference: \(cases) cases (\(rendered) rendered, \(cases - rendered) rejected by both), \(mismatches) mismatches, run seed \(runSeed), \(String(format: "%.2f", seconds)) s")
        XCTAssertEqual(mismatches, 0, "run seed \(runSeed)")
        XCTAssertGreaterThan(rendered, cases * 3 / 4, "most generated templates must be valid")
    }

    static func mix(_ seed: UInt64, _ index: Int) -> UInt64 {
        var generator = SeededGenerator(seed: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        return generator.next()
    }

    /// Rendered outputs; nil when a side throws (both throwing counts as agreement).
    static func compare(_ templates: [String: String], _ data: TemplateValue) -> (engine: String?, reference: String?) {
        let engine = try? TemplateSet(templates: templates, strictPartials: false).render("t", data)
        let reference = try? ReferenceMustache(templates: templates).render("t", data)
        return (engine, reference)
    }

    private func report(seed: UInt64, _ example: TemplateGenerator.Case) {
        var templates = example.templates
        func disagrees(_ candidate: [String: [String]]) -> Bool {
            let outcome = EngineMatchesReferenceTests.compare(candidate.mapValues { $0.joined() }, example.data)
            return outcome.engine != outcome.reference
        }
        // Shrink while the disagreement persists: delete runs of atoms (tags, words, line
        // endings), halving the run length down to one, then the same with single characters.
        for pass in 0..<2 {
            for name in templates.keys.sorted() {
                if pass == 1 { templates[name] = templates[name, default: []].joined().map(String.init) }
                var length = max(1, templates[name, default: []].count / 2)
                while true {
                    var start = 0
                    while start + length <= templates[name, default: []].count {
                        var candidate = templates
                        candidate[name]?.removeSubrange(start..<start + length)
                        if disagrees(candidate) { templates = candidate } else { start += 1 }
                    }
                    if length == 1 { break }
                    length /= 2
                }
            }
        }
        let sources = templates.mapValues { $0.joined() }
        let outcome = EngineMatchesReferenceTests.compare(sources, example.data)
        var lines = ["engine and reference disagree — replay with TEMPLATE_FUZZ_SEED=\(seed) TEMPLATE_FUZZ_CASES=1",
                     "template: \(sources["t", default: ""].debugDescription)"]
        for name in TemplateGenerator.partialNames where sources[name]?.isEmpty == false {
            lines.append("partial \(name): \(sources[name, default: ""].debugDescription)")
        }
        lines.append("data: \(example.data.debugText)")
        lines.append("engine:    \(outcome.engine?.debugDescription ?? "threw")")
        lines.append("reference: \(outcome.reference?.debugDescription ?? "threw")")
        XCTFail(lines.joined(separator: "\n"))
    }
}
