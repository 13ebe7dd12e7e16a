import Templating

/// A second Mustache renderer, kept deliberately simple and slow, to check the engine against.
/// Written from the text of the spec's `overview` fields, not from the engine: it works on
/// Unicode scalars and `String`s, cuts the template into source lines first, decides which
/// lines are standalone from those lines alone, and renders by building lists of output pieces.
/// It must pass the spec itself (`ReferenceSpecTests`), which is what makes it a reference.
///
/// The spec's rules it follows:
/// - A line (ending in `\n`, `\r\n` or the end of the template) is standalone when it holds one
///   tag that is not an interpolation, and otherwise only spaces and tabs; the whole line, line
///   ending included, is then dropped. Tags opening or closing a parent (`{{<p}}`, its `{{/p}}`)
///   do not count towards the one tag (the inheritance module: "a parent's opening and closing
///   tags need not be on separate lines in order to be standalone").
/// - A standalone partial or parent: "any whitespace preceding the tag should be treated as
///   indentation, and prepended to each line of the partial" — each source line of it, never
///   newlines coming from data.
/// - Blocks: "indentation is removed at the site of definition and added at the site of
///   expansion"; "when the block opening tag is standalone, indentation is determined by default
///   content".
/// Where the spec says nothing, the engine's documented choices, restated here:
/// - the indentation of a standalone partial applies to every line rendered inside it, including
///   lines of partials it includes inline after the first;
/// - content placed mid-line (an inline partial, parent or block) continues that line: its first
///   line gets no indentation;
/// - a block after only blanks on its line (not standalone) indents its lines after the first
///   with those blanks; a block's content is reindented from its first line (the first source
///   line starting inside it), unless the block stands mid-line after text;
/// - falsy values are false, null and the empty list; a truthy non-list is pushed as a one-item
///   list; lists and objects interpolate as nothing; `1.0` prints as `1`.
struct ReferenceMustache {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let templates: [String: String]

    func render(_ name: String, _ data: TemplateValue) throws -> String {
        guard let source = templates[name] else { throw Failure(description: "no template \(name)") }
        var renderer = Render(reference: self)
        let pieces = try renderer.run(try ReferenceMustache.parse(source), stack: [data], indent: "", depth: 0)
        return pieces.map(\.text).joined()
    }

    // MARK: - Source lines

    enum TagKind: Equatable {
        case escaped, unescaped, section, inverted, close, comment, delimiters, partial, parent, block
    }

    struct RawTag {
        var kind: TagKind
        var name: String
    }

    enum Bit {
        case text(String)
        case tag(RawTag)
    }

    /// A source line: its bits, and its ending ("" for the last line).
    struct Line {
        var bits: [Bit] = []
        var ending = ""
    }

    /// Cuts the template into lines of text and tags, following the delimiters as they change.
    static func lines(_ source: String) throws -> [Line] {
        let chars = Array(source.unicodeScalars)
        var open = Array("{{".unicodeScalars)
        var close = Array("}}".unicodeScalars)
        var lines = [Line()]
        var text = ""
        var i = 0
        func at(_ needle: [Unicode.Scalar], _ index: Int) -> Bool {
            index + needle.count <= chars.count && Array(chars[index..<index + needle.count]) == needle
        }
        func find(_ needle: [Unicode.Scalar], from start: Int) throws -> Int {
            var index = start
            while index + needle.count <= chars.count {
                if at(needle, index) { return index }
                index += 1
            }
            throw Failure(description: "unclosed tag")
        }
        func flush() {
            if !text.isEmpty { lines[lines.count - 1].bits.append(.text(text)) }
            text = ""
        }
        func content(_ from: Int, _ to: Int) -> String {
            var out = String.UnicodeScalarView()
            out.append(contentsOf: chars[from..<to])
            return String(out)
        }
        while i < chars.count {
            if chars[i] == "\n" || (chars[i] == "\r" && i + 1 < chars.count && chars[i + 1] == "\n") {
                flush()
                lines[lines.count - 1].ending = chars[i] == "\n" ? "\n" : "\r\n"
                lines.append(Line())
                i += chars[i] == "\n" ? 1 : 2
                continue
            }
            guard at(open, i) else {
                text.unicodeScalars.append(chars[i])
                i += 1
                continue
            }
            flush()
            var j = i + open.count
            guard j < chars.count else { throw Failure(description: "unclosed tag") }
            let sigils: [Unicode.Scalar: TagKind] = [
                "#": .section, "^": .inverted, "/": .close, "!": .comment, "=": .delimiters,
                ">": .partial, "<": .parent, "$": .block, "&": .unescaped, "{": .unescaped,
            ]
            let kind = sigils[chars[j]] ?? .escaped
            let sigil = chars[j]
            if kind != .escaped { j += 1 }
            let end: Int
            var name = ""
            switch sigil {
            case "!":
                end = try find(close, from: j)
                i = end + close.count
            case "=":
                end = try find(["="] + close, from: j)
                let parts = content(j, end).split(whereSeparator: { $0.unicodeScalars.contains(where: isSpace) })
                guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else { throw Failure(description: "bad delimiters") }
                i = end + 1 + close.count // the old closing delimiter ends this tag
                open = Array(parts[0].unicodeScalars)
                close = Array(parts[1].unicodeScalars)
            case "{":
                end = try find(["}"] + close, from: j)
                name = content(j, end)
                i = end + 1 + close.count
            default:
                end = try find(close, from: j)
                name = content(j, end)
                i = end + close.count
            }
            name = name.trimmingCharacters(in: " \t\n\r")
            if kind == .partial || kind == .parent, name.hasPrefix("*") {
                name = "*" + String(name.dropFirst()).trimmingCharacters(in: " \t\n\r")
            }
            if kind != .comment && kind != .delimiters {
                guard !name.isEmpty, !name.unicodeScalars.contains(where: isSpace) else { throw Failure(description: "bad name") }
            }
            lines[lines.count - 1].bits.append(.tag(RawTag(kind: kind, name: name)))
        }
        flush()
        return lines
    }
}

/// Whitespace as the spec's "non-whitespace character sequence" means it here.
private func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" }

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, set.unicodeScalars.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.unicodeScalars.contains(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
