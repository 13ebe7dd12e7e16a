import Foundation
import HTTPServer
import NIOCore
import NIOHTTP1

/// What a handler knows about a page it rendered, beyond its bytes: what it depends on, until
/// when it is right, and what each visitor gets of their own.
struct PageFacts: Sendable {
    /// The changes that make the page old (see `PageTag`).
    var tags: Set<PageTag>
    /// When time alone makes it old: the next midnight in Casablanca (month lists, the footer's
    /// year) or the start of the first session it lists as upcoming, whichever comes first.
    var expires: Date?
    /// The course whose enrollment form is on the page: each visitor gets a token signed for it.
    var formCourseID: UUID?
    /// A view to count each time the page is served (the conversion report).
    var view: PageView?

    init(tags: Set<PageTag>, sessionStarts: [Date] = [], formCourseID: UUID? = nil, view: PageView? = nil, now: Date = Date()) {
        self.tags = tags
        self.expires = ([PageFacts.nextMidnight(after: now)] + sessionStarts.filter { $0 > now }).min()
        self.formCourseID = formCourseID
        self.view = view
    }

    static func nextMidnight(after date: Date) -> Date { SiteTime.day(containing: date).bounds.upperBound }
}

struct PageView: Sendable, Equatable {
    let courseID: UUID
    let page: PageViewCounter.Page
    let language: Language
}

/// What a handler returns to `CachedPages`: a page (rendered with `PageHoles`' markers in place
/// of the visitor's values) with its facts, or any other answer (a redirect), never cached.
enum PageOutcome: Sendable {
    case page(Response, PageFacts)
    case other(Response)
}

/// A public page as the cache keeps it: its bytes cut at the visitor's holes, gzipped once too.
/// A class: every hit takes it out of the cache under the lock, and a reference is one retain
/// where the value's dozen buffers and arrays were a dozen.
final class CachedPage: Sendable {
    let headers: HTTPHeaders
    let template: PageTemplate
    /// The page gzipped (pieces, see `GzipPieces`); nil when not kept in the cache (the server's
    /// compressor handles that answer) or too small to be worth it.
    let gzip: GzipPieces?
    let facts: PageFacts

    var tags: Set<PageTag> { facts.tags }
    var expires: Date? { facts.expires }

    /// What it costs the cache's budget (the bytes, and a little for the bookkeeping).
    var byteCount: Int { template.byteCount + (gzip?.byteCount ?? 0) + 512 }

    init(_ response: Response, facts: PageFacts, compress: Bool) {
        var headers = response.headers
        // Set per visitor (`CachedPages`), added rather than replaced there.
        for name in ["content-length", "etag", "vary"] { headers.remove(name: name) }
        self.headers = headers
        let bytes = Array(response.body.readableBytesView)
        template = PageTemplate(splitting: bytes)
        self.facts = facts
        // The server's compressor skips small bodies; so does this.
        gzip = compress && bytes.count > 1_024 ? GzipPieces(fixed: template.fixedBytes) : nil
    }
}
