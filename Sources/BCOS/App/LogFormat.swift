import Logging

/// `LOG_FORMAT`: how log lines are written to standard error. `text` (the default) is swift-log's
/// `StreamLogHandler` line for people reading a terminal or `journalctl`; `json` is one JSON
/// object per line for a log shipper (`JSONLogHandler`). An unknown value means `text`.
public enum LogFormat: String, Sendable {
    case text
    case json

    /// The handler for loggers labelled `label`, at `level` (so every logger of the process
    /// follows `LOG_LEVEL`, not only the one the command makes).
    public func handler(label: String, level: Logger.Level) -> any LogHandler {
        switch self {
        case .text:
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        case .json:
            var handler = JSONLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
