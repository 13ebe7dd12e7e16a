import Logging
import NIOConcurrencyHelpers
import NIOPosix

/// A bounded pool of libpq connections. Callers borrow a connection for a synchronous closure that
/// runs on the pool's own threads (libpq blocks; event loops and Swift's cooperative threads must
/// not). A connection found broken is closed and replaced, never handed out again, so the first
/// request after a database restart gets a fresh connection.
public final class PostgresPool: Sendable {
    public let configuration: PostgresConfiguration
    private let threads: NIOThreadPool
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<Lease, any Error>)] = []
        var nextWaiterID = 0
        var closed = false
    }

    /// What a waiting caller is given: a connection to reuse, or the right to open a new one.
    private enum Lease: Sendable {
        case reuse(PostgresConnection)
        case openNew
    }

    public init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        // One thread per connection: a borrowed connection always has a thread to run on.
        threads = NIOThreadPool(numberOfThreads: configuration.maxConnections)
        threads.start()
    }

    /// Runs `body` with a connection. If the connection turns out to be dead before its first
    /// statement succeeded (the server restarted while it sat idle), the body runs once more on a
    /// fresh connection: nothing can have been executed on the dead one.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            let (connection, reused) = try await acquire()
            do {
                let value = try await threads.runIfActive {
                    connection.statementsSinceCheckout = 0
                    return try body(connection)
                }
                release(connection)
                return value
            } catch let error as PostgresError where error.isUnavailable && reused && attempt == 1 && connection.statementsSinceCheckout <= 1 {
                logger.notice("database connection was stale, retrying on a fresh one: \(error)")
                release(connection)
                continue
            } catch {
                release(connection)
                throw error
            }
        }
    }

    /// Runs `body` inside BEGIN … COMMIT; any thrown error rolls the transaction back.
    ///
    /// A broken connection before COMMIT means nothing was committed (the server rolls back an
    /// open transaction whose client went away). A broken connection *during* COMMIT does not: the
    /// server may have made the commit durable and then died before answering (a fast shutdown
    /// waits for no one). That case throws `PostgresError.commitOutcomeUnknown`, so a caller
    /// that can recognise its own rows (an idempotency key) can look and tell the truth. A COMMIT
    /// refused with an ordinary SQL error (a deferred constraint, a serialization failure) is a
    /// definite rollback and is rethrown as it is.
    public func withTransaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withConnection { connection in
            try connection.query("BEGIN")
            let value: T
            do {
                value = try body(connection)
            } catch {
                _ = try? connection.query("ROLLBACK")
                throw error
            }
            do {
                try connection.query("COMMIT")
            } catch let error as PostgresError where error.isUnavailable {
                throw PostgresError.commitOutcomeUnknown(error.description)
            } catch {
                _ = try? connection.query("ROLLBACK")
                throw error
            }
            return value
        }
    }

    /// One statement on any connection.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> QueryResult {
        try await withConnection { try $0.query(sql, parameters) }
    }

    /// One prepared statement on any connection (see `PostgresConnection.query(prepared:)`).
    @discardableResult
    public func query(prepared sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> QueryResult {
        try await withConnection { try $0.query(prepared: sql, parameters) }
    }

    /// What the pool holds at this instant (for `/metrics`); read under the pool's lock, so the
    /// numbers agree with each other.
    public var connectionCounts: PostgresConnectionCounts {
        state.withLockedValue { state in
            PostgresConnectionCounts(
                idle: state.idle.count, inUse: state.open - state.idle.count, waiting: state.waiters.count,
                max: configuration.maxConnections)
        }
    }

    /// Closes idle connections and refuses new work. Borrowed connections close when returned.
    public func shutdown() async {
        let (idle, waiters) = state.withLockedValue { state in
            state.closed = true
            defer {
                state.open -= state.idle.count
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: PostgresError.poolClosed) }
        _ = idle // connections close in deinit
        try? await threads.shutdownGracefully()
    }

    // MARK: - Borrowing

    private func acquire() async throws -> (PostgresConnection, reused: Bool) {
        let lease: Lease = try await nextLease()
        switch lease {
        case .reuse(let connection):
            let healthy = try await threads.runIfActive { connection.isHealthy }
            if healthy { return (connection, true) }
            logger.notice("dropping a broken database connection")
            return (try await openConnection(), false)
        case .openNew:
            return (try await openConnection(), false)
        }
    }

    private func nextLease() async throws -> Lease {
        enum Immediate { case lease(Lease), wait, closed }
        let immediate: Immediate = state.withLockedValue { state in
            if state.closed { return .closed }
            if let connection = state.idle.popLast() { return .lease(.reuse(connection)) }
            if state.open < configuration.maxConnections {
                state.open += 1
                return .lease(.openNew)
            }
            return .wait
        }
        switch immediate {
        case .lease(let lease): return lease
        case .closed: throw PostgresError.poolClosed
        case .wait: return try await waitForLease()
        }
    }

    private func waitForLease() async throws -> Lease {
        let id = state.withLockedValue { state -> Int in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timeout = configuration.acquireTimeout
        let timer = Task { [state] in
            try await Task.sleep(for: timeout)
            let waiter = state.withLockedValue { state -> CheckedContinuation<Lease, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: PostgresError.poolTimeout)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let closed = state.withLockedValue { state -> Bool in
                if state.closed { return true }
                state.waiters.append((id, continuation))
                return false
            }
            if closed { continuation.resume(throwing: PostgresError.poolClosed) }
        }
    }

    /// Opens a connection for a slot already counted in `open`; gives the slot back on failure.
    private func openConnection() async throws -> PostgresConnection {
        do {
            let (configuration, logger) = (self.configuration, self.logger)
            return try await threads.runIfActive { try PostgresConnection(configuration: configuration, logger: logger) }
        } catch {
            releaseSlot()
            throw error
        }
    }

    private func release(_ connection: PostgresConnection) {
        let reusable = connection.isIdle && connection.isHealthy
        let waiter: CheckedContinuation<Lease, any Error>? = state.withLockedValue { state in
            // A waiter takes over the slot: it reuses the connection, or opens a new one in its place.
            if !state.waiters.isEmpty { return state.waiters.removeFirst().continuation }
            if reusable && !state.closed {
                state.idle.append(connection)
            } else {
                state.open -= 1
            }
            return nil
        }
        waiter?.resume(returning: reusable ? .reuse(connection) : .openNew)
    }

    private func releaseSlot() {
        let waiter: CheckedContinuation<Lease, any Error>? = state.withLockedValue { state in
            if !state.waiters.isEmpty { return state.waiters.removeFirst().continuation }
            state.open -= 1
            return nil
        }
        waiter?.resume(returning: .openNew)
    }
}

/// A snapshot of a pool's connections: `idle` ones wait to be borrowed, `inUse` ones are borrowed
/// or being opened (so `idle + inUse` never exceeds `max`); `waiting` callers wait for one.
public struct PostgresConnectionCounts: Sendable, Equatable {
    public let idle: Int
    public let inUse: Int
    public let waiting: Int
    public let max: Int
}
