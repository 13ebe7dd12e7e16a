import Templating

extension ReferenceMustache {
    /// Where a block stands. `lead` is the leading whitespace of a standalone tag's line.
    enum Place {
        case definition(lead: String?)
        case ownLine(lead: String)
        case afterBlanks
        case midLine
    }

    indirect enum Node {
        /// A kept source line starts here, with these leading blanks.
        case line(leading: String)
        case text(String)
        case variable(String, escaped: Bool)
        case section(String, inverted: Bool, [Node], lead: String?)
        case partial(String, lead: String?)
        case parent(String, lead: String?, body: [Node])
        case block(String, Place, [Node])
        /// A standalone comment or delimiter line: nothing to render, but it is a line.
        case quiet(lead: String)
    }

    enum Event {
        case line(String)
        case text(String)
        case tag(RawTag, lead: String?)
    }

    static func isBlank(_ text: String) -> Bool { text.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" } }

    static func parse(_ source: String) throws -> [Node] {
        let lines = try lines(source)
        var events: [Event] = []
        var open: [TagKind] = []
        for (number, line) in lines.enumerated() {
            if number == lines.count - 1, line.bits.isEmpty { break } // nothing after the last line ending
            // Is the line standalone? Only blanks, no interpolation, one tag not counting parent tags.
            var standalone = true
            var tags = 0
            var counted = 0
            for bit in line.bits {
                switch bit {
                case .text(let text):
                    if !isBlank(text) { standalone = false }
                case .tag(let tag):
                    tags += 1
                    var parentTag = false
                    switch tag.kind {
                    case .escaped, .unescaped: standalone = false
                    case .parent: parentTag = true; open.append(.parent)
                    case .section, .inverted, .block: open.append(tag.kind)
                    case .close: parentTag = open.popLast() == .parent
                    default: break
                    }
                    if !parentTag { counted += 1 }
                }
            }
            if standalone, tags > 0, counted <= 1 {
                var lead = ""
                if case .text(let text)? = line.bits.first { lead = text }
                for case .tag(let tag) in line.bits { events.append(.tag(tag, lead: lead)) }
                continue
            }
            var bits = line.bits[...]
            if case .text(let text)? = bits.first {
                let blanks = String(text.unicodeScalars.prefix(while: { $0 == " " || $0 == "\t" }))
                events.append(.line(blanks))
                if blanks.unicodeScalars.count < text.unicodeScalars.count {
                    events.append(.text(String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(blanks.unicodeScalars.count)))))
                }
                bits = bits.dropFirst()
            } else {
                events.append(.line(""))
            }
            for bit in bits {
                switch bit {
                case .text(let text): events.append(.text(text))
                case .tag(let tag): events.append(.tag(tag, lead: nil))
                }
            }
            if !line.ending.isEmpty { events.append(.text(line.ending)) }
        }
        var index = 0
        let tree = try build(events, &index, until: nil, inParentBody: false)
        return reindent(tree)
    }

    private static func build(_ events: [Event], _ index: inout Int, until opening: RawTag?, inParentBody: Bool) throws -> [Node] {
        var out: [Node] = []
        while index < events.count {
            let event = events[index]
            // Whether only a line's leading blanks come before this event on its line.
            var afterBlanks = false
            if index > 0, case .line = events[index - 1] { afterBlanks = true }
            index += 1
            switch event {
            case .line(let leading): out.append(.line(leading: leading))
            case .text(let text): out.append(.text(text))
            case .tag(let tag, let lead):
                switch tag.kind {
                case .escaped: out.append(.variable(tag.name, escaped: true))
                case .unescaped: out.append(.variable(tag.name, escaped: false))
                case .comment, .delimiters: if let lead { out.append(.quiet(lead: lead)) }
                case .section, .inverted:
                    let children = try build(events, &index, until: tag, inParentBody: false)
                    out.append(.section(tag.name, inverted: tag.kind == .inverted, children, lead: lead))
                case .close:
                    guard let opening, opening.name == tag.name else { throw Failure(description: "bad closing tag \(tag.name)") }
                    return out
                case .partial: out.append(.partial(tag.name, lead: lead))
                case .parent:
                    let body = try build(events, &index, until: tag, inParentBody: true)
                    out.append(.parent(tag.name, lead: lead, body: body))
                case .block:
                    let place: Place
                    if inParentBody {
                        place = .definition(lead: lead)
                    } else if let lead {
                        place = .ownLine(lead: lead)
                    } else if afterBlanks {
                        place = .afterBlanks
                    } else {
                        place = .midLine
                    }
                    out.append(.block(tag.name, place, try build(events, &index, until: tag, inParentBody: false)))
                }
            }
        }
        guard opening == nil else { throw Failure(description: "unclosed section") }
        return out
    }

    // MARK: - Block reindentation, outermost block first

    /// Each block (but one mid-line after text) loses from its lines the leading whitespace of
    /// its first line; a standalone block's indentation is that first line's (or, without one,
    /// its tag's). After this pass an `.ownLine` place holds the indentation to add.
    static func reindent(_ nodes: [Node]) -> [Node] {
        nodes.map { node in
            switch node {
            case .section(let name, let inverted, let children, let lead):
                return .section(name, inverted: inverted, reindent(children), lead: lead)
            case .parent(let name, let lead, let body):
                return .parent(name, lead: lead, body: reindent(body))
            case .block(let name, var place, var content):
                if case .midLine = place { return .block(name, place, reindent(content)) }
                let first = firstLead(content)
                if let first { content = strip(content, first) }
                if case .ownLine(let lead) = place { place = .ownLine(lead: first ?? lead) }
                return .block(name, place, reindent(content))
            default:
                return node
            }
        }
    }

    /// The leading whitespace of the first source line in `nodes`, kept or standalone (closing
    /// tags excepted), in source order.
    static func firstLead(_ nodes: [Node]) -> String? {
        for node in nodes {
            switch node {
            case .line(let leading): return leading
            case .quiet(let lead): return lead
            case .text, .variable: continue
            case .section(_, _, let children, let lead):
                if let found = lead ?? firstLead(children) { return found }
            case .partial(_, let lead):
                if let lead { return lead }
            case .parent(_, let lead, let body):
                if let found = lead ?? firstLead(body) { return found }
            case .block(_, let place, let content):
                switch place {
                case .definition(let lead?): return lead
                case .ownLine(let lead): return lead
                default: if let found = firstLead(content) { return found }
                }
            }
        }
        return nil
    }

    static func cut(_ text: String, _ prefix: String) -> String {
        let a = Array(text.unicodeScalars)
        let b = Array(prefix.unicodeScalars)
        var n = 0
        while n < a.count, n < b.count, a[n] == b[n] { n += 1 }
        return String(String.UnicodeScalarView(a[n...]))
    }

    static func strip(_ nodes: [Node], _ prefix: String) -> [Node] {
        nodes.map { node in
            switch node {
            case .line(let leading): return .line(leading: cut(leading, prefix))
            case .quiet(let lead): return .quiet(lead: cut(lead, prefix))
            case .text, .variable: return node
            case .section(let name, let inverted, let children, let lead):
                return .section(name, inverted: inverted, strip(children, prefix), lead: lead.map { cut($0, prefix) })
            case .partial(let name, let lead): return .partial(name, lead: lead.map { cut($0, prefix) })
            case .parent(let name, let lead, let body):
                return .parent(name, lead: lead.map { cut($0, prefix) }, body: strip(body, prefix))
            case .block(let name, let place, let content):
                let moved: Place = switch place {
                case .definition(let lead): .definition(lead: lead.map { cut($0, prefix) })
                case .ownLine(let lead): .ownLine(lead: cut(lead, prefix))
                default: place
                }
                return .block(name, moved, strip(content, prefix))
            }
        }
    }
}
