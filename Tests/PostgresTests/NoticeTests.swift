import Foundation
import Logging
import NIOConcurrencyHelpers
import Postgres
import TestSupport
import XCTest

/// The server's NOTICE and WARNING messages go to the pool's logger (warnings as warnings, the
/// rest at debug level), not raw to standard error where they would break `LOG_FORMAT=json`.
final class NoticeTests: XCTestCase {
    struct Recorder: LogHandler {
        let lines: NIOLockedValueBox<[(Logger.Level, String)]>
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { lines.withLockedValue { $0.append((event.level, event.message.description)) } }
    }

    func testNoticesAndWarningsAreLogLines() async throws {
        let lines = NIOLockedValueBox<[(Logger.Level, String)]>([])
        var logger = Logger(label: "test") { _ in Recorder(lines: lines) }
        logger.logLevel = .trace
        let pool = PostgresPool(configuration: PostgresConfiguration(connectionString: try TestDatabase.create(prefix: "pg")), logger: logger)
        _ = try await pool.query("DO $$ BEGIN RAISE NOTICE 'just so you know'; RAISE WARNING 'careful:%two lines', E'\\n'; END $$")
        await pool.shutdown()
        let recorded = lines.withLockedValue { $0 }.filter { $0.1.hasPrefix("PostgreSQL:") }
        XCTAssertEqual(recorded.map(\.0), [.debug, .warning])
        XCTAssertEqual(recorded.first?.1, "PostgreSQL: NOTICE:  just so you know")
        XCTAssertEqual(recorded.last?.1, "PostgreSQL: WARNING:  careful: two lines", "one line")
    }
}
