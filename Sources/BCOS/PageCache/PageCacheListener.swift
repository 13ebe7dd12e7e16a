import Foundation
import Logging
import Postgres

/// Connects the page cache to PostgreSQL: LISTENs on `page_cache` (its own connection, outside
/// the pool) and turns what it hears into the cache's state changes. A legal page change also
/// reloads the footer (in every page), then drops every page again, so no page rendered with the
/// old footer while it reloaded stays.
public final class PageCacheListener: Sendable {
    private let listener: PostgresListener

    init(cache: PageCache, footer: LegalFooterCache, database: AppDatabase, configuration: PostgresConfiguration, logger: Logger) {
        listener = PostgresListener(configuration: configuration, channel: PageChange.channel, logger: logger) { event in
            switch event {
            case .listening:
                cache.listenerConnected()
                logger.info("page cache: listening for changes")
            case .connectionLost:
                cache.listenerLost()
                logger.warning("page cache: bypassed until the change listener reconnects")
            case .stopped:
                cache.listenerLost()
                logger.info("page cache: stopped")
            case .notification(let payload):
                switch PageChange(payload: payload) {
                case .tags(let tags):
                    cache.invalidate(tags)
                case .sync(let instance, let number):
                    if instance == cache.instance { cache.syncArrived(number) }
                case .everything:
                    cache.flush()
                    Task {
                        await footer.reload(database)
                        cache.flush()
                    }
                }
            }
        }
    }

    func start() { listener.start() }
    public func stop() { listener.stop() }
}
