import Templating

extension ReferenceMustache {
    /// Output in pieces: text, and the indentation written at a source line start (kept apart
    /// so content continuing a line can drop it).
    enum Piece {
        case text(String)
        case indent(String)

        var text: String {
            switch self {
            case .text(let text), .indent(let text): text
            }
        }
    }

    struct Render {
        let reference: ReferenceMustache
        /// Block overrides in effect: the outermost caller's win.
        var blocks: [String: [Node]] = [:]

        init(reference: ReferenceMustache) { self.reference = reference }

        mutating func run(_ nodes: [Node], stack: [TemplateValue], indent: String, depth: Int) throws -> [Piece] {
            guard depth < 100 else { throw Failure(description: "too deep") }
            var out: [Piece] = []
            for (position, node) in nodes.enumerated() {
                switch node {
                case .line(let leading):
                    out += [.indent(indent), .text(leading)]
                case .text(let text):
                    out.append(.text(text))
                case .quiet:
                    continue
                case .variable(let name, let escaped):
                    let text = ReferenceMustache.string(ReferenceMustache.lookup(name, stack))
                    out.append(.text(escaped ? ReferenceMustache.escape(text) : text))
                case .section(let name, let inverted, let children, _):
                    let value = ReferenceMustache.lookup(name, stack)
                    let list: [TemplateValue] = switch value {
                    case .array(let items): items
                    case .null, .bool(false): []
                    default: [value]
                    }
                    if inverted {
                        if list.isEmpty { out += try run(children, stack: stack, indent: indent, depth: depth) }
                    } else {
                        for item in list { out += try run(children, stack: stack + [item], indent: indent, depth: depth) }
                    }
                case .partial(let name, let lead):
                    guard let source = template(name, stack) else { continue }
                    out += try include(try ReferenceMustache.parse(source), lead: lead, stack: stack, indent: indent, depth: depth)
                case .parent(let name, let lead, let body):
                    guard let source = template(name, stack) else { continue }
                    var arguments: [String: [Node]] = [:]
                    for case .block(let blockName, .definition, let content) in body where arguments[blockName] == nil {
                        arguments[blockName] = content
                    }
                    let saved = blocks
                    blocks.merge(arguments) { outer, _ in outer }
                    defer { blocks = saved }
                    out += try include(try ReferenceMustache.parse(source), lead: lead, stack: stack, indent: indent, depth: depth)
                case .block(let name, let place, let defaultContent):
                    let content = blocks[name] ?? defaultContent
                    switch place {
                    case .ownLine(let indentation):
                        out += try run(content, stack: stack, indent: indent + indentation, depth: depth + 1)
                    case .afterBlanks:
                        var blanks = ""
                        if position > 0, case .line(let leading) = nodes[position - 1] { blanks = leading }
                        out += continuing(try run(content, stack: stack, indent: indent + blanks, depth: depth + 1))
                    case .midLine, .definition:
                        out += continuing(try run(content, stack: stack, indent: indent, depth: depth + 1))
                    }
                }
            }
            return out
        }

        /// A partial or parent: standalone, each of its lines gets the tag's indentation;
        /// otherwise it continues the line it is on.
        private mutating func include(_ nodes: [Node], lead: String?, stack: [TemplateValue], indent: String, depth: Int) throws -> [Piece] {
            if let lead { return try run(nodes, stack: stack, indent: indent + lead, depth: depth + 1) }
            return continuing(try run(nodes, stack: stack, indent: indent, depth: depth + 1))
        }

        /// Content in the middle of a line: no indentation before its first character.
        private func continuing(_ pieces: [Piece]) -> [Piece] {
            guard let first = pieces.firstIndex(where: { if case .text(let text) = $0 { !text.isEmpty } else { false } }) else {
                return pieces.filter { if case .text = $0 { true } else { false } }
            }
            return pieces[..<first].filter { if case .text = $0 { true } else { false } } + pieces[first...]
        }

        private func template(_ name: String, _ stack: [TemplateValue]) -> String? {
            if name.hasPrefix("*") {
                guard case .string(let dynamic) = ReferenceMustache.lookup(String(name.dropFirst()), stack) else { return nil }
                return reference.templates[dynamic]
            }
            return reference.templates[name]
        }
    }

    // MARK: - Values, as the interpolation overview says

    /// `.` is the top of the stack. Otherwise the first part of the dotted name is looked up
    /// from the top of the stack down, in the first hash that has it; each further part only in
    /// what the previous one found. Anything missing is null.
    static func lookup(_ name: String, _ stack: [TemplateValue]) -> TemplateValue {
        if name == "." { return stack.last ?? .null }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var found: TemplateValue?
        for context in stack.reversed() {
            if case .object(let hash) = context, let value = hash[parts[0]] {
                found = value
                break
            }
        }
        guard var value = found else { return .null }
        for part in parts.dropFirst() {
            guard case .object(let hash) = value, let next = hash[part] else { return .null }
            value = next
        }
        return value
    }

    static func string(_ value: TemplateValue) -> String {
        switch value {
        case .null, .array, .object: ""
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): text
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
