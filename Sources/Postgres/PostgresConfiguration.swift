/// Where and how to connect. `DATABASE_URL` may be a `postgres://user:pass@host:port/db` URL or a
/// libpq `key=value` string; libpq understands both, so it is passed through unchanged.
public struct PostgresConfiguration: Sendable {
    public var connectionString: String
    /// Most connections the pool opens.
    public var maxConnections: Int
    /// How long a caller waits for a free connection before `PostgresError.poolTimeout`.
    public var acquireTimeout: Duration
    /// Seconds libpq waits for a connection to be established.
    public var connectTimeoutSeconds: Int
    public var applicationName: String

    public init(
        connectionString: String, maxConnections: Int = 10, acquireTimeout: Duration = .seconds(5),
        connectTimeoutSeconds: Int = 5, applicationName: String = "bcos"
    ) {
        self.connectionString = connectionString
        self.maxConnections = max(1, maxConnections)
        self.acquireTimeout = acquireTimeout
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.applicationName = applicationName
    }

    /// The connection string with any password replaced, for logs.
    public var redacted: String {
        var text = connectionString
        // URL form: scheme://user:password@host
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") {
            let credentials = text[scheme.upperBound..<at]
            if let colon = credentials.firstIndex(of: ":") {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        // key=value form: password=...
        if let range = text.range(of: "password=") {
            let end = text[range.upperBound...].firstIndex(of: " ") ?? text.endIndex
            text.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return text
    }
}
