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
    /// Time a client has to send a complete request (head and body) once the connection is ready
    /// for one (opened, or the previous response sent). A stalled body gets 408 and is closed.
    public var requestTimeout: TimeAmount
    /// Time a client has to send a complete request head, from the same moment: also the longest
    /// a keep-alive connection may sit idle. Shorter than `requestTimeout`, so sockets opened and
    /// left silent (or trickling a head) give their slot back soon. Over it the connection is closed.
    public var requestHeadTimeout: TimeAmount
    /// Most open connections; further ones are closed at once so the server keeps serving the rest.
    public var maxConnections: Int
    /// Most open connections from one peer address, so one client cannot take every slot of
    /// `maxConnections`. Loopback counts like any address (raise it for benchmarks behind a local
    /// proxy). Over it a new connection is closed at once.
    public var maxConnectionsPerAddress: Int
    /// How long a graceful shutdown waits for in-flight requests before closing what is left.
    public var shutdownGracePeriod: TimeAmount
    /// Compress text responses with gzip when the client accepts it.
    public var enableCompression: Bool
    /// Offer each GET and HEAD to `Responder.respondImmediately` on the event loop first
    /// (`ImmediateResponseHandler`). Off, every request goes the async way; worth it only when
    /// the responder answers many requests at once (the application turns it on with its page
    /// cache), since each declined offer costs a request built and a walk down the chain.
    public var answersImmediately: Bool

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxBodyBytes: Int = 1024 * 1024,
        maxHeaderBytes: Int = 16 * 1024,
        maxHeaderCount: Int = 100,
        requestTimeout: TimeAmount = .seconds(20),
        requestHeadTimeout: TimeAmount = .seconds(10),
        maxConnections: Int = 1024,
        maxConnectionsPerAddress: Int = 64,
        shutdownGracePeriod: TimeAmount = .seconds(20),
        enableCompression: Bool = true,
        answersImmediately: Bool = true
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.requestTimeout = requestTimeout
        self.requestHeadTimeout = requestHeadTimeout
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.shutdownGracePeriod = shutdownGracePeriod
        self.enableCompression = enableCompression
        self.answersImmediately = answersImmediately
    }
}
