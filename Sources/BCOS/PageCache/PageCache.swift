import Foundation
import NIOConcurrencyHelpers

/// The rendered public pages of this instance, kept as their final bytes (see `CachedPage`), and
/// never stale: `PageCacheListener` hears every change from PostgreSQL (migration 017's triggers)
/// and drops the pages whose tags it names. Memory is bounded (`PAGE_CACHE_MB`); the least
/// recently used page goes first.
///
/// Three rules keep it correct, each for a way an old page could otherwise be served:
/// - **Nothing is served or kept while the listener is not connected**: a change made then would
///   go unheard. Connecting (again) empties the cache first.
/// - **A page rendered across a change is not kept.** `ticket()` is taken before the render reads
///   the database; `store` refuses the page if a change to one of its tags (or a flush) was heard
///   since, because the render may have read the data from before it.
/// - **This instance's own writes are visible to its next request.** After a write request
///   (`PageCacheMiddleware`) the cache is bypassed until its own `sync` notification comes back;
///   PostgreSQL delivers notifications in commit order, so by then the triggers' ones have arrived.
/// A hit takes one lock and touches no database.
final class PageCache: @unchecked Sendable {
    struct Ticket: Sendable {
        fileprivate let sequence: UInt64
    }

    private final class Node {
        let key: String
        let page: CachedPage
        var newer: Node?
        var older: Node?
        init(key: String, page: CachedPage) {
            self.key = key
            self.page = page
        }
    }

    let capacityBytes: Int
    /// Names this instance's `sync` notifications among those of every instance.
    let instance = UUID().uuidString.lowercased()
    private let metrics: AppMetrics?
    private let lock = NIOLock()
    // Everything below is guarded by `lock`.
    private var entries: [String: Node] = [:]
    private var newest: Node?
    private var oldest: Node?
    private var bytes = 0
    private var byTag: [PageTag: Set<String>] = [:]
    /// Counts invalidations; a ticket remembers the count it was taken at.
    private var sequence: UInt64 = 0
    private var invalidatedAt: [PageTag: UInt64] = [:]
    private var flushedAt: UInt64 = 0
    private var connected = false
    private var syncRequested: UInt64 = 0
    private var syncArrived: UInt64 = 0

    init(capacityBytes: Int, metrics: AppMetrics?) {
        self.capacityBytes = capacityBytes
        self.metrics = metrics
    }

    /// Whether pages are served from the cache now (listener connected, own writes heard back).
    var isServing: Bool { lock.withLock { connected && syncArrived >= syncRequested } }

    /// Whether the listener is connected.
    var isListening: Bool { lock.withLock { connected } }

    var byteCount: Int { lock.withLock { bytes } }
    var count: Int { lock.withLock { entries.count } }

    /// The page kept under `key`, unless it expired at `now`. Counts a hit or a miss, unless
    /// `counted` is false: an immediate answer looks first and counts its hit only once it answers
    /// (`countHit`), so a request it passes on to `serve` is counted once, there.
    func page(_ key: String, now: Date = Date(), counted: Bool = true) -> CachedPage? {
        let found: CachedPage? = lock.withLock {
            guard connected, syncArrived >= syncRequested, let node = entries[key] else { return nil }
            if let expires = node.page.expires, expires <= now {
                remove(node)
                return nil
            }
            moveToNewest(node)
            return node.page
        }
        if counted {
            if found == nil { metrics?.pageCacheMiss() } else { metrics?.pageCacheHit() }
        }
        return found
    }

    func countHit() { metrics?.pageCacheHit() }

    /// Taken before rendering a page that may be stored (see the type's rules).
    func ticket() -> Ticket { lock.withLock { Ticket(sequence: sequence) } }

    /// Keeps `page` under `key` unless a change it depends on was heard since `ticket`, or the
    /// listener is not connected. The oldest pages make room; a page larger than the whole
    /// budget is not kept.
    func store(_ page: CachedPage, under key: String, ticket: Ticket) {
        let size = page.byteCount + key.utf8.count
        let total: Int? = lock.withLock {
            guard connected, size <= capacityBytes, flushedAt <= ticket.sequence,
                  page.tags.allSatisfy({ (invalidatedAt[$0] ?? 0) <= ticket.sequence }) else { return nil }
            if let old = entries[key] { remove(old) }
            let node = Node(key: key, page: page)
            entries[key] = node
            node.older = newest
            newest?.newer = node
            newest = node
            if oldest == nil { oldest = node }
            bytes += size
            for tag in page.tags { byTag[tag, default: []].insert(key) }
            while bytes > capacityBytes, let last = oldest { remove(last) }
            return bytes
        }
        if let total { metrics?.pageCacheBytes(total) }
    }

    /// Drops every page that depends on one of `tags` (a change was heard).
    func invalidate(_ tags: Set<PageTag>) {
        let total: Int = lock.withLock {
            sequence += 1
            for tag in tags {
                invalidatedAt[tag] = sequence
                for key in byTag[tag] ?? [] {
                    if let node = entries[key] { remove(node) }
                }
            }
            return bytes
        }
        metrics?.pageCacheBytes(total)
    }

    /// Drops every page.
    func flush() {
        lock.withLock { flushLocked() }
        metrics?.pageCacheBytes(0)
    }

    /// The listener is listening (again): start empty, then serve.
    func listenerConnected() {
        lock.withLock {
            flushLocked()
            connected = true
        }
        metrics?.pageCacheBytes(0)
    }

    /// The listener lost its connection: changes may go unheard, so serve and keep nothing.
    func listenerLost() {
        lock.withLock {
            flushLocked()
            connected = false
        }
        metrics?.pageCacheBytes(0)
    }

    /// After a write of this instance: bypass the cache until `syncArrived(number)`. Returns
    /// the number to send in the `sync` notification.
    func requestSync() -> UInt64 {
        lock.withLock {
            syncRequested += 1
            return syncRequested
        }
    }

    func syncArrived(_ number: UInt64) {
        lock.withLock { syncArrived = max(syncArrived, number) }
    }

    /// The sync notification could not be sent: nothing tells when the write's notifications
    /// have arrived, so everything is dropped (and renders in flight are not kept) instead.
    func syncFailed(_ number: UInt64) {
        lock.withLock {
            flushLocked()
            syncArrived = max(syncArrived, number)
        }
        metrics?.pageCacheBytes(0)
    }

    private func flushLocked() {
        sequence += 1
        flushedAt = sequence
        entries.removeAll(keepingCapacity: true)
        byTag.removeAll(keepingCapacity: true)
        // Break the list's links so the nodes are freed.
        var node = newest
        while let current = node {
            node = current.older
            current.older = nil
            current.newer = nil
        }
        newest = nil
        oldest = nil
        bytes = 0
    }

    private func remove(_ node: Node) {
        entries[node.key] = nil
        bytes -= node.page.byteCount + node.key.utf8.count
        for tag in node.page.tags {
            byTag[tag]?.remove(node.key)
            if byTag[tag]?.isEmpty == true { byTag[tag] = nil }
        }
        node.newer?.older = node.older
        node.older?.newer = node.newer
        if newest === node { newest = node.older }
        if oldest === node { oldest = node.newer }
        node.newer = nil
        node.older = nil
    }

    private func moveToNewest(_ node: Node) {
        guard newest !== node else { return }
        node.newer?.older = node.older
        node.older?.newer = node.newer
        if oldest === node { oldest = node.newer }
        node.older = newest
        node.newer = nil
        newest?.newer = node
        newest = node
    }
}
