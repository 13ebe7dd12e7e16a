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

    public var description: String {
        switch self {
        case .connectionFailed(let message): "database unavailable: \(message)"
        case .queryFailed(let state, let message, let detail): "database error \(state): \(message)\(detail.map { " (\($0))" } ?? "")"
        case .decoding(let column, let reason): "cannot decode column \(column): \(reason)"
        case .poolTimeout: "no database connection became free in time"
        case .poolClosed: "the database pool is closed"
        case .invalidParameter(let reason): "invalid query parameter: \(reason)"
        }
    }

    /// True when the database could not be reached or went away: callers answer 503 and retry later.
    public var isUnavailable: Bool {
        switch self {
        case .connectionFailed, .poolTimeout, .poolClosed: true
        // 08xxx connection exceptions, 57P01-57P03 shutdown / cannot connect now.
        case .queryFailed(let state, _, _): state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
        case .decoding, .invalidParameter: false
        }
    }

    /// SQLSTATE 23505: a UNIQUE constraint refused the row.
    public var isUniqueViolation: Bool {
        if case .queryFailed("23505", _, _) = self { return true }
        return false
    }
}
