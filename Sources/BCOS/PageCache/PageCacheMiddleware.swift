import HTTPServer
import Logging

/// Makes this instance's own writes show on its next request: after any request that may have
/// written (anything but GET and HEAD), the cache is bypassed until a `sync` notification sent
/// now comes back through the listener — PostgreSQL delivers notifications in commit order, so
/// the triggers' notifications of the write have been heard by then (see `PageCache`).
struct PageCacheMiddleware: Middleware {
    let cache: PageCache
    let database: AppDatabase
    let logger: Logger

    func respond(to request: Request, next: any Responder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD else { return try await next.respond(to: request) }
        defer { sync() }
        return try await next.respond(to: request)
    }

    private func sync() {
        let number = cache.requestSync()
        let payload = "sync:\(cache.instance):\(number)"
        Task { [cache, database, logger] in
            do {
                try await database.run { try $0.pageCache.notify(payload) }
            } catch {
                logger.notice("page cache: sync notification not sent (\(error)); every page dropped instead")
                cache.syncFailed(number)
            }
        }
    }
}
