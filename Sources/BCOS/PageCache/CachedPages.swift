import Crypto
import Foundation
import HTTPServer
import NIOCore
import NIOHTTP1

/// How every public page is served: from the cache when it holds the page, otherwise rendered by
/// the handler (and kept), then finished per visitor — a fresh form token, their tracking inputs,
/// the view counted, gzip when accepted, and the ETag with its 304.
///
/// With `PAGE_CACHE=off` (`cache` nil) pages take the same path without being kept, so what a
/// visitor receives does not depend on the setting.
struct CachedPages: Sendable {
    let cache: PageCache?
    let database: AppDatabase
    let tokens: SubmissionTokenSigner
    let views: PageViewCounter
    let baseURL: String

    /// `key` names the page: everything its bytes depend on that the request says (path,
    /// language, the normalised query); nil for a page never kept. `render` runs on a miss.
    func serve(_ request: Request, key: String?, render: () async throws -> PageOutcome) async throws -> Response {
        let cache = key == nil ? nil : self.cache
        if let cache, let key, let page = cache.page(key) { return try await answer(request, page) }
        let ticket = cache?.ticket()
        switch try await render() {
        case .other(let response):
            return response
        case .page(let response, let facts):
            // Gzipped once only for a page that is kept (not while the listener is away: the
            // exchange compresses what is sent once).
            let keep = response.status == .ok && cache?.isListening == true
            let page = CachedPage(response, facts: facts, compress: keep)
            if keep, let cache, let key, let ticket { cache.store(page, under: key, ticket: ticket) }
            return try await answer(request, page)
        }
    }

    /// The page for this visitor.
    private func answer(_ request: Request, _ page: CachedPage) async throws -> Response {
        let facts = page.facts
        if let view = facts.view { views.record(courseID: view.courseID, page: view.page, language: view.language) }
        let template = page.template
        let tracking = template.holes.contains(.trackingInputs) ? Tracking.fromVisit(request, baseURL: baseURL) : []
        var hash = template.hash
        if !tracking.isEmpty {
            var hasher = SHA256()
            hasher.update(data: Array(hash.utf8))
            for input in tracking { hasher.update(data: Array("\u{0}\(input.name)\u{0}\(input.value)".utf8)) }
            hash = Hex.lowercase(hasher.finalize().prefix(12))
        }
        let presented = request.header("if-none-match").flatMap(PageETag.init(header:))
        var token: String?
        if let courseID = facts.formCourseID {
            token = tokens.make(courseID: courseID)
            // The browser's copy may be reused (304) only while its token is still good: signed
            // for this course, in the first half of its life (a form shown from the browser's
            // cache still has 12 hours left), and unused — or a second enrollment from it could
            // be taken for the first. The one database query of a conditional request.
            if let presented, presented.hash == hash, let old = presented.token, isReusable(old, courseID: courseID),
               try await !database.run({ try $0.enrollments.isTokenUsed(old) }) {
                token = old
            }
        }
        let etag = PageETag(hash: hash, token: token)
        var headers = page.headers
        headers.replaceOrAdd(name: "etag", value: etag.headerValue)
        let gzip = Compression.acceptsGzip(request.header("accept-encoding"))
        if page.gzip != nil { headers.replaceOrAdd(name: "vary", value: "Accept-Encoding") }
        if presented == etag {
            headers.remove(name: "content-type")
            return Response(status: .notModified, headers: headers)
        }
        let fills = template.fill(token: token, tracking: tracking)
        var response = Response(status: .ok, headers: headers)
        if gzip, let pieces = page.gzip {
            response.bodyParts = pieces.parts(fills: fills)
            response.headers.replaceOrAdd(name: "content-encoding", value: "gzip")
        } else {
            response.bodyParts = template.joined(fills)
        }
        return response
    }

    private func isReusable(_ token: String, courseID: UUID) -> Bool {
        guard case .valid(let issuedAt) = tokens.check(token, courseID: courseID) else { return false }
        return Date().timeIntervalSince(issuedAt) < SubmissionTokenSigner.lifetime / 2
    }
}
