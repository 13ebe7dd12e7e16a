import NIOHTTP1

/// An error that already knows its HTTP status. `message` is for the log, never for the visitor:
/// the application's error pages decide what a visitor reads.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponseStatus
    public var message: String
    public var headers: HTTPHeaders

    public init(_ status: HTTPResponseStatus, _ message: String = "", headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// Escaped (`LogSafe`): messages quote request data, and descriptions end up in log lines.
    public var description: String { "\(status.code) \(status.reasonPhrase)\(message.isEmpty ? "" : ": \(LogSafe.escape(message, limit: 500))")" }
}
