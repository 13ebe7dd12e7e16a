import Foundation
import HTTPServer
import NIOConcurrencyHelpers
import Templating

/// What every public page's footer shows from the legal pages: a link to each page written in
/// the page's language, and the contact page's phone, e-mail and WhatsApp link.
struct LegalFooter: Sendable, Equatable {
    /// The pages written in each language, in `LegalPageKind` order.
    var pages: [Language: [LegalPageKind]] = [:]
    var phone = ""
    var email = ""
    var whatsappHref: String?

    init() {}

    init(_ pages: [LegalPage]) {
        for language in Language.allCases {
            self.pages[language] = pages.filter { !$0.isEmpty(in: language) }.map(\.kind)
        }
        let contact = pages.first { $0.kind == .contact }?.contact ?? ContactDetails()
        phone = contact.phone
        email = contact.email
        whatsappHref = contact.whatsappHref
    }

    /// `layout.footer` in `layouts/base`.
    func template(for language: Language) -> TemplateValue {
        let links = (pages[language] ?? []).map { kind in
            TemplateValue.object(["href": .string(kind.path(in: language)), "label": .string(Messages.text(kind.messageKey, in: language))])
        }
        return .object([
            "links": .array(links),
            "has_links": .bool(!links.isEmpty),
            "phone": phone.isEmpty ? .null : .string(phone),
            "phone_href": ContactDetails.telephoneHref(phone).map { .string($0) } ?? .null,
            "email": email.isEmpty ? .null : .string(email),
            "email_href": email.isEmpty ? .null : .string("mailto:" + email),
            "whatsapp_href": whatsappHref.map { .string($0) } ?? .null,
            "has_contact": .bool(!phone.isEmpty || !email.isEmpty || whatsappHref != nil),
        ])
    }
}

/// The footer values in memory, so that rendering a page never waits on a query for them.
///
/// Loaded on the first request (`LegalFooterMiddleware`), then replaced right after every save in
/// the legal-page editor. A change made on *another* instance (or in psql) reaches this one
/// through the page cache's listener: the `legal_pages` trigger says "everything", and
/// `PageCacheListener` reloads the footer before dropping every page again. They are also re-read
/// in the background when older than `maxAge`, which is what carries such a change with
/// `PAGE_CACHE=off` (a lag of up to `maxAge`, acceptable for a phone number or a footer link).
final class LegalFooterCache: Sendable {
    static let maxAge: Duration = .seconds(300)
    /// After a failed load (database down), how long before the next try.
    static let retryAfterFailure: Duration = .seconds(30)

    private struct State {
        var footer = LegalFooter()
        /// `footer.template(for:)` of each language, built once per load (every page renders one).
        var templates = LegalFooterCache.templates(LegalFooter())
        var loadedAt: ContinuousClock.Instant?
        var attemptedAt: ContinuousClock.Instant?
        var loading: Task<Void, Never>?
        /// Each load is numbered when it starts; an older load finishing late never replaces a newer one.
        var started = 0
        var stored = 0
    }

    private let state = NIOLockedValueBox(State())

    init() {}

    /// The footer to render now (empty until the first load).
    var current: LegalFooter { state.withLockedValue { $0.footer } }

    /// `layout.footer` for a page in `language`, as of the last load.
    func template(for language: Language) -> TemplateValue {
        state.withLockedValue { $0.templates[language] } ?? LegalFooter().template(for: language)
    }

    private static func templates(_ footer: LegalFooter) -> [Language: TemplateValue] {
        Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, footer.template(for: $0)) })
    }

    /// For the middleware: waits for the first load, starts a background refresh when stale, and
    /// otherwise costs nothing. A failed load leaves the footer as it was; it never fails a page.
    func ensureFresh(_ database: AppDatabase) async {
        await refresh(database)?.value
    }

    /// Starts a background load when the footer is stale; returns the load a page must wait
    /// for — only while nothing has been loaded yet — or nil.
    func refresh(_ database: AppDatabase) -> Task<Void, Never>? {
        let now = ContinuousClock.now
        let (wait, task): (Bool, Task<Void, Never>?) = state.withLockedValue { state in
            if let loadedAt = state.loadedAt, now - loadedAt < LegalFooterCache.maxAge { return (false, nil) }
            if let loading = state.loading { return (state.loadedAt == nil, loading) }
            if let attempted = state.attemptedAt, now - attempted < LegalFooterCache.retryAfterFailure { return (false, nil) }
            state.attemptedAt = now
            let task = makeLoad(&state, database)
            return (state.loadedAt == nil, task)
        }
        return wait ? task : nil
    }

    /// Reads the footer again and waits for it: after a save, so the next page shows the change.
    func reload(_ database: AppDatabase) async {
        let task = state.withLockedValue { makeLoad(&$0, database) }
        await task.value
    }

    private func makeLoad(_ state: inout State, _ database: AppDatabase) -> Task<Void, Never> {
        state.started += 1
        let number = state.started
        let task = Task { [weak self] in
            let pages = try? await database.run { try $0.legalPages.all() }
            self?.finish(number, pages.map(LegalFooter.init))
        }
        state.loading = task
        return task
    }

    private func finish(_ number: Int, _ footer: LegalFooter?) {
        state.withLockedValue { state in
            if state.started == number { state.loading = nil }
            guard let footer, number > state.stored else { return }
            state.footer = footer
            state.templates = LegalFooterCache.templates(footer)
            state.stored = number
            state.loadedAt = .now
        }
    }
}

/// Makes sure the footer values are in memory before a page is rendered (see `LegalFooterCache`).
struct LegalFooterMiddleware: Middleware {
    let footer: LegalFooterCache
    let database: AppDatabase

    func respond(to request: Request, next: any Responder) async throws -> Response {
        await footer.ensureFresh(database)
        return try await next.respond(to: request)
    }

    /// At once unless the first load is still to come (a stale footer is re-read in the background).
    func respondImmediately(to request: Request, next: any Responder) -> Response? {
        guard footer.refresh(database) == nil else { return nil }
        return next.respondImmediately(to: request)
    }
}
