import Foundation
import Templating

/// The e-mails of an enrollment, built from their templates. The admin's preview calls the
/// same functions as the sending, so what the preview shows is what is sent.
///
/// Visitor data is escaped by Mustache in the HTML part; the subject and the text part are
/// plain text, so their escapes are undone (`HTMLEntities.unescape`), and `MailMessage` keeps
/// any line break out of the headers.
struct EmailComposer: Sendable {
    /// The visitor e-mails.
    enum Kind: String, Sendable, CaseIterable {
        case received, waitlist, confirmed, cancelled

        /// The back office's label (outbox list, template preview).
        var label: String {
            switch self {
            case .received: "Inscription reçue"
            case .waitlist: "Liste d’attente"
            case .confirmed: "Inscription confirmée"
            case .cancelled: "Inscription annulée"
            }
        }
    }

    /// One message, ready for the outbox.
    struct Composed: Sendable, Equatable {
        var kind: String
        var language: Language
        var to: [String]
        var subject: String
        var text: String
        var html: String
        /// The `.ics` attachment, when the message has one.
        var calendar: String?
    }

    /// The app's templates (`email/layout`, `email/team…`).
    let templates: TemplateSet
    /// `Templates/email/visitor-*`, per language.
    let defaults: [Language: MailTemplateText]
    let baseURL: String
    let contactEmail: String
    let contactPhone: String?

    struct VisitorModel: Encodable {
        let is_received: Bool
        let is_waitlist: Bool
        let is_confirmed: Bool
        let is_cancelled: Bool
        let full_name: String
        let course_title: String
        let course_url: String
        let reference: String
        let session: SessionView?
        let price: String?
        let answers: [MailLine]
        let has_answers: Bool
        let contact_email: String
        let contact_phone: String?
        let contact_phone_href: String?
        /// The site's origin, for the privacy page's address.
        let site_url: String
    }

    func visitorModel(_ kind: Kind, _ facts: EnrollmentMailFacts) -> VisitorModel {
        let language = facts.language
        let course = facts.course
        let price = course.flatMap { course in
            (facts.session?.price(for: course) ?? course.pricing).ttc.map { PriceFormatter.format($0, currency: course.currency, in: language) }
        }
        let answers = facts.labelledAnswers(in: language)
        return VisitorModel(
            is_received: kind == .received, is_waitlist: kind == .waitlist, is_confirmed: kind == .confirmed, is_cancelled: kind == .cancelled,
            full_name: facts.fullName, course_title: facts.courseTitle(in: language),
            course_url: course.map { "\(baseURL)/\(language.rawValue)/formations/\($0.slug)" } ?? baseURL,
            reference: facts.reference,
            session: zip(facts.session, course).map { SessionView($0.0, course: $0.1, language: language) },
            price: price, answers: answers, has_answers: !answers.isEmpty,
            contact_email: contactEmail, contact_phone: contactPhone, contact_phone_href: contactPhone.flatMap(AdminFormat.telephoneHref),
            site_url: baseURL)
    }

    /// The visitor's e-mail of `kind`, in the enrollment's language, with `template` (the
    /// admin's version, or the default).
    func visitor(_ kind: Kind, _ facts: EnrollmentMailFacts, template: MailTemplateText? = nil) throws -> Composed {
        let language = facts.language
        let parts = try (template ?? defaults[language] ?? MailTemplateText(subject: "", html: "", text: "")).compiled()
        let context = try TemplateEncoder().encode(visitorModel(kind, facts))
        let subject = EmailComposer.plain(try parts.subject.render(context))
        let html = try layout(body: try parts.html.render(context), subject: subject, language: language)
        let text = EmailComposer.plain(try parts.text.render(context))
        // A calendar entry for a seat (not for the waitlist, nor a cancellation).
        let calendar = [.received, .confirmed].contains(kind) ? facts.session.map { invite($0, facts).rendered() } : nil
        return Composed(kind: kind.rawValue, language: language, to: [facts.email], subject: subject, text: text, html: html, calendar: calendar)
    }

    struct TeamModel: Encodable {
        let is_waitlist: Bool
        let full_name: String
        let course_title: String
        let reference: String
        let language_label: String
        let session: SessionView?
        let answers: [MailLine]
        let admin_url: String
    }

    /// The team's notification (French), with a link to the enrollment's admin page.
    func team(_ facts: EnrollmentMailFacts, to recipients: [String]) throws -> Composed {
        let model = TeamModel(
            is_waitlist: facts.status == .waitlist, full_name: facts.fullName, course_title: facts.courseTitle(in: .fr),
            reference: facts.reference, language_label: facts.language == .ar ? "arabe" : "français",
            session: zip(facts.session, facts.course).map { SessionView($0.0, course: $0.1, language: .fr) },
            answers: facts.labelledAnswers(in: .fr), admin_url: "\(baseURL)/admin/inscriptions/\(facts.enrollmentID.lowercasedString)")
        let context = try TemplateEncoder().encode(model)
        let subject = EmailComposer.plain(try templates.render("email/team-subject", context))
        let html = try layout(body: try templates.render("email/team", context), subject: subject, language: .fr)
        return Composed(kind: "team", language: .fr, to: recipients, subject: subject,
                        text: EmailComposer.plain(try templates.render("email/team-text", context)), html: html, calendar: nil)
    }

    struct AccountModel: Encodable {
        let is_invitation: Bool
        let is_reset: Bool
        let name: String?
        let role: String
        let invited_by: String
        let link: String
    }

    /// An invitation to the back office or a password-reset link (French, to an admin).
    func account(invitation: Bool, to address: String, name: String?, role: AdminRole?, invitedBy: String?, link: String) throws -> Composed {
        let context = try TemplateEncoder().encode(AccountModel(
            is_invitation: invitation, is_reset: !invitation, name: name?.nilIfEmpty, role: role?.label ?? "", invited_by: invitedBy ?? "Un administrateur",
            link: link))
        let subject = EmailComposer.plain(try templates.render("email/account-subject", context))
        let html = try layout(body: try templates.render("email/account", context), subject: subject, language: .fr)
        return Composed(kind: invitation ? "invitation" : "reset", language: .fr, to: [address], subject: subject,
                        text: EmailComposer.plain(try templates.render("email/account-text", context)), html: html, calendar: nil)
    }

    /// The body in the layout that sets the language, the direction and the fonts.
    private func layout(body: String, subject: String, language: Language) throws -> String {
        try templates.render("email/layout", TemplateValue.object([
            "lang": .string(language.rawValue), "dir": .string(language.direction), "subject": .string(subject), "body": .string(body),
            "align": .string(language == .ar ? "right" : "left"),
            "font": .string(language == .ar ? "Tahoma, 'Noto Naskh Arabic', Arial, sans-serif" : "Arial, Helvetica, sans-serif"),
        ]))
    }

    /// The session as a calendar entry. A session has a start time and a last day: it is taken
    /// to end at 17:00 Casablanca on that day (a training day), or two hours after the start
    /// when that would not be later.
    func invite(_ session: CourseSession, _ facts: EnrollmentMailFacts) -> CalendarInvite {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SiteTime.zone
        let parts = session.endsOn.split(separator: "-").compactMap { Int($0) }
        let dayEnd = parts.count == 3 ? calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 17)) : nil
        let end = dayEnd.flatMap { $0 > session.startsAt ? $0 : nil } ?? session.startsAt.addingTimeInterval(2 * 3_600)
        let language = facts.language
        let view = facts.course.map { SessionView(session, course: $0, language: language) }
        let host = URLComponents(string: baseURL)?.host ?? "bcos"
        let url = facts.course.map { "\(baseURL)/\(language.rawValue)/formations/\($0.slug)" }
        return CalendarInvite(
            uid: "\(facts.enrollmentID.lowercasedString)@\(host)", start: session.startsAt, end: end,
            summary: facts.courseTitle(in: language),
            location: session.isOnline ? session.onlineURL : view?.place,
            description: "\(Messages.text("thanks_reference", in: language))\(Messages.text("label_colon", in: language))\(facts.reference)",
            url: url, stamp: Date(), organizer: contactEmail)
    }

    /// Rendered Mustache as plain text: escapes undone, surrounding blank lines trimmed.
    static func plain(_ rendered: String) -> String {
        HTMLEntities.unescape(rendered).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Both values or nil.
private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
