import Foundation
import TestSupport
import XCTest

/// `bcos render TEMPLATE DATA.json [--partials DIR]`, run as the built executable.
final class RenderCommandTests: XCTestCase {
    var executable: URL {
        TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/bcos")
    }

    func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["render"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    func testRendersWithPartialsAndFailsClearlyOnTemplateErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("partials"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "<li>{{name}}</li>".write(to: directory.appendingPathComponent("partials/item.mustache"), atomically: true, encoding: .utf8)
        try "<ul>{{#items}}{{>partials/item}}{{/items}}</ul> {{count}} {{price}} {{#ok}}yes{{/ok}}".write(
            to: directory.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        try #"{"items": [{"name": "Fès & Rabat"}, {"name": "مراكش"}], "count": 2, "price": 1.5, "ok": true}"#.write(
            to: directory.appendingPathComponent("data.json"), atomically: true, encoding: .utf8)
        let ok = try run([directory.appendingPathComponent("page.mustache").path, directory.appendingPathComponent("data.json").path, "--partials", directory.path])
        XCTAssertEqual(ok.status, 0, ok.errors)
        XCTAssertEqual(ok.output, "<ul><li>Fès &amp; Rabat</li><li>مراكش</li></ul> 2 1.5 yes")

        try "line one\n{{#open}}never closed".write(to: directory.appendingPathComponent("broken.mustache"), atomically: true, encoding: .utf8)
        let broken = try run([directory.appendingPathComponent("broken.mustache").path, directory.appendingPathComponent("data.json").path])
        XCTAssertNotEqual(broken.status, 0)
        XCTAssertEqual(broken.output, "")
        XCTAssertEqual(broken.errors, "broken:2:1: unclosed section \"open\": no {{/open}} before the end of the template\n")
    }
}
