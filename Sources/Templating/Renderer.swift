/// Renders compiled nodes into one growing byte buffer.
struct Renderer {
    /// Deepest nesting of partials and parents before rendering stops with an error: a template
    /// that includes itself without end would otherwise overflow the stack.
    static let maxDepth = 100

    let set: TemplateSet
    var output: [UInt8]
    /// The context stack, innermost last.
    var stack: [TemplateValue]
    /// Overrides in effect for blocks (outermost caller wins).
    var blocks: [String: [Node]] = [:]
    /// Added at each source line start while rendering an indented partial, parent or block.
    var indentation: [UInt8] = []
    /// While the output is still this long, line starts add no indentation: content placed in
    /// the middle of a line (an inline partial or block) continues that line, even when its own
    /// source starts a line there.
    var continuesLineAt = -1
    var depth = 0
    /// Section iterations left for this render: nested loops over the data can multiply without
    /// end (30 nested sections over a 3-item list), so a render has a budget.
    var iterationsLeft = Renderer.maxIterations
    static let maxIterations = 1_000_000
    var templateName: String

    init(set: TemplateSet, context: TemplateValue, templateName: String, capacity: Int) {
        self.set = set
        self.output = []
        self.output.reserveCapacity(capacity)
        self.stack = [context]
        self.templateName = templateName
    }

    mutating func render(_ nodes: [Node]) throws(TemplateError) {
        for node in nodes { try render(node) }
    }

    private mutating func render(_ node: Node) throws(TemplateError) {
        switch node {
        case .text(let bytes, _) where indentation.isEmpty:
            // Not binding the line starts here keeps the common case to one array.
            output.append(contentsOf: bytes)

        case .text(let bytes, let lineStarts):
            appendIndented(bytes, lineStarts: lineStarts)

        case .variable(let path, let escaped):
            append(lookup(path), escaped: escaped)

        case .section(let path, let children, let inverted):
            let value = lookup(path)
            if inverted {
                if !value.isTruthy { try render(children) }
                return
            }
            switch value {
            case .null, .bool(false):
                return
            case .bool(true):
                // A truthy non-list is a one-element list: `{{.}}` inside is the value itself.
                stack.append(value)
                try render(children)
                stack.removeLast()
            case .array(let items):
                iterationsLeft -= items.count
                guard iterationsLeft >= 0 else {
                    throw TemplateError(template: templateName, line: 0, column: 0,
                                        message: "more than \(Renderer.maxIterations) section iterations in one render")
                }
                for item in items {
                    stack.append(item)
                    try render(children)
                    stack.removeLast()
                }
            default:
                stack.append(value)
                try render(children)
                stack.removeLast()
            }

        case .partial(let reference, let partialIndentation, let location):
            guard let name = resolve(reference), let template = set.compiled(name) else { return }
            try enter(template, name: name, location: location, indentation: partialIndentation, overrides: nil)

        case .parent(let reference, let overrides, let parentIndentation, let location):
            guard let name = resolve(reference), let template = set.compiled(name) else { return }
            try enter(template, name: name, location: location, indentation: parentIndentation, overrides: overrides)

        case .block(let name, let defaultContent, let blockIndentation, let ownLine):
            // A block argument that contains the same block would expand itself for ever: blocks
            // count towards the same depth limit as partials.
            guard depth < Renderer.maxDepth else {
                throw TemplateError(template: templateName, line: 0, column: 0,
                                    message: "block \"\(name)\" nested more than \(Renderer.maxDepth) deep: an argument includes its own block")
            }
            let content = blocks[name] ?? defaultContent
            let saved = (indentation, continuesLineAt)
            indentation += blockIndentation
            if !ownLine { continuesLineAt = output.count }
            depth += 1
            defer {
                (indentation, continuesLineAt) = saved
                depth -= 1
            }
            try render(content)
        }
    }

    /// Renders another template (a partial or a parent) in the current context.
    private mutating func enter(
        _ nodes: [Node], name: String, location: SourceLocation, indentation extra: [UInt8]?, overrides: [String: [Node]]?
    ) throws(TemplateError) {
        guard depth < Renderer.maxDepth else {
            throw TemplateError(
                template: templateName, line: location.line, column: location.column,
                message: "partials nested more than \(Renderer.maxDepth) deep while including \"\(name)\": a template includes itself without end")
        }
        let saved = (indentation, blocks, templateName, continuesLineAt)
        depth += 1
        if let extra {
            indentation += extra
        } else {
            continuesLineAt = output.count
        }
        if let overrides { blocks.merge(overrides) { outer, _ in outer } }
        templateName = name
        defer {
            depth -= 1
            (indentation, blocks, templateName, continuesLineAt) = saved
        }
        try render(nodes)
    }

    /// Text with the current indentation at each source line start in it. Data never gets
    /// indentation: only the template's own lines are indented, as the spec asks.
    private mutating func appendIndented(_ bytes: [UInt8], lineStarts: [Int]) {
        var runStart = 0
        for lineStart in lineStarts {
            output.append(contentsOf: bytes[runStart..<lineStart])
            if output.count != continuesLineAt { output.append(contentsOf: indentation) }
            runStart = lineStart
        }
        output.append(contentsOf: bytes[runStart...])
    }

    // MARK: - Values

    private func resolve(_ reference: TemplateReference) -> String? {
        switch reference {
        case .named(let name): return name
        case .dynamic(let path):
            if case .string(let name) = lookup(path) { return name }
            return nil
        }
    }

    /// Context-stack lookup: the first name is searched from the innermost context outwards; the
    /// rest of a dotted name is looked up inside what was found, without searching further out.
    func lookup(_ path: Path) -> TemplateValue {
        let components = path.components
        guard !components.isEmpty else { return stack.last ?? .null }
        // Indices rather than iterators: walking a reversed copy of the stack retains every level.
        var level = stack.count - 1
        while level >= 0 {
            if case .object(let members) = stack[level], var value = members[components[0]] {
                var index = 1
                while index < components.count {
                    guard case .object(let inner) = value, let next = inner[components[index]] else { return .null }
                    value = next
                    index += 1
                }
                return value
            }
            level -= 1
        }
        return .null
    }

    private mutating func append(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .null:
            return
        case .string(var text):
            if escaped {
                text.withUTF8 { HTMLEscaping.escape($0, into: &output) }
            } else {
                output.append(contentsOf: text.utf8)
            }
        case .int(let number):
            output.append(contentsOf: String(number).utf8)
        case .double(let number):
            output.append(contentsOf: TemplateValue.format(number).utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .array, .object:
            // Lists and objects have no text form; Mustache renders them as nothing useful.
            return
        }
    }
}

extension TemplateValue {
    /// Numbers as people write them: `3` for 3.0, `1.21` for 1.21.
    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
        return String(number)
    }
}
