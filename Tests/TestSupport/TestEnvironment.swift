import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The throwaway PostgreSQL cluster that `scripts/test` starts. Tests that need a database fail,
/// never skip, when it is missing.
public enum TestEnvironment {
    public struct Missing: Error, CustomStringConvertible {
        public let variable: String
        public init(variable: String) { self.variable = variable }
        public var description: String {
            "\(variable) is not set: run the tests through ./scripts/test, which starts a throwaway PostgreSQL cluster"
        }
    }

    public static func require(_ variable: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else { throw Missing(variable: variable) }
        return value
    }

    /// `postgres://…` of the test cluster's maintenance database.
    public static func databaseURL() throws -> String { try require("BCOS_TEST_DATABASE_URL") }

    /// Runs `pg_ctl` on the test cluster (to stop and start it in outage tests). `system` rather
    /// than `Process`: the server that `pg_ctl start` leaves running inherits the child's
    /// descriptors, which would keep a pipe-based wait hanging.
    public static func pgctl(_ arguments: [String]) throws {
        let script = try require("BCOS_TEST_PGCTL")
        let command = ([script] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system(command + " >/dev/null 2>&1")
        guard status == 0 else { throw Missing(variable: "pg_ctl \(arguments.joined(separator: " ")) failed with status \(status)") }
    }

    /// The repository root (for Templates/, Public/, migrations/).
    public static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }
}
