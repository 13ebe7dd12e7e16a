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
    /// Static text. `lineStarts` are the offsets where a source line begins (an offset equal to
    /// the count: the line begins with the next node); indentation in effect is added there.
    /// Standalone lines are already gone.
    case text([UInt8], lineStarts: [Int])
    case variable(Path, escaped: Bool)
    case section(Path, [Node], inverted: Bool)
    /// `indentation` is the whitespace before a standalone partial tag, added to each of its
    /// lines; nil when the tag is not standalone (the partial continues the current line).
    case partial(TemplateReference, indentation: [UInt8]?, location: SourceLocation)
    /// A parent with the blocks it overrides; `indentation` as for partials.
    case parent(TemplateReference, blocks: [String: [Node]], indentation: [UInt8]?, location: SourceLocation)
    /// A place a parent's caller may override (or, in a parent's blocks, the content passed).
    /// `ownLine`: the block's line is standalone, so its content starts on a line of its own and
    /// every line gets `indentation`. Otherwise its content continues the current line and only
    /// the lines after the first get `indentation` (the blanks before the tag, if only blanks are).
    case block(String, defaultContent: [Node], indentation: [UInt8], ownLine: Bool)
}

struct SourceLocation: Sendable, Equatable {
    let line: Int
    let column: Int
}
