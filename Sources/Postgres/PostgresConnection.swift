import CLibPQ
import Foundation
import Logging

/// One libpq connection. Blocking: the pool only ever calls it from its thread pool, never from a
/// NIO event loop or Swift's cooperative threads, and only one caller holds it at a time.
public final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Statements run since the connection was checked out; the pool uses it to decide whether a
    /// failure on a stale connection is safe to retry on a fresh one.
    var statementsSinceCheckout = 0
    /// Statements prepared on this connection (server-side, for its lifetime), by SQL text.
    private var preparedStatements: [String: String] = [:]
    /// Where the server's NOTICE and WARNING messages go (libpq would print them on standard
    /// error, outside the log format); kept alive as long as the connection.
    private let notices: NoticeSink?

    /// Connects (blocking, bounded by `connectTimeoutSeconds`). `logger` receives the server's
    /// notices: warnings as warnings, the rest (NOTICE, INFO…) at debug level.
    init(configuration: PostgresConfiguration, logger: Logger? = nil) throws {
        // Later keywords override earlier ones, and `dbname` is expanded as a full connection
        // string or URL, so these defaults apply only where DATABASE_URL says nothing.
        let keywords = ["connect_timeout", "application_name", "options", "dbname"]
        let values = [
            String(configuration.connectTimeoutSeconds), configuration.applicationName,
            "-c TimeZone=UTC -c DateStyle=ISO -c client_encoding=UTF8", configuration.connectionString,
        ]
        let keywordPointers = keywords.map { strdup($0) }
        let valuePointers = values.map { strdup($0) }
        defer {
            keywordPointers.forEach { free($0) }
            valuePointers.forEach { free($0) }
        }
        let keys: [UnsafePointer<CChar>?] = keywordPointers.map { $0.map { UnsafePointer($0) } } + [nil]
        let vals: [UnsafePointer<CChar>?] = valuePointers.map { $0.map { UnsafePointer($0) } } + [nil]
        let connection = PQconnectdbParams(keys, vals, 1)
        guard let connection else { throw PostgresError.connectionFailed("out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = PostgresConnection.errorText(connection)
            PQfinish(connection)
            throw PostgresError.connectionFailed(message)
        }
        handle = connection
        notices = logger.map(NoticeSink.init)
        if let notices {
            PQsetNoticeProcessor(connection, { context, message in
                guard let context, let message else { return }
                Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue().receive(String(cString: message))
            }, Unmanaged.passUnretained(notices).toOpaque())
        }
    }

    deinit { PQfinish(handle) }

    /// Runs one statement with `$1…$n` parameters.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> QueryResult {
        statementsSinceCheckout += 1
        return try withCStrings(parameters) { params in
            try consume(PQexecParams(handle, sql, Int32(params.count), nil, params, nil, nil, 0))
        }
    }

    /// The parameters as the C strings libpq takes, valid during `body`.
    private func withCStrings<T>(_ parameters: [any PostgresEncodable], _ body: ([UnsafePointer<CChar>?]) throws -> T) throws -> T {
        let texts = parameters.map(\.postgresText)
        // libpq takes C strings: a NUL would silently cut the value short. Refuse instead.
        if let index = texts.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError.invalidParameter("parameter $\(index + 1) contains a NUL byte")
        }
        let pointers: [UnsafeMutablePointer<CChar>?] = texts.map { $0.flatMap { strdup($0) } }
        defer { pointers.forEach { free($0) } }
        return try body(pointers.map { $0.map { UnsafePointer($0) } })
    }

    /// Runs a statement that is prepared once per connection and reused: PostgreSQL then skips
    /// parsing and planning. For the few hot queries (one per course page).
    @discardableResult
    public func query(prepared sql: String, _ parameters: [any PostgresEncodable] = []) throws -> QueryResult {
        statementsSinceCheckout += 1
        let name: String
        if let existing = preparedStatements[sql] {
            name = existing
        } else {
            name = "bcos_\(preparedStatements.count + 1)"
            _ = try consume(PQprepare(handle, name, sql, Int32(parameters.count), nil))
            preparedStatements[sql] = name
        }
        return try withCStrings(parameters) { params in
            try consume(PQexecPrepared(handle, name, Int32(params.count), params, nil, nil, 0))
        }
    }

    /// Runs a script of several statements without parameters (migrations, demo data).
    public func execute(script sql: String) throws {
        statementsSinceCheckout += 1
        _ = try consume(PQexec(handle, sql))
    }

    /// False once libpq knows the server is gone. Reads any pending input first, so a connection
    /// the server closed while idle (restart, admin shutdown) is noticed before it is reused.
    var isHealthy: Bool {
        _ = PQconsumeInput(handle)
        return PQstatus(handle) == CONNECTION_OK
    }

    /// True outside any transaction block, i.e. safe to hand to the next caller.
    var isIdle: Bool { PQtransactionStatus(handle) == PQTRANS_IDLE }

    /// NOTIFY payloads that arrived, as (channel, payload). Call after `query` or `waitForInput`.
    public func notifications() -> [(channel: String, payload: String)] {
        _ = PQconsumeInput(handle)
        var received: [(String, String)] = []
        while let notify = PQnotifies(handle) {
            received.append((String(cString: notify.pointee.relname), String(cString: notify.pointee.extra)))
            PQfreemem(notify)
        }
        return received
    }

    /// Blocks until the server sends something (a notification) or `timeoutMilliseconds` pass.
    public func waitForInput(timeoutMilliseconds: Int32) throws {
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw PostgresError.connectionFailed("connection has no socket") }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, timeoutMilliseconds)
        if PQconsumeInput(handle) == 0 { throw PostgresError.connectionFailed(PostgresConnection.errorText(handle)) }
    }

    private func consume(_ result: OpaquePointer?) throws -> QueryResult {
        guard let result else { throw PostgresError.connectionFailed(PostgresConnection.errorText(handle)) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            break
        default:
            if PQstatus(handle) != CONNECTION_OK {
                throw PostgresError.connectionFailed(PostgresConnection.errorText(handle))
            }
            let state = field(result, DiagnosticField.sqlState) ?? "XX000"
            let message = field(result, DiagnosticField.primaryMessage) ?? PostgresConnection.errorText(handle)
            throw PostgresError.queryFailed(sqlState: state, message: message, detail: field(result, DiagnosticField.detail))
        }
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var values: [[String?]] = []
        values.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var rowValues: [String?] = []
            rowValues.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    rowValues.append(nil)
                } else {
                    let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                    let pointer = UnsafeRawPointer(PQgetvalue(result, Int32(row), Int32(column)))
                    rowValues.append(pointer.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) })
                }
            }
            values.append(rowValues)
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return QueryResult(columns: columns, values: values, affectedRows: affected)
    }

    private func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        PQresultErrorField(result, code).map { String(cString: $0) }
    }

    private static func errorText(_ connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// libpq's PG_DIAG_* codes are character macros that Swift does not import.
private enum DiagnosticField {
    static let sqlState = Int32(UInt8(ascii: "C"))
    static let primaryMessage = Int32(UInt8(ascii: "M"))
    static let detail = Int32(UInt8(ascii: "D"))
}

/// The server's notices on one connection, as log lines.
final class NoticeSink: Sendable {
    let logger: Logger
    init(_ logger: Logger) { self.logger = logger }

    /// `message` as libpq formats it: `WARNING:  text\n` (possibly with DETAIL lines).
    func receive(_ message: String) {
        // One line (DETAIL and HINT lines joined), so the text format cannot be split either.
        let text = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        if text.hasPrefix("WARNING:") {
            logger.warning("PostgreSQL: \(text)")
        } else {
            logger.debug("PostgreSQL: \(text)")
        }
    }
}
