import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix

/// The small server: SwiftNIO for sockets and HTTP/1.1 parsing, our own limits and lifecycle.
///
/// Each connection is a child task of one discarding task group (structured concurrency); a
/// connection reads one request at a time, asks the responder, writes the answer. Graceful shutdown
/// goes through NIO's `ServerQuiescingHelper`: stop accepting, let in-flight requests finish, close
/// idle keep-alive connections, and after `shutdownGracePeriod` close whatever is left.
public final class HTTPServer: Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    private let configuration: ServerConfiguration
    private let responder: any Responder
    private let errorPages: any ErrorPageRenderer
    private let logger: Logger
    private let group: any EventLoopGroup
    private let running = NIOLockedValueBox<(ServerQuiescingHelper, Channel)?>(nil)
    private let openConnections = NIOLockedValueBox(OpenConnections())

    public init(
        configuration: ServerConfiguration,
        responder: any Responder,
        errorPages: any ErrorPageRenderer = BareErrorPages(),
        logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.responder = responder
        self.errorPages = errorPages
        self.logger = logger
        self.group = group
    }

    /// Binds, calls `onReady` with the bound port (useful with port 0), and serves until
    /// `shutdownGracefully()` has finished draining.
    public func run(onReady: @Sendable (Int) async -> Void = { _ in }) async throws {
        let quiesce = ServerQuiescingHelper(group: group)
        let configuration = self.configuration
        let serverChannel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiesce.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 4)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try HTTPServer.configurePipeline(channel, configuration)
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        running.withLockedValue { $0 = (quiesce, serverChannel.channel) }
        let port = serverChannel.channel.localAddress?.port ?? configuration.port
        logger.info("listening on http://\(configuration.host):\(port)")
        await onReady(port)

        await withDiscardingTaskGroup { tasks in
            do {
                try await serverChannel.executeThenClose { inbound in
                    for try await connection in inbound {
                        tasks.addTask { await self.serve(connection) }
                    }
                }
            } catch {
                logger.error("accepting connections failed: \(error)")
            }
        }
        logger.info("server stopped")
    }

    /// Stops accepting, waits for in-flight requests (at most `shutdownGracePeriod`), then returns.
    public func shutdownGracefully() async {
        guard let (quiesce, channel) = running.withLockedValue({ $0 }) else { return }
        logger.info("shutting down: draining in-flight requests")
        let done = channel.eventLoop.makePromise(of: Void.self)
        quiesce.initiateShutdown(promise: done)
        let deadline = channel.eventLoop.scheduleTask(in: configuration.shutdownGracePeriod) { [openConnections] in
            for connection in openConnections.withLockedValue({ Array($0.channels.values) }) { connection.close(promise: nil) }
        }
        try? await done.futureResult.get()
        deadline.cancel()
    }

    private static func configurePipeline(_ channel: Channel, _ configuration: ServerConfiguration) throws {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderListSize = configuration.maxHeaderBytes
        limits.maxHeaderFieldSize = configuration.maxHeaderBytes
        limits.maxHeaderFieldCount = configuration.maxHeaderCount
        let pipeline = channel.pipeline.syncOperations
        try pipeline.configureHTTPServerPipeline(
            withPipeliningAssistance: true, withErrorHandling: false,
            withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
        try pipeline.addHandler(ProtocolErrorHandler())
        try pipeline.addHandler(RequestDeadlineHandler(timeout: configuration.requestTimeout, headTimeout: configuration.requestHeadTimeout))
    }

    private func serve(_ connection: Connection) async {
        let channel = connection.channel
        let id = ObjectIdentifier(channel)
        let address = channel.remoteAddress?.ipAddress
        let admission = openConnections.withLockedValue { open in
            open.admit(channel, id: id, address: address, limit: configuration.maxConnections, perAddress: configuration.maxConnectionsPerAddress)
        }
        switch admission {
        case .admitted:
            break
        case .overTotal:
            logger.warning("connection limit reached (\(configuration.maxConnections)): closing a new connection")
            try? await channel.close()
            return
        case .overPerAddress:
            logger.warning("per-address connection limit reached (\(configuration.maxConnectionsPerAddress)) for \(LogSafe.escape(address ?? "?")): closing a new connection")
            try? await channel.close()
            return
        }
        defer { openConnections.withLockedValue { $0.remove(id, address: address) } }

        let exchange = Exchange(
            responder: responder, errorPages: errorPages, logger: logger,
            maxBodyBytes: configuration.maxBodyBytes, remoteAddress: address, compress: configuration.enableCompression)
        do {
            try await connection.executeThenClose { inbound, outbound in
                try await exchange.run(inbound: inbound, outbound: outbound)
            }
        } catch {
            logger.debug("connection ended: \(error)")
        }
    }
}

/// Gzip for text-like answers over 1 KB when the client accepts it, done by `Exchange` on the
/// whole body (instead of NIO's compressor in the pipeline, whose handler sat on every response
/// write, compressed or not). An answer that already has a `Content-Encoding` (a cached page
/// sent gzipped as kept) is left as it is.
public enum Compression {
    /// Whether `Accept-Encoding` takes gzip: named (or `*`) without `q=0`.
    public static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingSpaces.lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
        return false
    }

    /// `response` as sent to a client with this `Accept-Encoding`: gzipped when worth it and
    /// accepted, and marked `Vary: Accept-Encoding` whenever its body depends on it.
    static func apply(to response: inout Response, acceptEncoding: String?, head: Bool) {
        // An answer already encoded (a cached page sent as kept gzipped) is left as it is.
        guard !response.headers.contains(name: "content-encoding"), response.bodyLength > 1_024,
              isTextual(response.headers.first(name: "content-type") ?? "") else { return }
        // Shared caches (a CDN in front of `public, immutable` assets) must key on it.
        if !response.headers["vary"].contains(where: namesAcceptEncoding) { response.headers.add(name: "vary", value: "Accept-Encoding") }
        guard !head, acceptsGzip(acceptEncoding) else { return }
        let bytes = response.bodyParts.isEmpty
            ? Array(response.body.readableBytesView) : response.bodyParts.flatMap { Array($0.readableBytesView) }
        guard let gzip = GzipPieces(fixed: [bytes], level: 6) else { return }
        response.body = ByteBuffer(bytes: gzip.assemble(fills: []))
        response.bodyParts = []
        response.headers.remove(name: "content-length")
        response.headers.add(name: "content-encoding", value: "gzip")
    }

    static func isTextual(_ type: String) -> Bool {
        type.hasPrefix("text/") || type.hasPrefix("application/json") || type.hasPrefix("application/xml")
            || type.hasPrefix("application/javascript") || type.hasPrefix("image/svg+xml")
    }

    /// Whether a `Vary` value lists Accept-Encoding (by bytes: Foundation's `String.contains`
    /// was a visible part of every response).
    static func namesAcceptEncoding(_ vary: String) -> Bool {
        vary.split(separator: ",").contains { name in
            let trimmed = name.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
            let wanted = "accept-encoding".utf8
            return trimmed.count == wanted.count && zip(trimmed, wanted).allSatisfy { ($0 | 0x20) == $1 }
        }
    }
}
