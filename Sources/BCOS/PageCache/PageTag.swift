import Foundation

/// What a cached page depends on, as the invalidation triggers name it (migration 017): a change
/// to a course, a category, or anything a list of courses shows. A legal page (in every footer)
/// or a `TRUNCATE` drops every page instead (`PageChange.everything`).
enum PageTag: Hashable, Sendable {
    /// Home, catalog pages and the sitemap: any course, category, session or landing page change.
    case catalog
    /// A course's own pages (course and landing page): the course, its sessions and their seats, its landing pages.
    case course(UUID)
    /// Pages that show a category's name: the course pages of its courses.
    case category(UUID)
}

/// One NOTIFY on the `page_cache` channel, read from its payload. Anything unreadable drops
/// everything: a notification we do not understand must never leave an old page in place.
enum PageChange: Equatable, Sendable {
    case tags(Set<PageTag>)
    case everything
    /// `sync:<instance>:<n>`: an instance's marker that every change it committed before has arrived.
    case sync(instance: String, number: UInt64)

    static let channel = "page_cache"

    /// The payload of a `.sync` notification.
    static func syncPayload(instance: String, number: UInt64) -> String { "sync:\(instance):\(number)" }

    init(payload: String) {
        if payload.hasPrefix("sync:") {
            let parts = payload.split(separator: ":")
            if parts.count == 3, let number = UInt64(parts[2]) {
                self = .sync(instance: String(parts[1]), number: number)
                return
            }
            self = .everything
            return
        }
        var tags = Set<PageTag>()
        for item in payload.split(separator: ",") {
            let parts = item.split(separator: ":", maxSplits: 1)
            switch (parts.first, parts.count == 2 ? UUID(uuidString: String(parts[1])) : nil) {
            case ("catalog", nil) where parts.count == 1: tags.insert(.catalog)
            case ("course", let id?): tags.insert(.course(id))
            case ("category", let id?): tags.insert(.category(id))
            default:
                self = .everything
                return
            }
        }
        self = tags.isEmpty ? .everything : .tags(tags)
    }
}
