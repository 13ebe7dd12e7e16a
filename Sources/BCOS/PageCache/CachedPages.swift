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

    /// The cached page for this visitor, when the cache holds it and the answer needs no
    /// database: the immediate answer of a page route (see `Responder.respondImmediately`).
    func cached(_ request: Request, key: String?) -> Response? {
        guard let cache, let key, let page = cache.page(key, counted: false) else { return nil }
        let visit = Visit(request, page, baseURL: baseURL)
        // A browser's copy whose token must be looked up first is answered by `serve`.
        guard reusableToken(visit, page) == nil else { return nil }
        cache.countHit()
        return answer(visit, page, token: page.facts.formCourseID.map { tokens.make(courseID: $0) })
    }

    /// The page for this visitor, after asking whether the token of the browser's copy was used.
    private func answer(_ request: Request, _ page: CachedPage) async throws -> Response {
        let visit = Visit(request, page, baseURL: baseURL)
        var token = page.facts.formCourseID.map { tokens.make(courseID: $0) }
        // The browser's copy may be reused (304) only while its token is unused — or a second
        // enrollment from it could be taken for the first. The one database query of a
        // conditional request.
        if let old = reusableToken(visit, page), try await !database.run({ try $0.enrollments.isTokenUsed(old) }) {
            token = old
        }
        return answer(visit, page, token: token)
    }

    /// What a visitor's request says about a page: their tracking inputs, the page's hash for
    /// them, and the ETag of the copy their browser holds.
    private struct Visit {
        let tracking: [HiddenInput]
        let hash: String
        let presented: PageETag?
        let acceptsGzip: Bool

        init(_ request: Request, _ page: CachedPage, baseURL: String) {
            let template = page.template
            tracking = template.holes.contains(.trackingInputs) ? Tracking.fromVisit(request, baseURL: baseURL) : []
            var hash = template.hash
            if !tracking.isEmpty {
                var hasher = SHA256()
                hasher.update(data: Array(hash.utf8))
                for input in tracking { hasher.update(data: Array("\u{0}\(input.name)\u{0}\(input.value)".utf8)) }
                hash = Hex.lowercase(hasher.finalize().prefix(12))
            }
            self.hash = hash
            presented = request.header("if-none-match").flatMap(PageETag.init(header:))
            acceptsGzip = Compression.acceptsGzip(request.header("accept-encoding"))
        }
    }

    /// The token of the browser's copy, when that copy is this page as this visitor would get it
    /// and its token is still good: signed for this course, in the first half of its life (a form
    /// shown from the browser's cache still has 12 hours left). Whether it was used is not known yet.
    private func reusableToken(_ visit: Visit, _ page: CachedPage) -> String? {
        guard let courseID = page.facts.formCourseID, let presented = visit.presented, presented.hash == visit.hash,
              let old = presented.token, isReusable(old, courseID: courseID) else { return nil }
        return old
    }

    /// The page for this visitor with `token` in its form: 304 when their browser holds exactly
    /// that, otherwise the page with their token and tracking inputs; the view counted either way.
    private func answer(_ visit: Visit, _ page: CachedPage, token: String?) -> Response {
        if let view = page.facts.view { views.record(courseID: view.courseID, page: view.page, language: view.language) }
        let etag = PageETag(hash: visit.hash, token: token)
        var headers = page.headers
        headers.add(name: "etag", value: etag.headerValue)
        if page.gzip != nil { headers.add(name: "vary", value: "Accept-Encoding") }
        if visit.presented == etag {
            headers.remove(name: "content-type")
            return Response(status: .notModified, headers: headers)
        }
        let fills = page.template.fill(token: token, tracking: visit.tracking)
        var response = Response(status: .ok, headers: headers)
        if visit.acceptsGzip, let pieces = page.gzip {
            response.bodyParts = pieces.parts(fills: fills)
            response.headers.add(name: "content-encoding", value: "gzip")
        } else {
            response.bodyParts = page.template.joined(fills)
        }
        return response
    }

    private func isReusable(_ token: String, courseID: UUID) -> Bool {
        guard case .valid(let issuedAt) = tokens.check(token, courseID: courseID) else { return false }
        return Date().timeIntervalSince(issuedAt) < SubmissionTokenSigner.lifetime / 2
    }
}

extension CachedPages {
    /// Registers `GET pattern` as a public page: answered at once from the cache when it holds
    /// the page (`cached`), otherwise by `serve`, which calls `render` on a miss. Both ask `key`,
    /// so they cannot disagree; a request it refuses (an unknown language: it throws) is
    /// answered by the route the slow way, with its error page.
    func route(
        _ router: inout Router, _ pattern: String, key: @escaping @Sendable (Request) throws -> String?,
        render: @escaping @Sendable (Request) async throws -> PageOutcome
    ) {
        router.get(pattern, immediate: { request in cached(request, key: try? key(request)) }) { request in
            try await serve(request, key: key(request)) { try await render(request) }
        }
    }
}
