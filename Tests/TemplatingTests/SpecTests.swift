import Foundation
import Templating
import XCTest

/// Runs the official Mustache specification files (copied under `spec/` from mustache/spec, with
/// their licence). Every case of every required module must pass; `~lambdas` is not supported.
final class SpecTests: XCTestCase {
    static let specDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("spec")

    func run(_ file: String) throws {
        let data = try Data(contentsOf: SpecTests.specDirectory.appendingPathComponent("\(file).json"))
        let spec = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let tests = try XCTUnwrap(spec["tests"] as? [[String: Any]])
        XCTAssertFalse(tests.isEmpty)
        var failures: [String] = []
        for test in tests {
            let name = test["name"] as? String ?? "?"
            let template = test["template"] as? String ?? ""
            let expected = test["expected"] as? String ?? ""
            let partials = (test["partials"] as? [String: String]) ?? [:]
            let data = TemplateValue(json: test["data"] ?? NSNull())
            do {
                var sources = partials
                sources["__spec__"] = template
                let set = try TemplateSet(templates: sources, strictPartials: false)
                let output = try set.render("__spec__", data)
                if output != expected {
                    failures.append("\(file) / \(name): expected \(expected.debugDescription), got \(output.debugDescription)")
                }
            } catch {
                failures.append("\(file) / \(name): threw \(error)")
            }
        }
        for failure in failures { XCTFail(failure) }
        print("spec \(file): \(tests.count - failures.count)/\(tests.count) passed")
    }

    func testComments() throws { try run("comments") }
    func testDelimiters() throws { try run("delimiters") }
    func testInterpolation() throws { try run("interpolation") }
    func testInverted() throws { try run("inverted") }
    func testPartials() throws { try run("partials") }
    func testSections() throws { try run("sections") }
    func testInheritance() throws { try run("~inheritance") }
    func testDynamicNames() throws { try run("~dynamic-names") }
}
