/// First pass of compilation: template bytes become a flat list of tokens — text, line endings
/// and tags — with every tag's source location. Delimiter changes (`{{=<% %>=}}`) are applied
/// here, so later passes never look at delimiters. Line endings (`\n`, `\r\n`) are tokens of their
/// own, and text never spans one, which is what lets the next pass reason about source lines.
/// A tag may span lines (a multi-line comment); it stays one token.
enum Token {
    case text([UInt8])
    case newline([UInt8])
    case tag(Tag)
}

struct Tag {
    enum Kind: Equatable {
        case variable(escaped: Bool)
        case section
        case inverted
        case close
        case comment
        case delimiters
        case partial
        case parent
        case block
    }

    let kind: Kind
    /// The name as written, trimmed; empty for comments and delimiter changes.
    let name: String
    let location: SourceLocation

    /// Interpolations are the only tags that produce output on their line, so they are the only
    /// ones that can never be standalone.
    var isInterpolation: Bool {
        if case .variable = kind { return true }
        return false
    }
}

struct Lexer {
    private let name: String
    private let bytes: [UInt8]
    private var position = 0
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    /// Line and start offset of the line at `position`, kept up to date as text is consumed so a
    /// tag's location costs nothing to compute.
    private var line = 1
    private var lineStart = 0
    /// The last column computed on the current line, so a long line is counted once, not once per tag.
    private var counted = (offset: 0, column: 1)
    private var tokens: [Token] = []

    static func tokens(_ bytes: [UInt8], name: String) throws(TemplateError) -> [Token] {
        var lexer = Lexer(name: name, bytes: bytes)
        try lexer.run()
        return lexer.tokens
    }

    private init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    private mutating func run() throws(TemplateError) {
        var textStart = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x0A || (byte == 0x0D && position + 1 < bytes.count && bytes[position + 1] == 0x0A) {
                flushText(from: textStart)
                let length = byte == 0x0A ? 1 : 2
                tokens.append(.newline(Array(bytes[position..<position + length])))
                position += length
                line += 1
                lineStart = position
                textStart = position
            } else if byte == open[0], matches(open, at: position) {
                flushText(from: textStart)
                try readTag()
                textStart = position
            } else {
                position += 1
            }
        }
        flushText(from: textStart)
    }

    private mutating func flushText(from start: Int) {
        if position > start { tokens.append(.text(Array(bytes[start..<position]))) }
    }

    /// Reads one tag starting at the opening delimiter.
    private mutating func readTag() throws(TemplateError) {
        let location = SourceLocation(line: line, column: column(of: position))
        counted = (position, location.column)
        let tagStart = position
        position += open.count
        guard position < bytes.count else { throw error(at: location, "unclosed tag: no \(text(close)) before the end") }
        let sigil = bytes[position]
        let kind: Tag.Kind
        var name = ""
        switch sigil {
        case UInt8(ascii: "#"): kind = .section
        case UInt8(ascii: "^"): kind = .inverted
        case UInt8(ascii: "/"): kind = .close
        case UInt8(ascii: ">"): kind = .partial
        case UInt8(ascii: "<"): kind = .parent
        case UInt8(ascii: "$"): kind = .block
        case UInt8(ascii: "&"): kind = .variable(escaped: false)
        case UInt8(ascii: "{"): kind = .variable(escaped: false)
        case UInt8(ascii: "!"): kind = .comment
        case UInt8(ascii: "="): kind = .delimiters
        default: kind = .variable(escaped: true)
        }
        if case .variable(escaped: true) = kind {} else { position += 1 }

        switch sigil {
        case UInt8(ascii: "!"):
            guard let end = find(close, from: position) else { throw error(at: location, "unclosed comment") }
            position = end + close.count
        case UInt8(ascii: "="):
            try readDelimiters(location)
        case UInt8(ascii: "{"):
            name = try readName(location, terminator: [UInt8(ascii: "}")] + close)
        case UInt8(ascii: ">"), UInt8(ascii: "<"):
            name = try readReference(location)
        default:
            name = try readName(location, terminator: close)
        }
        // Tags may contain line breaks (comments); keep the line count right for later tags.
        for index in tagStart..<position where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        tokens.append(.tag(Tag(kind: kind, name: name, location: location)))
    }

    /// The tag's name up to `terminator`, trimmed; it may not be empty or contain whitespace.
    private mutating func readName(_ location: SourceLocation, terminator: [UInt8]) throws(TemplateError) -> String {
        guard let stop = find(terminator, from: position) else {
            throw error(at: location, "unclosed tag: expected \(text(terminator))")
        }
        let name = String(decoding: bytes[position..<stop], as: UTF8.self).trimmingBlanks
        position = stop + terminator.count
        guard !name.isEmpty else { throw error(at: location, "empty tag name") }
        guard !name.contains(where: Lexer.isWhitespace) else {
            throw error(at: location, "tag name \"\(name)\" contains whitespace")
        }
        return name
    }

    /// A partial or parent name; `*name` (a dynamic name) may have blanks after the star.
    private mutating func readReference(_ location: SourceLocation) throws(TemplateError) -> String {
        guard let stop = find(close, from: position) else {
            throw error(at: location, "unclosed tag: expected \(text(close))")
        }
        var raw = String(decoding: bytes[position..<stop], as: UTF8.self).trimmingBlanks
        position = stop + close.count
        if raw.hasPrefix("*") {
            raw = "*" + String(raw.dropFirst()).trimmingBlanks
            guard raw.count > 1 else { throw error(at: location, "dynamic name without a name after *") }
        }
        guard !raw.isEmpty else { throw error(at: location, "empty partial name") }
        guard !raw.contains(where: Lexer.isWhitespace) else {
            throw error(at: location, "partial name \"\(raw)\" contains whitespace")
        }
        return raw
    }

    /// `{{=<% %>=}}`: two new delimiters, separated by whitespace, without `=` or whitespace inside.
    private mutating func readDelimiters(_ location: SourceLocation) throws(TemplateError) {
        guard let stop = find([UInt8(ascii: "=")] + close, from: position) else {
            throw error(at: location, "bad delimiter change: expected =\(text(close))")
        }
        let parts = String(decoding: bytes[position..<stop], as: UTF8.self).split(whereSeparator: Lexer.isWhitespace)
        guard parts.count == 2, !parts[0].contains("="), !parts[1].contains("=") else {
            throw error(at: location, "bad delimiter change: write it as {{=<open> <close>=}} with two delimiters")
        }
        position = stop + 1 + close.count
        open = Array(parts[0].utf8)
        close = Array(parts[1].utf8)
    }

    // MARK: - Helpers

    private static func isWhitespace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\r\n"
    }

    private func text(_ delimiter: [UInt8]) -> String { String(decoding: delimiter, as: UTF8.self) }

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

    /// Columns count characters, not bytes, so an editor shows the same column. Counting resumes
    /// from the previous tag on the same line (tags start with ASCII, so no character is split).
    private func column(of offset: Int) -> Int {
        let (from, column) = counted.offset >= lineStart ? counted : (lineStart, 1)
        return column + String(decoding: bytes[from..<offset], as: UTF8.self).count
    }

    private func error(at location: SourceLocation, _ message: String) -> TemplateError {
        TemplateError(template: name, line: location.line, column: location.column, message: message)
    }
}

extension String {
    var trimmingBlanks: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" || first == "\r\n" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" || last == "\r\n" { scalars.removeLast() }
        return String(scalars)
    }
}
