import Foundation
import Logging
import PostgresNIO

// The legal footer of every page, ported from the app (Sources/BCOS/Legal/LegalFooter.swift,
// LegalPage.swift, LegalPageRepository.swift): a link to each legal page written in the page's
// language, and the contact page's phone, e-mail and WhatsApp link. Loaded as the app loads it
// (`LegalFooterCache`): in memory, read from `legal_pages` on the first request (which waits for
// it), then again in the background when older than five minutes; never a query per page.

/// The contact page's fields that the footer shows (the app's `ContactDetails`).
struct ContactDetails {
    var addressFr = ""
    var addressAr = ""
    var phone = ""
    var email = ""
    var whatsapp = ""
    var hoursFr = ""
    var hoursAr = ""

    func address(in language: Language) -> String { language == .fr ? addressFr : addressAr }
    func hours(in language: Language) -> String { language == .fr ? hoursFr : hoursAr }

    static func telephoneHref(_ phone: String) -> String? {
        let digits = phone.filter { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        return "tel:" + (phone.trimmingCharacters(in: .whitespaces).hasPrefix("+") ? "+" : "") + digits
    }

    static func whatsappDigits(_ number: String) -> String? {
        var digits = number.filter { $0.isASCII && $0.isNumber }
        let trimmed = number.trimmingCharacters(in: .whitespaces)
        if !trimmed.hasPrefix("+") {
            if digits.hasPrefix("00") { digits.removeFirst(2) }
            else if digits.hasPrefix("0"), digits.count == 10 { digits = "212" + digits.dropFirst() }
        }
        guard (8...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
        return digits
    }

    var whatsappHref: String? { ContactDetails.whatsappDigits(whatsapp).map { "https://wa.me/" + $0 } }
}

/// One row of `legal_pages`, as far as the footer needs it (the app's `LegalPage`).
struct LegalPage {
    var kind: LegalPageKind
    var bodyFr = ""
    var bodyAr = ""
    var contact = ContactDetails()

    func body(in language: Language) -> String { language == .fr ? bodyFr : bodyAr }

    /// Whether the page has nothing to show in `language` (the footer then leaves it out).
    func isEmpty(in language: Language) -> Bool {
        guard LegalPage.visibleText(body(in: language)).isEmpty else { return false }
        guard kind == .contact else { return true }
        let c = contact
        return [c.address(in: language), c.hours(in: language), c.phone, c.email, c.whatsapp].allSatisfy {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
    }

    /// The text a reader sees in some HTML, on one line (the app's `LegalPage.visibleText`).
    static func visibleText(_ html: String) -> String {
        let clean = HTMLSanitizer.sanitize(html)
        var text = ""
        var inTag = false
        for character in clean {
            switch character {
            case "<": inTag = true; text.append(" ")
            case ">" where inTag: inTag = false
            default: if !inTag { text.append(character) }
            }
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" }).joined(separator: " ")
    }

    /// `LegalPageRepository.all()`: the four pages in `LegalPageKind` order, a missing row as an empty page.
    static func all(_ client: PostgresClient, logger: Logger) async throws -> [LegalPage] {
        let rows = try await client.query("""
            SELECT slug, title_fr, title_ar, body_fr, body_ar, address_fr, address_ar, phone, email, whatsapp, map_url,
              hours_fr, hours_ar, version, updated_at
            FROM legal_pages
            """, logger: logger)
        var stored: [LegalPageKind: LegalPage] = [:]
        for try await row in rows {
            let r = row.makeRandomAccess()
            guard let kind = LegalPageKind(rawValue: try r["slug"].decode(String.self)), stored[kind] == nil else { continue }
            stored[kind] = LegalPage(
                kind: kind, bodyFr: try r["body_fr"].decode(String.self), bodyAr: try r["body_ar"].decode(String.self),
                contact: ContactDetails(
                    addressFr: try r["address_fr"].decode(String.self), addressAr: try r["address_ar"].decode(String.self),
                    phone: try r["phone"].decode(String.self), email: try r["email"].decode(String.self),
                    whatsapp: try r["whatsapp"].decode(String.self),
                    hoursFr: try r["hours_fr"].decode(String.self), hoursAr: try r["hours_ar"].decode(String.self)))
        }
        return LegalPageKind.allCases.map { stored[$0] ?? LegalPage(kind: $0) }
    }
}

/// The app's `LegalFooter`: the footer's values, and `layout.footer` for a language.
struct LegalFooter {
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

    /// Built per page, as the app's `template(for:)` is. Absent values are left out (see CoursePage.swift).
    func context(for language: Language) -> [String: Any] {
        let links: [[String: Any]] = (pages[language] ?? []).map { kind in
            ["href": kind.path(in: language), "label": Messages.text(kind.messageKey, in: language)]
        }
        var values: [String: Any] = [
            "links": links,
            "has_links": !links.isEmpty,
            "has_contact": !phone.isEmpty || !email.isEmpty || whatsappHref != nil,
        ]
        if !phone.isEmpty { values["phone"] = phone }
        if let href = ContactDetails.telephoneHref(phone) { values["phone_href"] = href }
        if !email.isEmpty {
            values["email"] = email
            values["email_href"] = "mailto:" + email
        }
        if let whatsappHref { values["whatsapp_href"] = whatsappHref }
        return values
    }
}

/// The app's `LegalFooterCache`: the footer in memory, loaded on the first request (which waits
/// for it), re-read in the background once older than `maxAge`, retried 30 s after a failure.
final class LegalFooterCache: @unchecked Sendable {
    static let maxAge: Duration = .seconds(300)
    static let retryAfterFailure: Duration = .seconds(30)

    private let lock = NSLock()
    private var footer = LegalFooter()
    private var loadedAt: ContinuousClock.Instant?
    private var attemptedAt: ContinuousClock.Instant?
    private var loading: Task<Void, Never>?
    private var started = 0
    private var stored = 0
    private let load: @Sendable () async throws -> [LegalPage]

    init(load: @escaping @Sendable () async throws -> [LegalPage]) { self.load = load }

    var current: LegalFooter { lock.withLock { footer } }

    func ensureFresh() async {
        let now = ContinuousClock.now
        let (wait, task): (Bool, Task<Void, Never>?) = lock.withLock {
            if let loadedAt, now - loadedAt < LegalFooterCache.maxAge { return (false, nil) }
            if let loading { return (loadedAt == nil, loading) }
            if let attemptedAt, now - attemptedAt < LegalFooterCache.retryAfterFailure { return (false, nil) }
            attemptedAt = now
            let task = makeLoad()
            return (loadedAt == nil, task)
        }
        if wait { await task?.value }
    }

    /// Called with the lock held.
    private func makeLoad() -> Task<Void, Never> {
        started += 1
        let number = started
        let load = self.load
        let task = Task { [weak self] in
            let pages = try? await load()
            self?.finish(number, pages.map(LegalFooter.init))
        }
        loading = task
        return task
    }

    private func finish(_ number: Int, _ footer: LegalFooter?) {
        lock.withLock {
            if started == number { loading = nil }
            guard let footer, number > stored else { return }
            self.footer = footer
            stored = number
            loadedAt = .now
        }
    }
}
