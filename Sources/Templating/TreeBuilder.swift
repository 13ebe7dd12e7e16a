/// Third pass: nests sections, parents and blocks, checks that closing tags match, and moves
/// block content left where the spec's inheritance module asks for it.
///
/// Reindentation: a block definition inside a parent, and a block placed on a line of its own or
/// after only blanks, loses from each of its lines the leading whitespace of its first line (the
/// first source line that starts inside it); the renderer adds the indentation of the place where
/// the block is expanded. A standalone block with no line of its own inside takes the indentation
/// of its tag.
struct TreeBuilder {
    private typealias Item = StandaloneLines.Item

    private let name: String
    private let items: [Item]
    private var index = 0
    private var nesting = 0
    /// The reindentation prefixes of the blocks being read, outermost first; nil until the
    /// block's first line is seen.
    private var reindents: [[UInt8]?] = []

    static func build(_ items: [StandaloneLines.Item], name: String) throws(TemplateError) -> [Node] {
        var builder = TreeBuilder(name: name, items: items)
        return try builder.nodes(until: nil, inParentBody: false)
    }

    private init(name: String, items: [Item]) {
        self.name = name
        self.items = items
    }

    /// Nodes up to the closing tag of `opening` (or the end of the template when nil). Directly
    /// inside a parent (`inParentBody`) only block definitions matter; the rest is read and dropped.
    private mutating func nodes(until opening: Tag?, inParentBody: Bool) throws(TemplateError) -> [Node] {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maxNesting, let opening {
            throw error(at: opening.location, "sections nested more than \(Parser.maxNesting) deep")
        }
        var nodes: [Node] = []
        var text: [UInt8] = []
        var lineStarts: [Int] = []
        func flush() {
            guard !text.isEmpty || !lineStarts.isEmpty else { return }
            nodes.append(.text(text, lineStarts: lineStarts))
            text = []
            lineStarts = []
        }
        /// The blanks that start the current kept line, while nothing else has followed them.
        var blanksBefore: [UInt8]?

        while index < items.count {
            let item = items[index]
            index += 1
            let onlyBlanksBefore = blanksBefore
            blanksBefore = nil
            switch item {
            case .lineStart(let leading):
                let kept = reindent(leading)
                lineStarts.append(text.count)
                text += kept
                blanksBefore = kept

            case .text(let bytes):
                text += bytes

            case .tag(let tag, let standalone):
                // Closing tags take no indentation, and their line must not set the
                // reindentation of the block they close.
                let indentation = tag.kind == .close ? nil : standalone.map { reindent($0) }
                switch tag.kind {
                case .comment, .delimiters:
                    continue
                case .variable(let escaped):
                    flush()
                    nodes.append(.variable(Path(tag.name), escaped: escaped))
                case .section, .inverted:
                    flush()
                    let children = try self.nodes(until: tag, inParentBody: false)
                    nodes.append(.section(Path(tag.name), children, inverted: tag.kind == .inverted))
                case .close:
                    try check(tag, closes: opening)
                    flush()
                    return nodes
                case .partial:
                    flush()
                    nodes.append(.partial(reference(tag.name), indentation: indentation, location: tag.location))
                case .parent:
                    flush()
                    let body = try self.nodes(until: tag, inParentBody: true)
                    var blocks: [String: [Node]] = [:]
                    for case .block(let blockName, let content, _, _) in body where blocks[blockName] == nil {
                        blocks[blockName] = content
                    }
                    nodes.append(.parent(reference(tag.name), blocks: blocks, indentation: indentation, location: tag.location))
                case .block:
                    flush()
                    nodes.append(try block(tag, definition: inParentBody, standalone: indentation, blanksBefore: onlyBlanksBefore))
                }
            }
        }
        if let opening {
            throw error(at: opening.location, "unclosed section \"\(opening.name)\": no {{/\(opening.name)}} before the end of the template")
        }
        flush()
        return nodes
    }

    /// A block: a definition (an argument passed to a parent), or a place a parent's caller may
    /// fill, with where it stands on its line.
    private mutating func block(_ tag: Tag, definition: Bool, standalone: [UInt8]?, blanksBefore: [UInt8]?) throws(TemplateError) -> Node {
        // Mid-line after text, a block's lines stay as written.
        let reindented = definition || standalone != nil || blanksBefore != nil
        if reindented { reindents.append(nil) }
        let content = try nodes(until: tag, inParentBody: false)
        let firstLine = reindented ? reindents.removeLast() : nil
        if definition { return .block(tag.name, defaultContent: content, indentation: [], ownLine: false) }
        if let standalone { return .block(tag.name, defaultContent: content, indentation: firstLine ?? standalone, ownLine: true) }
        return .block(tag.name, defaultContent: content, indentation: blanksBefore ?? [], ownLine: false)
    }

    /// Removes from a line's leading blanks what the enclosing blocks remove, outermost first; a
    /// block whose first line this is takes what is left as its prefix.
    private mutating func reindent(_ leading: [UInt8]) -> [UInt8] {
        var rest = leading[...]
        for level in reindents.indices {
            if let prefix = reindents[level] {
                var common = 0
                while common < prefix.count, common < rest.count, rest[rest.startIndex + common] == prefix[common] { common += 1 }
                rest = rest.dropFirst(common)
            } else {
                reindents[level] = Array(rest)
                rest = []
            }
        }
        return Array(rest)
    }

    private func check(_ tag: Tag, closes opening: Tag?) throws(TemplateError) {
        guard let opening else {
            throw error(at: tag.location, "closing tag {{/\(tag.name)}} has no matching opening tag")
        }
        guard tag.name == opening.name else {
            throw error(at: tag.location, "closing tag {{/\(tag.name)}} does not match the open section \"\(opening.name)\" (opened at line \(opening.location.line))")
        }
    }

    private func reference(_ raw: String) -> TemplateReference {
        raw.hasPrefix("*") ? .dynamic(Path(String(raw.dropFirst()))) : .named(raw)
    }

    private func error(at location: SourceLocation, _ message: String) -> TemplateError {
        TemplateError(template: name, line: location.line, column: location.column, message: message)
    }
}
