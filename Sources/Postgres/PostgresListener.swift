import Foundation
import Logging

/// LISTENs on a channel over its own connection (outside the pool) on a dedicated thread, and
/// calls `onNotify` whenever a NOTIFY arrives. Reconnects after a lost connection (the callback
/// is also called then, as work may have arrived meanwhile). `stop()` ends the thread within
/// half a second.
public final class PostgresListener: @unchecked Sendable {
    private let configuration: PostgresConfiguration
    private let channel: String
    private let onNotify: @Sendable () -> Void
    private let logger: Logger
    private let stopped = NSLock()
    private var isStopped = false
    private var thread: Thread?

    public init(configuration: PostgresConfiguration, channel: String, logger: Logger, onNotify: @escaping @Sendable () -> Void) {
        precondition(channel.allSatisfy { $0.isLetter || $0 == "_" }, "channel names are plain identifiers")
        self.configuration = configuration
        self.channel = channel
        self.logger = logger
        self.onNotify = onNotify
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "bcos-listen-\(channel)"
        self.thread = thread
        thread.start()
    }

    public func stop() {
        stopped.lock()
        isStopped = true
        stopped.unlock()
    }

    private var shouldStop: Bool {
        stopped.lock()
        defer { stopped.unlock() }
        return isStopped
    }

    private func run() {
        var connected = false
        while !shouldStop {
            do {
                let connection = try PostgresConnection(configuration: configuration, logger: logger)
                try connection.query("LISTEN \(channel)")
                if connected { onNotify() }
                connected = true
                while !shouldStop {
                    try connection.waitForInput(timeoutMilliseconds: 500)
                    if !connection.notifications().isEmpty { onNotify() }
                }
            } catch {
                logger.warning("LISTEN \(channel) lost its connection (\(error)); reconnecting")
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}
