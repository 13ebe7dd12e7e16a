import NIOCore

/// Everything the small server needs to know before it binds. Limits default to values that suit a
/// public website: pages and forms are small, uploads (cover images) stay under a few megabytes.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Largest accepted request body for routes that declare no limit of their own (see
    /// `Router.add(_:_:maxBodyBytes:_:)`); a bigger `Content-Length` or stream is answered with
    /// 413 before it is read. Small on purpose: a route that takes uploads raises its own limit.
    public var maxBodyBytes: Int
    /// Largest accepted header block (all names and values); over it the answer is 431.
    public var maxHeaderBytes: Int
    /// Most header fields in one request; over it the answer is 431.
    public var maxHeaderCount: Int
    /// Time a client has to send a complete request (head and body) once it starts, and the
    /// longest a keep-alive connection may sit idle. Slow or stalled clients get 408 and are closed.
    public var requestTimeout: TimeAmount
    /// Most open connections; further ones are closed at once so the server keeps serving the rest.
    public var maxConnections: Int
    /// How long a graceful shutdown waits for in-flight requests before closing what is left.
    public var shutdownGracePeriod: TimeAmount
    /// Compress text responses with gzip when the client accepts it.
    public var enableCompression: Bool

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxBodyBytes: Int = 1024 * 1024,
        maxHeaderBytes: Int = 16 * 1024,
        maxHeaderCount: Int = 100,
        requestTimeout: TimeAmount = .seconds(20),
        maxConnections: Int = 1024,
        shutdownGracePeriod: TimeAmount = .seconds(20),
        enableCompression: Bool = true
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
        self.shutdownGracePeriod = shutdownGracePeriod
        self.enableCompression = enableCompression
    }
}
