import HTTPServer
import NIOHTTP1

/// `/healthz`: the process answers. `/readyz`: the database answers and every migration file is
/// applied with its current checksum — what a load balancer should wait for.
struct HealthRoutes: Sendable {
    let database: AppDatabase
    let expectedMigrations: [Migrator.Migration]

    func register(_ router: inout Router) {
        router.get("/healthz") { _ in
            var response = Response.text("ok\n")
            response.headers.add(name: "cache-control", value: "no-store")
            return response
        }
        router.get("/readyz") { _ in
            var response: Response
            do {
                let applied = try await database.run { try $0.schemaMigrations.applied() }
                let missing = expectedMigrations.filter { applied[$0.name] != $0.checksum }.map(\.name)
                response = missing.isEmpty
                    ? .text("ready\n")
                    : .text("not ready: migrations pending: \(missing.joined(separator: ", "))\n", status: .serviceUnavailable)
            } catch {
                response = .text("not ready: database unavailable\n", status: .serviceUnavailable)
            }
            response.headers.add(name: "cache-control", value: "no-store")
            return response
        }
    }
}
