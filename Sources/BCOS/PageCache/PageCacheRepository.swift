import Postgres

/// The page cache's one statement: a notification of its own on `page_cache` (the triggers of
/// migration 017 send the others).
struct PageCacheRepository {
    let connection: PostgresConnection

    func notify(_ payload: String) throws {
        _ = try connection.query("SELECT pg_notify('\(PageChange.channel)', $1)", [payload])
    }
}
