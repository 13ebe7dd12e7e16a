/// Compiles template source into nodes, in three passes: `Lexer` (bytes → tokens, delimiters
/// applied), `StandaloneLines` (which source lines are standalone, decided before any tree
/// exists) and `TreeBuilder` (tokens → nested nodes, block reindentation). All whitespace work
/// happens here, once per template; rendering only copies bytes.
enum Parser {
    static let maxNesting = 200

    static func parse(_ source: String, name: String) throws(TemplateError) -> [Node] {
        let tokens = try Lexer.tokens(Array(source.utf8), name: name)
        return try TreeBuilder.build(StandaloneLines.items(tokens), name: name)
    }
}
