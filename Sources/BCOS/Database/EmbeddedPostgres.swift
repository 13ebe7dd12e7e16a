import Foundation
import Logging

/// The development database: a PostgreSQL cluster under `.data/postgres`, created with the
/// machine's `initdb` on first use and started/stopped with `pg_ctl`. It listens only on a Unix
/// socket inside `.data/`, so it never clashes with another PostgreSQL on the machine. When the
/// process runs as root (containers, CI), the cluster runs as the `postgres` system user, because
/// PostgreSQL refuses to run as root.
public struct EmbeddedPostgres: Sendable {
    public let directory: URL
    let logger: Logger

    public init(dataDirectory: URL, logger: Logger) {
        self.directory = dataDirectory.appendingPathComponent("postgres")
        self.logger = logger
    }

    var clusterDirectory: URL { directory.appendingPathComponent("cluster") }
    var socketDirectory: URL { directory.appendingPathComponent("socket") }
    var logFile: URL { directory.appendingPathComponent("postgres.log") }
    static let port = 5433

    /// libpq connection string for the embedded cluster.
    public var connectionString: String {
        "host=\(socketDirectory.path) port=\(EmbeddedPostgres.port) dbname=bcos user=bcos"
    }

    /// Creates the cluster if needed, starts it, and makes sure the `bcos` database exists.
    public func start() throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        try handOverToServiceUser(directory)
        let binaries = try EmbeddedPostgres.binaryDirectory()
        if !fileManager.fileExists(atPath: clusterDirectory.appendingPathComponent("PG_VERSION").path) {
            logger.info("creating the embedded PostgreSQL cluster in \(clusterDirectory.path)")
            try run(binaries.appendingPathComponent("initdb"), [
                "-D", clusterDirectory.path, "-U", "bcos", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
            ])
        }
        if try !isRunning(binaries) {
            logger.info("starting the embedded PostgreSQL")
            try run(binaries.appendingPathComponent("pg_ctl"), [
                "-D", clusterDirectory.path, "-l", logFile.path, "-w", "-t", "60",
                "-o", "-k \(socketDirectory.path) -p \(EmbeddedPostgres.port) -c listen_addresses=''",
                "start",
            ])
        }
        // `createdb` fails harmlessly when the database exists.
        try? run(binaries.appendingPathComponent("createdb"), [
            "-h", socketDirectory.path, "-p", String(EmbeddedPostgres.port), "-U", "bcos", "bcos",
        ], quiet: true)
    }

    /// Stops the cluster (fast shutdown: open transactions roll back, data is safe).
    public func stop() {
        guard let binaries = try? EmbeddedPostgres.binaryDirectory() else { return }
        logger.info("stopping the embedded PostgreSQL")
        try? run(binaries.appendingPathComponent("pg_ctl"), ["-D", clusterDirectory.path, "-m", "fast", "-w", "stop"], quiet: true)
    }

    private func isRunning(_ binaries: URL) throws -> Bool {
        (try? run(binaries.appendingPathComponent("pg_ctl"), ["-D", clusterDirectory.path, "status"], quiet: true)) != nil
    }

    /// `/usr/lib/postgresql/<newest>/bin`, or the directory of `pg_ctl` on PATH.
    static func binaryDirectory() throws -> URL {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        if let newest = versions.compactMap(Int.init).max() {
            return root.appendingPathComponent("\(newest)/bin")
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("pg_ctl")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.deletingLastPathComponent() }
        }
        throw EmbeddedPostgresError("PostgreSQL server binaries (initdb, pg_ctl) not found: install the postgresql package")
    }

    private var runsAsRoot: Bool { geteuid() == 0 }

    private func handOverToServiceUser(_ url: URL) throws {
        guard runsAsRoot else { return }
        try run(URL(fileURLWithPath: "/bin/chown"), ["-R", "postgres:postgres", url.path], asServiceUser: false)
        try run(URL(fileURLWithPath: "/bin/chmod"), ["700", url.path], asServiceUser: false)
    }

    @discardableResult
    private func run(_ executable: URL, _ arguments: [String], quiet: Bool = false, asServiceUser: Bool = true) throws -> String {
        let result = runsAsRoot && asServiceUser
            ? try ChildProcess.run("/usr/sbin/runuser", ["-u", "postgres", "--", executable.path] + arguments)
            : try ChildProcess.run(executable.path, arguments)
        guard result.status == 0 else {
            if !quiet { logger.error("\(executable.lastPathComponent) failed: \(result.output)") }
            throw EmbeddedPostgresError("\(executable.lastPathComponent) exited with \(result.status): \(result.output)")
        }
        return result.output
    }
}

public struct EmbeddedPostgresError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
