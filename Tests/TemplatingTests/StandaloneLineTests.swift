import Templating
import XCTest

/// Standalone lines follow the source line only: one non-interpolation tag (parent tags aside)
/// and blanks, ending in `\n`, `\r\n` or the end of the template.
final class StandaloneLineTests: XCTestCase {
    private func render(_ source: String, _ data: TemplateValue = [:], partials: [String: String] = [:]) throws -> String {
        var templates = partials
        templates["t"] = source
        return try TemplateSet(templates: templates, strictPartials: false).render("t", data)
    }

    /// Issue #17, first reproduction: a standalone closing tag whose section opened mid-line.
    func testClosingTagOfASectionOpenedMidLineIsStandalone() throws {
        XCTAssertEqual(try render("x{{^n}}{{#p}}\n    {{/p}}\n{{/n}}\n", ["p": [1], "n": []]), "x\n")
    }

    /// Issue #17, second reproduction: text on the line of a section that does not render.
    func testLineWithTextInANonRenderingSectionIsNotStandalone() throws {
        XCTAssertEqual(try render("{{#m}}\nz{{/m}}{{!}}\n"), "\n")
    }

    func testNestedSectionsClosingOnConsecutiveLines() throws {
        let source = "<ul>\n  {{#a}}\n    {{#b}}\n  <li>{{.}}</li>\n    {{/b}}\n  {{/a}}\n</ul>\n"
        XCTAssertEqual(try render(source, ["a": true, "b": ["x", "y"]]), "<ul>\n  <li>x</li>\n  <li>y</li>\n</ul>\n")
        XCTAssertEqual(try render(source, ["a": false, "b": ["x"]]), "<ul>\n</ul>\n")
    }

    func testTwoTagsOnALineAreNotStandalone() throws {
        XCTAssertEqual(try render("a\n{{#t}}{{/t}}\nb", ["t": true]), "a\n\nb")
        XCTAssertEqual(try render("a\n  {{! one }}{{! two }}\nb"), "a\n  \nb")
    }

    func testLineEndingsAndEndOfTemplate() throws {
        XCTAssertEqual(try render("a\r\n  {{#t}}\r\nb\r\n  {{/t}}\r\nc", ["t": true]), "a\r\nb\r\nc")
        XCTAssertEqual(try render("a\n\t{{^t}}\nx\n\t{{/t}}", ["t": true]), "a\n")
        XCTAssertEqual(try render("a\n  {{! end }}"), "a\n")
        // A lone \r is no line ending.
        XCTAssertEqual(try render("a\r{{#t}}\rb{{/t}}", ["t": true]), "a\r\rb")
    }

    func testIndentedPartialIndentsEachOfItsLinesButNotData() throws {
        let partials = ["item": "<li>\n  {{#t}}\n  {{v}}\n  {{/t}}\n</li>\n"]
        XCTAssertEqual(try render("<ul>\n    {{>item}}\n</ul>\n", ["t": true, "v": "a\nb"], partials: partials),
                       "<ul>\n    <li>\n      a\nb\n    </li>\n</ul>\n")
        // Inline, the partial continues the line and is not indented.
        XCTAssertEqual(try render("  x {{>item}}", ["t": false], partials: partials), "  x <li>\n</li>\n")
    }

    func testParentUsedAsAPartialAndStandaloneParentTags() throws {
        let partials = ["frame": "[\n{{$body}}\n  default\n{{/body}}\n]\n"]
        XCTAssertEqual(try render("a\n  {{>frame}}\nb", partials: partials), "a\n  [\n    default\n  ]\nb")
        XCTAssertEqual(try render("a\n  {{<frame}}{{/frame}}\nb", partials: partials), "a\n  [\n    default\n  ]\nb")
        XCTAssertEqual(try render("{{<frame}}\n{{$body}}\nmine\n{{/body}}\n{{/frame}}\n", partials: partials), "[\n  mine\n]\n")
    }

    func testErrorsAfterStrippedLinesKeepTheirSourcePosition() {
        func error(_ source: String) -> TemplateError? {
            do {
                _ = try TemplateSet(templates: ["mail/body": source])
                return nil
            } catch {
                return error as? TemplateError
            }
        }
        let unclosed = error("{{#a}}\n{{/a}}\n{{! a\nmulti-line comment }}\n  {{#b}}\nx")
        XCTAssertEqual(unclosed?.description, "mail/body:5:3: unclosed section \"b\": no {{/b}} before the end of the template")
        let stray = error("{{=<% %>=}}\n<%#a%>\n<%/a%>\n  <%/c%>\n")
        XCTAssertEqual(stray?.line, 4)
        XCTAssertEqual(stray?.column, 3)
        XCTAssertTrue(stray?.message.contains("no matching opening tag") == true, stray?.message ?? "")
    }
}
