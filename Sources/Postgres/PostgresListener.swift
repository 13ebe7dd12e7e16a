import Foundation
import Logging

/// LISTENs on a channel over its own connection (outside the pool) on a dedicated thread, and
/// reports what happens (`Event`): listening, each NOTIFY with its payload, the connection lost.
/// Reconnects after a lost connection, once a second. `stop()` ends the thread within half a
/// second.
public final class PostgresListener: @unchecked Sendable {
    public enum Event: Sendable, Equatable {
        /// `LISTEN` took effect: from now on no notification of the channel is missed.
        case listening
        case notification(payload: String)
        /// Notifications sent from now until the next `.listening` are lost.
        case connectionLost
        /// `stop()` took effect: nothing more is heard. A connection that fails once `stop()` was
        /// called (the database shutting down with the process) is this, not a loss to report.
        case stopped
    }

    private let configuration: PostgresConfiguration
    private let channel: String
    private let onEvent: @Sendable (Event) -> Void
    private let logger: Logger
    private let stopped = NSLock()
    private var isStopped = false
    private var thread: Thread?

    public init(configuration: PostgresConfiguration, channel: String, logger: Logger, onEvent: @escaping @Sendable (Event) -> Void) {
        precondition(channel.allSatisfy { $0.isLetter || $0 == "_" }, "channel names are plain identifiers")
        self.configuration = configuration
        self.channel = channel
        self.logger = logger
        self.onEvent = onEvent
    }

    /// For a worker that only needs waking: `onNotify` runs on every NOTIFY, and after a
    /// reconnection (work may have arrived meanwhile).
    public convenience init(configuration: PostgresConfiguration, channel: String, logger: Logger, onNotify: @escaping @Sendable () -> Void) {
        let reconnected = OnceFlag()
        self.init(configuration: configuration, channel: channel, logger: logger) { event in
            switch event {
            case .listening: if reconnected.setReturningPrevious() { onNotify() }
            case .notification: onNotify()
            case .connectionLost, .stopped: break
            }
        }
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
        var listening = false
        while !shouldStop {
            do {
                let connection = try PostgresConnection(configuration: configuration, logger: logger)
                try connection.query("LISTEN \(channel)")
                listening = true
                onEvent(.listening)
                while !shouldStop {
                    try connection.waitForInput(timeoutMilliseconds: 500)
                    for notification in connection.notifications() { onEvent(.notification(payload: notification.payload)) }
                }
            } catch {
                if shouldStop { break }
                logger.warning("LISTEN \(channel) lost its connection (\(error)); reconnecting")
                if listening { onEvent(.connectionLost) }
                listening = false
                Thread.sleep(forTimeInterval: 1)
            }
        }
        if listening { onEvent(.stopped) }
    }
}

/// A flag set once, safe across threads (the listener's callbacks run on its thread).
private final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// Sets the flag; returns what it was.
    func setReturningPrevious() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let previous = value
        value = true
        return previous
    }
}
