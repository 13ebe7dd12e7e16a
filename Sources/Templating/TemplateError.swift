/// A template problem, located: `public/course:12:5: unclosed section "objectives"`.
/// Parse errors are raised when a template set is compiled (at start-up), so a broken template
/// stops the server before any visitor sees it; render errors (runaway recursion, unknown template)
/// are thrown, never crash.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public let template: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(template: String, line: Int, column: Int, message: String) {
        self.template = template
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(template):\(line):\(column): \(message)" : "\(template): \(message)"
    }
}
