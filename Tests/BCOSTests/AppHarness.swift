@testable import BCOS
import Foundation
import HTTPServer
import Logging
import TestSupport
import XCTest

/// The real application against a fresh database on the throwaway cluster, served by the real
/// server on an ephemeral 127.0.0.1 port.
final class AppHarness: @unchecked Sendable {
    let app: Application
    let server: HTTPServer
    let databaseURL: String
    private(set) var port = 0
    private var task: Task<Void, Error>?
    private var pageCacheListener: PageCacheListener?

    /// `logger`: the application's (errors only to the console by default); a test that reads
    /// log lines passes one with its own handler.
    static func start(
        demoData: Bool = true, server serverConfiguration: ServerConfiguration = ServerConfiguration(), logger: Logger? = nil,
        sharing other: AppHarness? = nil, configure: (inout AppConfiguration) -> Void = { _ in }
    ) async throws -> AppHarness {
        // `sharing`: a second instance on the first one's database (as several web instances run).
        let url = try other?.databaseURL ?? TestDatabase.create(prefix: "app")
        var configuration = AppConfiguration.fromEnvironment([:])
        configuration.databaseURL = url
        configuration.rootDirectory = TestEnvironment.repositoryRoot
        configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("bcos-data-\(UUID().uuidString)")
        configuration.baseURL = "http://127.0.0.1"
        configuration.secretKey = "test-secret-key-0123456789abcdef0123456789"
        configuration.accessLog = false
        // The fake CRM, SMTP and Gemini servers of the tests listen on loopback.
        configuration.outboundAllow = "127.0.0.1/32"
        configure(&configuration)
        let logger = logger ?? {
            var quiet = Logger(label: "test-app")
            quiet.logLevel = .error
            return quiet
        }()
        let app = try await Application.bootstrap(configuration, logger: logger)
        if demoData {
            try await DemoData(migrationsDirectory: configuration.migrationsDirectory, dataDirectory: configuration.dataDirectory, logger: logger)
                .loadIfEmpty(app.pool)
        }
        var serverConfiguration = serverConfiguration
        serverConfiguration.port = 0
        return try await AppHarness(app: app, databaseURL: url, serverConfiguration: serverConfiguration)
    }

    private init(app: Application, databaseURL: String, serverConfiguration: ServerConfiguration) async throws {
        self.app = app
        self.databaseURL = databaseURL
        // The page cache serves once its listener is connected: wait for it, so that every test
        // runs with the cache as production does (PAGE_CACHE=off aside).
        pageCacheListener = app.startPageCache()
        if let cache = app.pageCache {
            let deadline = Date().addingTimeInterval(10)
            while !cache.isServing, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        }
        server = app.makeServer(serverConfiguration)
        let ready = AsyncStream<Int>.makeStream()
        task = Task { [server] in try await server.run { ready.continuation.yield($0) } }
        for await bound in ready.stream {
            port = bound
            break
        }
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> HTTPTestResponse {
        let port = self.port
        return try await blocking { try TestHTTP.get(port: port, path, headers: headers) }
    }

    /// Waits until every change committed so far (by any connection, psql-style SQL included)
    /// has reached this instance's page cache: a `sync` notification sent now has come back.
    func settlePageCache() async throws {
        guard let cache = app.pageCache else { return }
        let number = cache.requestSync()
        try await app.database.run { try $0.pageCache.notify(PageChange.syncPayload(instance: cache.instance, number: number)) }
        let deadline = Date().addingTimeInterval(10)
        while !cache.isServing, Date() < deadline { try await Task.sleep(for: .milliseconds(2)) }
    }

    func stop() async {
        pageCacheListener?.stop()
        await server.shutdownGracefully()
        _ = try? await task?.value
        await app.shutdown()
    }
}

/// Demo course identifiers from migrations/demo/demo_data.sql.
enum Demo {
    static var publishedSlug: String { "management-d-equipe-et-leadership" }
}
