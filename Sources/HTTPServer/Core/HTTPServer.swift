import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix

/// The small server: SwiftNIO for sockets and HTTP/1.1 parsing, our own limits and lifecycle.
///
/// Each connection is a child task of one discarding task group (structured concurrency); a
/// connection reads one request at a time, asks the responder, writes the answer. What the
/// responder can answer at once (`Responder.respondImmediately`) is answered on the connection's
/// event loop by `ImmediateResponseHandler`, before the request reaches the task. Graceful shutdown
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
                channel.eventLoop.makeCompletedFuture { try self.accept(channel) }
            }
        running.withLockedValue { $0 = (quiesce, serverChannel.channel) }
        let port = serverChannel.channel.localAddress?.port ?? configuration.port
        logger.info("listening on http://\(configuration.host):\(port)")
        await onReady(port)

        await withDiscardingTaskGroup { tasks in
            do {
                try await serverChannel.executeThenClose { inbound in
                    for try await accepted in inbound {
                        tasks.addTask { await self.serve(accepted) }
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

    /// A new connection, as seen by the server's task: admitted or not, and from where.
    private struct Accepted: Sendable {
        let connection: Connection
        let admission: OpenConnections.Admission
        let address: String?
    }

    /// On the new connection's event loop: counts it against the limits and builds its pipeline.
    /// Admitted here, before any request can be read, so that no request of a connection over
    /// the limits is answered, not even at once.
    private func accept(_ channel: Channel) throws -> Accepted {
        let id = ObjectIdentifier(channel)
        let address = channel.remoteAddress?.ipAddress
        let admission = openConnections.withLockedValue { open in
            open.admit(channel, id: id, address: address, limit: configuration.maxConnections, perAddress: configuration.maxConnectionsPerAddress)
        }
        do {
            try configurePipeline(channel, immediateAnswers: admission == .admitted && configuration.answersImmediately, address: address)
            return Accepted(connection: try Connection(wrappingChannelSynchronously: channel), admission: admission, address: address)
        } catch {
            if admission == .admitted { openConnections.withLockedValue { $0.remove(id, address: address) } }
            throw error
        }
    }

    private func configurePipeline(_ channel: Channel, immediateAnswers: Bool, address: String?) throws {
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
        if immediateAnswers {
            try pipeline.addHandler(ImmediateResponseHandler(
                responder: responder, accessLog: AccessLog(logger: logger), compress: configuration.enableCompression, remoteAddress: address))
        }
    }

    private func serve(_ accepted: Accepted) async {
        let connection = accepted.connection
        let channel = connection.channel
        let address = accepted.address
        switch accepted.admission {
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
        defer { openConnections.withLockedValue { $0.remove(ObjectIdentifier(channel), address: address) } }

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
