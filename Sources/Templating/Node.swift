/// A name as written in a tag, split once at compile time: `course.title` → ["course", "title"];
/// `.` is the implicit iterator (the current context).
struct Path: Sendable, Equatable {
    let components: [String]
    var isImplicit: Bool { components.isEmpty }
    let text: String

    init(_ text: String) {
        self.text = text
        components = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}

/// Which template a partial or parent tag names: fixed, or looked up in the context (`{{>*name}}`).
enum TemplateReference: Sendable, Equatable {
    case named(String)
    case dynamic(Path)
}

/// The compiled form of a template: a tree of nodes with static text as ready-to-copy bytes.
indirect enum Node: Sendable {
    case text([UInt8])
    case variable(Path, escaped: Bool)
    case section(Path, [Node], inverted: Bool)
    /// `indentation` is the whitespace before a standalone partial tag, added to each of its lines.
    case partial(TemplateReference, indentation: [UInt8], location: SourceLocation)
    /// A parent with the blocks it overrides.
    case parent(TemplateReference, blocks: [String: [Node]], indentation: [UInt8], location: SourceLocation)
    /// A place a parent's caller may override. `indentFirstLine` is set for standalone blocks,
    /// whose content starts on a line of its own.
    case block(String, defaultContent: [Node], indentation: [UInt8], indentFirstLine: Bool)
}

struct SourceLocation: Sendable, Equatable {
    let line: Int
    let column: Int
}
