/// Second pass of compilation: decides, line by line of the SOURCE, which lines are standalone,
/// before any tree exists. Doing it here, on source lines alone, is what makes the rule hold in
/// every combination: it cannot depend on which section a line belongs to, whether that section
/// renders, or where it was opened — the tree is built only afterwards.
///
/// The spec's rule: a line is standalone when it holds one non-interpolation tag and otherwise
/// only spaces and tabs, and ends in `\n`, `\r\n` or the end of the template. Its whitespace and
/// line ending are then removed. The inheritance module adds that a parent's opening and closing
/// tags need not be on lines of their own (`{{<parent}}{{/parent}}`, `{{<parent}}{{$block}}`,
/// `{{/block}}{{/parent}}`): tags that open or close a parent do not count towards the one tag.
/// Two other tags on one line (`{{#a}}{{/a}}`) make it an ordinary line.
enum StandaloneLines {
    enum Item {
        /// A kept source line begins; `leading` is its leading spaces and tabs, output as text
        /// after the indentation in effect. Standalone lines have no line start.
        case lineStart(leading: [UInt8])
        case text([UInt8])
        /// `standalone` holds the line's leading whitespace when the tag's line is standalone.
        case tag(Tag, standalone: [UInt8]?)
    }

    static func items(_ tokens: [Token]) -> [Item] {
        var items: [Item] = []
        items.reserveCapacity(tokens.count + tokens.count / 2)
        /// Kinds of the open sections, parents and blocks, to tell a parent's closing tag apart.
        var openKinds: [Tag.Kind] = []
        var lineStart = 0
        while lineStart < tokens.count {
            var lineEnd = lineStart
            while lineEnd < tokens.count, !tokens[lineEnd].isNewline { lineEnd += 1 }
            let hasNewline = lineEnd < tokens.count
            let line = tokens[lineStart..<lineEnd]
            let closesParent = classify(line, openKinds: &openKinds)
            if isStandalone(line, closesParent: closesParent) {
                let leading = line.first.flatMap(\.blankText) ?? []
                for case .tag(let tag) in line { items.append(.tag(tag, standalone: leading)) }
            } else if hasNewline || !line.isEmpty { // not the empty rest after a final line ending
                append(line, to: &items)
                if hasNewline, case .newline(let bytes) = tokens[lineEnd] { items.append(.text(bytes)) }
            }
            lineStart = lineEnd + (hasNewline ? 1 : 0)
        }
        return items
    }

    /// Tracks the open tags through the line; for each closing tag, whether it closes a parent.
    private static func classify(_ line: ArraySlice<Token>, openKinds: inout [Tag.Kind]) -> [Bool] {
        var closesParent: [Bool] = []
        for case .tag(let tag) in line {
            switch tag.kind {
            case .section, .inverted, .parent, .block:
                openKinds.append(tag.kind)
            case .close:
                closesParent.append(openKinds.last == .parent)
                if !openKinds.isEmpty { openKinds.removeLast() }
            default:
                continue
            }
        }
        return closesParent
    }

    private static func isStandalone(_ line: ArraySlice<Token>, closesParent: [Bool]) -> Bool {
        var counted = 0
        var tags = 0
        var closeIndex = 0
        for token in line {
            switch token {
            case .text:
                if token.blankText == nil { return false }
            case .newline:
                return false
            case .tag(let tag):
                if tag.isInterpolation { return false }
                tags += 1
                var isParentTag = tag.kind == .parent
                if tag.kind == .close {
                    isParentTag = closesParent[closeIndex]
                    closeIndex += 1
                }
                if !isParentTag { counted += 1 }
            }
        }
        return tags > 0 && counted <= 1
    }

    /// A kept line: a line start, its leading blanks, then its tokens as they are.
    private static func append(_ line: ArraySlice<Token>, to items: inout [Item]) {
        var rest = line[...]
        if case .text(let bytes) = rest.first {
            let blanks = bytes.prefix(while: { $0 == 0x20 || $0 == 0x09 })
            items.append(.lineStart(leading: Array(blanks)))
            if blanks.count < bytes.count { items.append(.text(Array(bytes[blanks.count...]))) }
            rest = rest.dropFirst()
        } else {
            items.append(.lineStart(leading: []))
        }
        for token in rest {
            switch token {
            case .text(let bytes), .newline(let bytes): items.append(.text(bytes))
            case .tag(let tag): items.append(.tag(tag, standalone: nil))
            }
        }
    }
}

extension Token {
    var isNewline: Bool {
        if case .newline = self { return true }
        return false
    }

    /// The bytes of a text token made only of spaces and tabs, else nil.
    var blankText: [UInt8]? {
        guard case .text(let bytes) = self, bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return nil }
        return bytes
    }
}
