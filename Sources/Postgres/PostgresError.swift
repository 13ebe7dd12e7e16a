/// Everything that can go wrong talking to PostgreSQL, with enough detail for the log and a way
/// for the web layer to tell "the database is unreachable" (503) from "this query is wrong" (500).
public enum PostgresError: Error, Sendable, CustomStringConvertible {
    /// Could not connect, or the connection broke: the database is (temporarily) unavailable.
    case connectionFailed(String)
    /// The server rejected a statement. `sqlState` is the five-character SQLSTATE code.
    case queryFailed(sqlState: String, message: String, detail: String?)
    /// A value could not be decoded into the requested Swift type.
    case decoding(column: String, reason: String)
    /// No connection became free within the pool's wait timeout.
    case poolTimeout
    /// The pool has been shut down.
    case poolClosed
    /// A parameter PostgreSQL cannot take as text (it contains a NUL byte).
    case invalidParameter(String)
    /// The connection broke while COMMIT was in flight: the transaction may or may not have been
    /// committed (the server can commit and die before answering). Only the data can tell; see
    /// `PostgresPool.withTransaction`. Counts as unavailable, so an unchecked one still answers 503.
    case commitOutcomeUnknown(String)

    public var description: String {
        switch self {
        case .connectionFailed(let message): "database unavailable: \(message)"
        case .queryFailed(let state, let message, let detail): "database error \(state): \(message)\(detail.map { " (\($0))" } ?? "")"
        case .decoding(let column, let reason): "cannot decode column \(column): \(reason)"
        case .poolTimeout: "no database connection became free in time"
        case .poolClosed: "the database pool is closed"
        case .invalidParameter(let reason): "invalid query parameter: \(reason)"
        case .commitOutcomeUnknown(let message): "commit outcome unknown, the connection broke during COMMIT: \(message)"
        }
    }

    /// True when the database could not be reached or went away: callers answer 503 and retry later.
    /// The request's own values were refused: a NUL byte libpq cannot send, or PostgreSQL's
    /// class 22 "data exception" (a date like `2024-+1-01`, a NUL in jsonb text, an out-of-range
    /// number). The caller sent bad input; the database is fine.
    public var isBadInput: Bool {
        switch self {
        case .invalidParameter: true
        case .queryFailed(let state, _, _): state.hasPrefix("22")
        default: false
        }
    }

    public var isUnavailable: Bool {
        switch self {
        case .connectionFailed, .poolTimeout, .poolClosed, .commitOutcomeUnknown: true
        // 08xxx connection exceptions, 57P01-57P03 shutdown / cannot connect now.
        case .queryFailed(let state, _, _): state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
        case .decoding, .invalidParameter: false
        }
    }

    /// True when a transaction's COMMIT got no definite answer (see `commitOutcomeUnknown`).
    public var isCommitOutcomeUnknown: Bool {
        if case .commitOutcomeUnknown = self { return true }
        return false
    }

    /// SQLSTATE 23505: a UNIQUE constraint refused the row.
    public var isUniqueViolation: Bool {
        if case .queryFailed("23505", _, _) = self { return true }
        return false
    }
}
