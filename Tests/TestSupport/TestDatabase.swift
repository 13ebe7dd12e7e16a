import Foundation

/// Fresh, empty databases on the throwaway cluster, one per test case that needs isolation.
public enum TestDatabase {
    /// Creates a database with a unique name and returns a libpq connection string for it.
    public static func create(prefix: String = "t") throws -> String {
        let base = try TestEnvironment.databaseURL()
        let name = "\(prefix)_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))"
        try psql(base, "CREATE DATABASE \(name)")
        return "\(base) dbname=\(name)"
    }

    /// Runs SQL through `psql` (used for set-up only; the code under test uses libpq).
    public static func psql(_ connection: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", connection, "-c", sql]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestEnvironment.Missing(variable: "psql failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}
