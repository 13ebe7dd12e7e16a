/// Turns template source into nodes. It reads line by line, remembering whether only whitespace
/// has been seen on the current line, so that "standalone" tags (a section, comment, partial or
/// delimiter tag alone on its line) remove their whole line as the spec requires.
struct Parser {
    private struct State {
        var closingName: String?
        var openedAt: SourceLocation?
        /// Only whitespace so far on this line.
        var atLineStart = true
        /// Inside a parent tag's body (block definitions, at any depth).
        var inParentBody = false
        /// Directly inside the parent tag, where only block definitions count.
        var atParentTopLevel = false
        /// Leading whitespace removed from every line of a block (the first line's indentation).
        var blockIndent: [UInt8]?
        /// The first line's whitespace of a standalone block expansion (its intrinsic indentation).
        var recordFirstIndent = false
    }

    private let name: String
    private let bytes: [UInt8]
    private var position = 0
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    private var firstLineIndent: [UInt8]?
    /// Sections, parents and blocks open at once; a limit keeps hostile input from exhausting the stack.
    private var nesting = 0
    static let maxNesting = 200

    static func parse(_ source: String, name: String) throws(TemplateError) -> [Node] {
        var parser = Parser(name: name, bytes: Array(source.utf8))
        return try parser.parseNodes(State())
    }

    private init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    // MARK: - The line loop

    private mutating func parseNodes(_ initial: State) throws(TemplateError) -> [Node] {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maxNesting, let opened = initial.openedAt {
            throw error(at: opened, "sections nested more than \(Parser.maxNesting) deep")
        }
        var nodes: [Node] = []
        var state = initial
        var whitespace: [UInt8] = []
        var textBuffer: [UInt8] = []

        func flushText() {
            if !textBuffer.isEmpty {
                nodes.append(.text(textBuffer))
                textBuffer.removeAll(keepingCapacity: true)
            }
        }

        while position < bytes.count {
            if state.atLineStart {
                let leading = readBlanks()
                if state.inParentBody && !state.atParentTopLevel {
                    if let indent = state.blockIndent {
                        whitespace = Array(leading.dropFirst(min(indent.count, Parser.commonPrefix(leading, indent))))
                    } else {
                        state.blockIndent = leading
                        whitespace = []
                    }
                } else {
                    whitespace = leading
                }
                if state.recordFirstIndent {
                    firstLineIndent = whitespace
                    state.recordFirstIndent = false
                }
            }
            let (text, foundTag) = readText()
            if let newline = readNewline() {
                textBuffer += whitespace + text + newline
                whitespace = []
                state.atLineStart = true
                continue
            }
            if !text.isEmpty {
                textBuffer += whitespace + text
                whitespace = []
                state.atLineStart = false
            }
            guard foundTag else { break }

            let tagStart = location(of: position - open.count)
            guard position < bytes.count else { throw error(at: tagStart, "unclosed tag: no \(String(decoding: close, as: UTF8.self)) before the end") }
            var standalone = false
            let sigil = bytes[position]
            switch sigil {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                position += 1
                let tagName = try readName(tagStart)
                standalone = isStandalone(state)
                if !standalone, !whitespace.isEmpty { textBuffer += whitespace }
                whitespace = []
                flushText()
                var child = state
                child.closingName = tagName
                child.openedAt = tagStart
                child.atLineStart = standalone
                child.atParentTopLevel = false
                let body = try parseNodes(child)
                nodes.append(.section(Path(tagName), body, inverted: sigil == UInt8(ascii: "^")))

            case UInt8(ascii: "/"):
                position += 1
                let tagName = try readName(tagStart)
                guard let expected = state.closingName else {
                    throw error(at: tagStart, "closing tag {{/\(tagName)}} has no matching opening tag")
                }
                guard tagName == expected else {
                    let opened = state.openedAt.map { " (opened at line \($0.line))" } ?? ""
                    throw error(at: tagStart, "closing tag {{/\(tagName)}} does not match the open section \"\(expected)\"\(opened)")
                }
                if isStandalone(state) {
                    // the line's whitespace goes with it
                } else if !whitespace.isEmpty {
                    textBuffer += whitespace
                }
                flushText()
                return nodes

            case UInt8(ascii: "!"):
                position += 1
                guard let end = find(close, from: position) else { throw error(at: tagStart, "unclosed comment") }
                position = end + close.count
                standalone = isStandalone(state)
                if !standalone, !whitespace.isEmpty { textBuffer += whitespace }
                whitespace = []

            case UInt8(ascii: "="):
                position += 1
                try readDelimiters(tagStart)
                standalone = isStandalone(state)
                if !standalone, !whitespace.isEmpty { textBuffer += whitespace }
                whitespace = []

            case UInt8(ascii: ">"):
                position += 1
                let reference = try readReference(tagStart)
                standalone = isStandalone(state)
                if !whitespace.isEmpty { textBuffer += whitespace }
                flushText()
                nodes.append(.partial(reference, indentation: standalone ? whitespace : [], location: tagStart))
                whitespace = []

            case UInt8(ascii: "<"):
                position += 1
                let reference = try readReference(tagStart)
                let referenceName: String
                switch reference {
                case .named(let name): referenceName = name
                case .dynamic(let path): referenceName = "*" + path.text
                }
                standalone = isStandalone(state)
                if !whitespace.isEmpty { textBuffer += whitespace }
                flushText()
                var child = state
                child.closingName = referenceName
                child.openedAt = tagStart
                child.atLineStart = true
                child.inParentBody = true
                child.atParentTopLevel = true
                child.blockIndent = nil
                let body = try parseNodes(child)
                var blocks: [String: [Node]] = [:]
                for node in body {
                    if case .block(let blockName, let content, _, _) = node, blocks[blockName] == nil { blocks[blockName] = content }
                }
                nodes.append(.parent(reference, blocks: blocks, indentation: whitespace, location: tagStart))
                whitespace = []

            case UInt8(ascii: "$"):
                position += 1
                let blockName = try readName(tagStart)
                standalone = isStandalone(state)
                var child = state
                child.closingName = blockName
                child.openedAt = tagStart
                child.atLineStart = standalone
                if state.atParentTopLevel {
                    // A block definition: its lines lose the indentation of its first line.
                    child.atParentTopLevel = false
                    child.blockIndent = nil
                    whitespace = []
                    flushText()
                    nodes.append(.block(blockName, defaultContent: try parseNodes(child), indentation: [], indentFirstLine: false))
                } else if standalone {
                    // A standalone block expansion: indented like its own first line.
                    child.recordFirstIndent = true
                    child.blockIndent = child.inParentBody ? child.blockIndent : nil
                    let saved = firstLineIndent
                    firstLineIndent = nil
                    flushText()
                    var content = try parseNodes(child)
                    let intrinsic = firstLineIndent ?? whitespace
                    firstLineIndent = saved
                    content = Parser.removeIndentation(intrinsic, from: content)
                    nodes.append(.block(blockName, defaultContent: content, indentation: intrinsic, indentFirstLine: true))
                    whitespace = []
                } else {
                    if !whitespace.isEmpty { textBuffer += whitespace }
                    flushText()
                    let content = try parseNodes(child)
                    nodes.append(.block(blockName, defaultContent: content, indentation: whitespace, indentFirstLine: false))
                    whitespace = []
                }

            case UInt8(ascii: "{"):
                position += 1
                if !whitespace.isEmpty { textBuffer += whitespace }
                whitespace = []
                let tagName = try readName(tagStart, terminator: [UInt8(ascii: "}")] + close)
                flushText()
                nodes.append(.variable(Path(tagName), escaped: false))
                state.atLineStart = false
                continue

            case UInt8(ascii: "&"):
                position += 1
                if !whitespace.isEmpty { textBuffer += whitespace }
                whitespace = []
                let tagName = try readName(tagStart)
                flushText()
                nodes.append(.variable(Path(tagName), escaped: false))
                state.atLineStart = false
                continue

            default:
                if !whitespace.isEmpty { textBuffer += whitespace }
                whitespace = []
                let tagName = try readName(tagStart)
                flushText()
                nodes.append(.variable(Path(tagName), escaped: true))
                state.atLineStart = false
                continue
            }
            state.atLineStart = standalone
        }
        if let open = state.closingName {
            let location = state.openedAt ?? SourceLocation(line: 0, column: 0)
            throw error(at: location, "unclosed section \"\(open)\": no {{/\(open)}} before the end of the template")
        }
        textBuffer += whitespace
        flushText()
        return nodes
    }

    // MARK: - Reading

    /// Spaces and tabs at the current position.
    private mutating func readBlanks() -> [UInt8] {
        let start = position
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        return Array(bytes[start..<position])
    }

    /// Text up to the next opening delimiter (consumed, `foundTag` true) or line end (not consumed).
    private mutating func readText() -> (text: [UInt8], foundTag: Bool) {
        let start = position
        let first = open[0]
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x0A || (byte == 0x0D && position + 1 < bytes.count && bytes[position + 1] == 0x0A) {
                return (Array(bytes[start..<position]), false)
            }
            if byte == first, matches(open, at: position) {
                let text = Array(bytes[start..<position])
                position += open.count
                return (text, true)
            }
            position += 1
        }
        return (Array(bytes[start..<position]), false)
    }

    private mutating func readNewline() -> [UInt8]? {
        guard position < bytes.count else { return nil }
        if bytes[position] == 0x0A {
            position += 1
            return [0x0A]
        }
        if bytes[position] == 0x0D, position + 1 < bytes.count, bytes[position + 1] == 0x0A {
            position += 2
            return [0x0D, 0x0A]
        }
        return nil
    }

    /// A tag is standalone when only whitespace preceded it on its line and only whitespace and a
    /// line end (or the end of the template) follow. The line end is consumed.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.atLineStart else { return false }
        var cursor = position
        while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
        if cursor == bytes.count {
            position = cursor
            return true
        }
        if bytes[cursor] == 0x0A {
            position = cursor + 1
            return true
        }
        if bytes[cursor] == 0x0D, cursor + 1 < bytes.count, bytes[cursor + 1] == 0x0A {
            position = cursor + 2
            return true
        }
        return false
    }

    /// The tag's name up to the closing delimiter, trimmed; it may not be empty or contain whitespace.
    private mutating func readName(_ tagStart: SourceLocation, terminator: [UInt8]? = nil) throws(TemplateError) -> String {
        let end = terminator ?? close
        guard let stop = find(end, from: position) else {
            throw error(at: tagStart, "unclosed tag: expected \(String(decoding: end, as: UTF8.self))")
        }
        let raw = String(decoding: bytes[position..<stop], as: UTF8.self)
        position = stop + end.count
        let name = raw.trimmingBlanks
        guard !name.isEmpty else { throw error(at: tagStart, "empty tag name") }
        guard !name.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else {
            throw error(at: tagStart, "tag name \"\(name)\" contains whitespace")
        }
        return name
    }

    private mutating func readReference(_ tagStart: SourceLocation) throws(TemplateError) -> TemplateReference {
        let raw = try readName(tagStart, allowInnerSpaceAfterStar: true)
        if raw.hasPrefix("*") {
            let name = String(raw.dropFirst()).trimmingBlanks
            guard !name.isEmpty else { throw error(at: tagStart, "dynamic name without a name after *") }
            return .dynamic(Path(name))
        }
        return .named(raw)
    }

    private mutating func readName(_ tagStart: SourceLocation, allowInnerSpaceAfterStar: Bool) throws(TemplateError) -> String {
        guard let stop = find(close, from: position) else {
            throw error(at: tagStart, "unclosed tag: expected \(String(decoding: close, as: UTF8.self))")
        }
        var raw = String(decoding: bytes[position..<stop], as: UTF8.self).trimmingBlanks
        position = stop + close.count
        if raw.hasPrefix("*") { raw = "*" + String(raw.dropFirst()).trimmingBlanks }
        guard !raw.isEmpty else { throw error(at: tagStart, "empty partial name") }
        guard !raw.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) else {
            throw error(at: tagStart, "partial name \"\(raw)\" contains whitespace")
        }
        return raw
    }

    /// `{{=<% %>=}}`: two new delimiters, separated by whitespace, without `=` or whitespace inside.
    private mutating func readDelimiters(_ tagStart: SourceLocation) throws(TemplateError) {
        guard let stop = find([UInt8(ascii: "=")] + close, from: position) else {
            throw error(at: tagStart, "bad delimiter change: expected =\(String(decoding: close, as: UTF8.self))")
        }
        let parts = String(decoding: bytes[position..<stop], as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard parts.count == 2, !parts[0].contains("="), !parts[1].contains("=") else {
            throw error(at: tagStart, "bad delimiter change: write it as {{=<open> <close>=}} with two delimiters")
        }
        position = stop + 1 + close.count
        open = Array(parts[0].utf8)
        close = Array(parts[1].utf8)
    }

    // MARK: - Helpers

    private func matches(_ needle: [UInt8], at index: Int) -> Bool {
        guard index + needle.count <= bytes.count else { return false }
        for offset in 0..<needle.count where bytes[index + offset] != needle[offset] { return false }
        return true
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], matches(needle, at: index) { return index }
            index += 1
        }
        return nil
    }

    private func location(of offset: Int) -> SourceLocation {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<min(max(offset, lineStart), bytes.count)], as: UTF8.self).count + 1
        return SourceLocation(line: line, column: column)
    }

    private func error(at location: SourceLocation, _ message: String) -> TemplateError {
        TemplateError(template: name, line: location.line, column: location.column, message: message)
    }

    private static func commonPrefix(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var count = 0
        while count < a.count, count < b.count, a[count] == b[count] { count += 1 }
        return count
    }

    /// Strips `indentation` from the start of every line of a standalone block's default content,
    /// since the block re-adds it when it renders.
    static func removeIndentation(_ indentation: [UInt8], from nodes: [Node]) -> [Node] {
        guard !indentation.isEmpty else { return nodes }
        var atLineStart = true
        func strip(_ nodes: [Node]) -> [Node] {
            nodes.map { node in
                switch node {
                case .text(let bytes):
                    var out: [UInt8] = []
                    out.reserveCapacity(bytes.count)
                    var index = 0
                    while index < bytes.count {
                        if atLineStart {
                            var matched = 0
                            while matched < indentation.count, index + matched < bytes.count, bytes[index + matched] == indentation[matched] { matched += 1 }
                            index += matched
                            atLineStart = false
                            continue
                        }
                        out.append(bytes[index])
                        if bytes[index] == 0x0A { atLineStart = true }
                        index += 1
                    }
                    return .text(out)
                case .section(let path, let children, let inverted):
                    return .section(path, strip(children), inverted: inverted)
                default:
                    atLineStart = false
                    return node
                }
            }
        }
        return strip(nodes)
    }
}

extension String {
    var trimmingBlanks: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
