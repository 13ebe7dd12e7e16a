import Templating

/// Random templates, partials and data for comparing the engine with `ReferenceMustache`.
/// Templates are lists of atoms (a tag, a word, a line ending), so a failing case can be
/// shrunk by deleting atoms. They are heavy on line endings and blanks, where standalone lines
/// live, and always well nested; delimiter changes are tracked so later tags use them.
struct TemplateGenerator {
    struct Case {
        var templates: [String: [String]]
        var data: TemplateValue
    }

    private var random: SeededGenerator
    private var open = "{{"
    private var close = "}}"

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    static let partialNames = ["p1", "p2", "p3"]
    private static let names = ["a", "b", "s", "t", "f", "e", "n", "m", "l", "o", "o.a", "o.b", "l.x", ".", "d", "x"]
    private static let sectionNames = ["l", "o", "t", "f", "e", "n", "m", "a", "s", "o.l", "x", "."]
    private static let words = ["x", "ab", "é", "ع", "|", "\u{200F}", "<", "&", ";", "z"]
    private static let blanks = [" ", "  ", "\t", "    ", " \t"]
    static let strings: [TemplateValue] = [
        "x", "& < > \" '", "مرحبا بكم", "\u{200F}rtl\u{202E}txt", "{{x}}", "{{#t}}b{{/t}}", "a\nb", "  ", "", "<b>é</b>", "&amp;",
    ]

    mutating func next() -> Case {
        var templates: [String: [String]] = [:]
        // p3 includes nothing, p2 only p3, p1 p2 and p3, the main template any: no recursion.
        for (index, name) in TemplateGenerator.partialNames.enumerated().reversed() {
            resetDelimiters()
            let callable = Array(TemplateGenerator.partialNames[(index + 1)...])
            templates[name] = body(depth: 2, partials: callable, blocksOnly: false)
        }
        resetDelimiters()
        templates["t"] = body(depth: 3, partials: TemplateGenerator.partialNames, blocksOnly: false)
        return Case(templates: templates, data: data())
    }

    private mutating func resetDelimiters() {
        open = "{{"
        close = "}}"
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    private func tag(_ sigil: String, _ name: String) -> String { open + sigil + name + close }

    /// A run of atoms. `blocksOnly`: directly inside a parent, where only block definitions,
    /// blanks, line endings, words and comments belong.
    private mutating func body(depth: Int, partials: [String], blocksOnly: Bool) -> [String] {
        var atoms: [String] = []
        for _ in 0..<Int.random(in: 0...(depth > 0 ? 7 : 4), using: &random) {
            let roll = Int.random(in: 0..<100, using: &random)
            switch roll {
            case 0..<22: atoms.append(pick(["\n", "\n", "\n", "\r\n"]))
            case 22..<34: atoms.append(pick(TemplateGenerator.blanks))
            case 34..<42: atoms.append(pick(TemplateGenerator.words))
            case 42..<47: atoms.append(comment())
            case 47..<50 where !blocksOnly: atoms.append(delimiters())
            case 50..<62 where !blocksOnly: atoms.append(interpolation())
            case 62..<80 where depth > 0 && !blocksOnly: atoms += section(depth: depth, partials: partials)
            case 80..<86 where !blocksOnly && !partials.isEmpty: atoms.append(partial(partials))
            case 86..<91 where depth > 0 && !blocksOnly && !partials.isEmpty: atoms += parent(depth: depth, partials: partials)
            case 62..<100 where depth > 0 && blocksOnly: atoms += block(depth: depth, partials: partials)
            case 91..<100 where depth > 0: atoms += block(depth: depth, partials: partials)
            default: atoms.append(pick(TemplateGenerator.words))
            }
        }
        return atoms
    }

    private mutating func comment() -> String {
        tag("!", pick(["", " note ", " a\nb ", "\n", " {{x}} ", " ع "]))
    }

    private mutating func delimiters() -> String {
        let (newOpen, newClose) = pick([("<%", "%>"), ("{{", "}}"), ("[", "]")])
        let atom = open + "=" + newOpen + " " + newClose + "=" + close
        open = newOpen
        close = newClose
        return atom
    }

    private mutating func interpolation() -> String {
        let name = pick(TemplateGenerator.names)
        let spaced = chance(15) ? " \(name) " : name
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return tag("{", name + "}")
        case 1: return tag("&", spaced)
        default: return tag("", spaced)
        }
    }

    private mutating func section(depth: Int, partials: [String]) -> [String] {
        let name = pick(TemplateGenerator.sectionNames)
        let sigil = chance(30) ? "^" : "#"
        var atoms = [tag(sigil, name)]
        atoms += body(depth: depth - 1, partials: partials, blocksOnly: false)
        atoms.append(tag("/", name))
        return atoms
    }

    private mutating func partial(_ partials: [String]) -> String {
        if chance(15) { return tag(">", pick(["*pn", " *pn "])) }
        return tag(">", chance(10) ? "missing" : " " + pick(partials) + " ")
    }

    private mutating func parent(depth: Int, partials: [String]) -> [String] {
        let name = pick(partials)
        var atoms = [tag("<", name)]
        atoms += body(depth: depth - 1, partials: partials, blocksOnly: true)
        atoms.append(tag("/", name))
        return atoms
    }

    private mutating func block(depth: Int, partials: [String]) -> [String] {
        let name = pick(["b1", "b2"])
        var atoms = [tag("$", name)]
        atoms += body(depth: depth - 1, partials: partials, blocksOnly: false)
        atoms.append(tag("/", name))
        return atoms
    }

    // MARK: - Data

    private mutating func scalar() -> TemplateValue {
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return .int(Int.random(in: -3...40, using: &random))
        case 1: return .double(pick([1.5, 2.0, -0.25]))
        case 2: return .bool(chance(50))
        case 3: return .null
        default: return pick(TemplateGenerator.strings)
        }
    }

    private mutating func item(_ depth: Int) -> TemplateValue {
        if depth == 0 || chance(30) { return scalar() }
        var members: [String: TemplateValue] = [:]
        for key in ["a", "x", "s", "l", "t"] where chance(50) {
            members[key] = key == "l" ? list(depth - 1) : (key == "t" ? .bool(chance(60)) : scalar())
        }
        return .object(members)
    }

    private mutating func list(_ depth: Int) -> TemplateValue {
        .array((0..<Int.random(in: 0...3, using: &random)).map { _ in item(depth) })
    }

    private mutating func data() -> TemplateValue {
        var root: [String: TemplateValue] = [
            "t": true, "f": false, "e": [], "n": nil,
            "a": scalar(), "b": scalar(), "s": pick(TemplateGenerator.strings), "d": .double(pick([1.0, 2.5])),
            "l": list(2), "o": .object(["a": scalar(), "b": pick(TemplateGenerator.strings), "l": list(1)]),
            "pn": pick(["p1", "p2", "p3", "nope"]),
        ]
        if chance(30) { root["x"] = item(2) }
        if chance(20) { root["t"] = nil }
        return .object(root)
    }
}

extension TemplateValue {
    /// Compact JSON-like text, for failure messages.
    var debugText: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .int(let number): "\(number)"
        case .double(let number): "\(number)"
        case .string(let text): text.debugDescription
        case .array(let items): "[" + items.map(\.debugText).joined(separator: ",") + "]"
        case .object(let members): "{" + members.keys.sorted().map { "\($0.debugDescription):\(members[$0]?.debugText ?? "")" }.joined(separator: ",") + "}"
        }
    }
}
