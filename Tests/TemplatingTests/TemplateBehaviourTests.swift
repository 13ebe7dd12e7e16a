import Foundation
import Templating
import XCTest

final class TemplateBehaviourTests: XCTestCase {
    struct Course: Encodable {
        let title: String
        let price: Decimal
        let tags: [String]
        let seats: Int?
        let online: Bool
        let category: Category?
        struct Category: Encodable { let name: String }
    }

    func testEncodableViewModelsRenderDirectly() throws {
        let set = try TemplateSet(templates: [
            "course": "{{title}}|{{price}}|{{#tags}}<{{.}}>{{/tags}}|{{^seats}}no seats{{/seats}}|{{#online}}online{{/online}}|{{category.name}}",
        ])
        let model = Course(title: "Fiscalité & TVA", price: Decimal(string: "4500.50")!, tags: ["is", "ir"], seats: nil, online: true, category: .init(name: "Finance"))
        XCTAssertEqual(try set.render("course", model), "Fiscalité &amp; TVA|4500.5|<is><ir>|no seats|online|Finance")
    }

    func testEscapingCoversTheFiveCharactersAndOnlyTripleSkipsIt() throws {
        let set = try TemplateSet(templates: ["t": "{{x}} {{{x}}} {{&x}}"])
        XCTAssertEqual(try set.render("t", ["x": "<a href=\"x\">'&'</a>"]),
                       "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; <a href=\"x\">'&'</a> <a href=\"x\">'&'</a>")
        XCTAssertEqual(HTMLEscaping.escape("عربي <b>"), "عربي &lt;b&gt;")
    }

    func testValuesContainingTagsAreNotExpanded() throws {
        let set = try TemplateSet(templates: ["t": "{{x}}"])
        XCTAssertEqual(try set.render("t", ["x": "{{#y}}boom{{/y}}", "y": true]), "{{#y}}boom{{/y}}")
    }

    func testErrorsNameTemplateLineAndColumn() {
        func error(_ source: String) -> TemplateError? {
            do {
                _ = try TemplateSet(templates: ["public/course": source])
                return nil
            } catch let error as TemplateError {
                return error
            } catch {
                return nil
            }
        }
        let unclosed = error("<h1>{{title}}</h1>\n<ul>\n  {{#objectives}}<li>{{.}}</li>\n</ul>")
        XCTAssertEqual(unclosed?.template, "public/course")
        XCTAssertEqual(unclosed?.line, 3)
        XCTAssertEqual(unclosed?.column, 3)
        XCTAssertEqual(unclosed?.description, "public/course:3:3: unclosed section \"objectives\": no {{/objectives}} before the end of the template")

        let mismatched = error("{{#a}}\n{{#b}}x{{/a}}{{/b}}")
        XCTAssertEqual(mismatched?.line, 2)
        XCTAssertTrue(mismatched?.message.contains("does not match the open section \"b\"") == true, mismatched?.message ?? "")

        let stray = error("text {{/nothing}}")
        XCTAssertEqual(stray?.column, 6)
        XCTAssertTrue(stray?.message.contains("no matching opening tag") == true)

        let badDelimiters = error("a\n{{=<% =}}")
        XCTAssertEqual(badDelimiters?.line, 2)
        XCTAssertTrue(badDelimiters?.message.contains("bad delimiter change") == true)

        let unclosedTag = error("Hello {{name")
        XCTAssertEqual(unclosedTag?.column, 7)
        XCTAssertTrue(unclosedTag?.message.contains("unclosed tag") == true)

        let unknownPartial = error("a\nb {{> partials/missing}}")
        XCTAssertEqual(unknownPartial?.description, "public/course:2:3: unknown partial \"partials/missing\"")

        let unknownParent = error("{{<layouts/nope}}{{/layouts/nope}}")
        XCTAssertEqual(unknownParent?.message, "unknown parent \"layouts/nope\"")
    }

    func testRunawayRecursionStopsWithAnError() throws {
        let set = try TemplateSet(templates: ["loop": "x{{>loop}}"])
        XCTAssertThrowsError(try set.render("loop", [:])) { error in
            XCTAssertTrue("\(error)".contains("nested more than 100 deep"), "\(error)")
        }
        // Recursion that ends with the data is fine.
        let tree = try TemplateSet(templates: ["node": "{{name}}({{#children}}{{>node}}{{/children}})"])
        let data: TemplateValue = ["name": "a", "children": [["name": "b", "children": [["name": "c", "children": []]]]]]
        XCTAssertEqual(try tree.render("node", data), "a(b(c()))")
    }

    func testUnknownTemplateNameIsAnError() throws {
        let set = try TemplateSet(templates: [:])
        XCTAssertThrowsError(try set.render("missing", [:])) { error in
            XCTAssertEqual((error as? TemplateError)?.message, "no template named \"missing\"")
        }
    }

    func testDirectoryLoaderNamesTemplatesByRelativePath() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("layouts"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("public"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "<main>{{$content}}default{{/content}}</main>".write(to: root.appendingPathComponent("layouts/base.mustache"), atomically: true, encoding: .utf8)
        try "{{<layouts/base}}{{$content}}Bonjour {{name}}{{/content}}{{/layouts/base}}".write(to: root.appendingPathComponent("public/page.mustache"), atomically: true, encoding: .utf8)
        try "ignored".write(to: root.appendingPathComponent("public/notes.txt"), atomically: true, encoding: .utf8)
        let set = try TemplateSet(directory: root)
        XCTAssertEqual(set.names, ["layouts/base", "public/page"])
        XCTAssertEqual(try set.render("public/page", ["name": "Salma"]), "<main>Bonjour Salma</main>")
    }

    func testProjectTemplatesCompile() throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates")
        let set = try TemplateSet(directory: templates)
        XCTAssertTrue(set.contains("layouts/base"))
        XCTAssertTrue(set.contains("public/course"))
    }
}

/// A bounded fuzz run: random and truncated templates must parse to a template or a TemplateError,
/// never crash or hang, and compiled ones render.
final class TemplateFuzzTests: XCTestCase {
    func testRandomTemplatesNeverCrashTheParserOrRenderer() throws {
        var generator = SeededGenerator(seed: 0x5EED_B0C5)
        let pieces = ["{{", "}}", "{{{", "}}}", "#", "^", "/", ">", "<", "$", "=", "!", "&", "*", "{", "}", "a", "b", "a.b", ".",
                      " ", "\n", "\r\n", "\t", "x", "é", "ع", "{{#a}}", "{{/a}}", "{{>p}}", "{{<p}}", "{{$b}}", "{{/b}}", "{{/p}}", "{{=<% %>=}}", "<%", "%>", "|"]
        let context: TemplateValue = ["a": [["b": 1], ["b": "x"]], "b": true, "p": "p", "x": "<&>"]
        var parsed = 0
        var rejected = 0
        for round in 0..<20_000 {
            let length = Int.random(in: 0..<24, using: &generator)
            var source = (0..<length).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            if round % 3 == 0, !source.isEmpty {
                source = String(source.prefix(Int.random(in: 0..<source.count, using: &generator)))
            }
            do {
                let set = try TemplateSet(templates: ["t": source, "p": "[{{$b}}d{{/b}}{{x}}]"], strictPartials: false)
                parsed += 1
                do { _ = try set.render("t", context) } catch is TemplateError {}
            } catch is TemplateError {
                rejected += 1
            }
        }
        XCTAssertEqual(parsed + rejected, 20_000)
        XCTAssertGreaterThan(parsed, 1000)
        XCTAssertGreaterThan(rejected, 1000)
    }
}

/// Deterministic random numbers, so a failing fuzz case reproduces.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class TemplateEncoderTests: XCTestCase {
    /// Hand-written `encode(to:)` using nested containers, which synthesized code never does.
    struct Manual: Encodable {
        enum Keys: String, CodingKey { case course, tags, list }
        enum CourseKeys: String, CodingKey { case title, seats }
        func encode(to encoder: any Encoder) throws {
            var root = encoder.container(keyedBy: Keys.self)
            var course = root.nestedContainer(keyedBy: CourseKeys.self, forKey: .course)
            try course.encode("Excel avancé", forKey: .title)
            try course.encode(12, forKey: .seats)
            var tags = root.nestedUnkeyedContainer(forKey: .tags)
            try tags.encode("bureautique")
            try tags.encode("données")
            var list = root.nestedUnkeyedContainer(forKey: .list)
            var item = list.nestedContainer(keyedBy: CourseKeys.self)
            try item.encode("Scrum", forKey: .title)
            try list.encode("after")
        }
    }

    func testNestedContainersAndSpecialTypes() throws {
        let value = try TemplateEncoder().encode(Manual())
        XCTAssertEqual(value, [
            "course": ["title": "Excel avancé", "seats": 12],
            "tags": ["bureautique", "données"],
            "list": [["title": "Scrum"], "after"],
        ])
        struct Special: Encodable {
            let price: Decimal
            let id: UUID
            let link: URL
            let nothing: String?
            let catalog: TemplateValue
        }
        let special = try TemplateEncoder().encode(Special(
            price: Decimal(string: "5400.00")!, id: UUID(uuidString: "00000000-0000-4000-8000-0000000000F1")!,
            link: URL(string: "https://bcos.ma/fr/")!, nothing: nil, catalog: ["k": "v"]))
        XCTAssertEqual(special, [
            "price": "5400", "id": "00000000-0000-4000-8000-0000000000f1", "link": "https://bcos.ma/fr/", "nothing": nil, "catalog": ["k": "v"],
        ])
    }
}

/// Hostile templates and data end with a TemplateError, never a crash or a hang.
final class TemplateLimitsTests: XCTestCase {
    func testDeepNestingIsRefusedAtLoad() {
        let source = String(repeating: "{{#a}}", count: 100_000)
        XCTAssertThrowsError(try TemplateSet(templates: ["t": source])) { error in
            XCTAssertTrue("\(error)".contains("nested more than 200 deep"), "\(error)")
        }
    }

    func testABlockArgumentContainingItsOwnBlockStops() throws {
        let set = try TemplateSet(templates: ["t": "{{<f}}{{$a}}[{{$a}}x{{/a}}]{{/a}}{{/f}}", "f": "{{$a}}d{{/a}}"])
        XCTAssertThrowsError(try set.render("t", [:]))
    }

    func testMultiplyingLoopsHitTheIterationBudget() throws {
        let source = String(repeating: "{{#l}}", count: 30) + "x" + String(repeating: "{{/l}}", count: 30)
        let set = try TemplateSet(templates: ["t": source])
        let started = Date()
        XCTAssertThrowsError(try set.render("t", ["l": [1, 2, 3]]))
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    func testHugeUnsignedNumbersDoNotTrap() throws {
        struct Big: Encodable { let n: UInt64 }
        XCTAssertEqual(try TemplateEncoder().encode(Big(n: .max)), ["n": .double(Double(UInt64.max))])
    }

    func testMissingDirectoryAndHiddenFiles() throws {
        XCTAssertThrowsError(try TemplateSet(directory: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hidden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "x".write(to: root.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        try "{{#broken".write(to: root.appendingPathComponent(".page.mustache.swp.mustache"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try TemplateSet(directory: root).names, ["page"])
    }
}
