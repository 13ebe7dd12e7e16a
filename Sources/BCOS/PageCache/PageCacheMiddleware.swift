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
        let response = try await next.respond(to: request)
        // Not after a failure (an error thrown or a 5xx: its transaction rolled back, and during
        // an outage each attempt would queue for a connection), nor while the listener is away
        // (nothing is served from the cache then, and reconnecting empties it). The triggers'
        // own notifications still arrive in any case; this only makes them wait for no one.
        if response.status.code < 500, cache.isListening { sync() }
        return response
    }

    /// Only GET and HEAD are answered at once, and they write nothing.
    func respondImmediately(to request: Request, next: any Responder) -> Response? {
        guard request.method == .GET || request.method == .HEAD else { return nil }
        return next.respondImmediately(to: request)
    }

    private func sync() {
        let number = cache.requestSync()
        let payload = PageChange.syncPayload(instance: cache.instance, number: number)
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
