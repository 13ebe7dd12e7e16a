import Foundation
import Logging

/// Writes an enrollment's e-mails to the outbox, inside the transaction that causes them (the
/// enrollment's insert, a status change), so they are committed with it or not at all and the
/// visitor never waits for SMTP. Exists only when `SMTP_URL` is set.
struct EnrollmentMail: Sendable {
    let settings: MailSettings
    let composer: EmailComposer
    var logger = Logger(label: "bcos.mail")

    /// The visitor's confirmation (or waitlist notice) and the team's notification.
    func enqueueAccepted(enrollmentID: UUID, in db: Repositories) throws {
        guard let facts = try facts(enrollmentID, in: db) else { return }
        let kind: EmailComposer.Kind = facts.status == .waitlist ? .waitlist : .received
        try db.emailOutbox.enqueue(try visitorMail(kind, facts, in: db), enrollmentID: enrollmentID)
        if !settings.notify.isEmpty {
            try db.emailOutbox.enqueue(try composer.team(facts, to: settings.notify.map(\.address)), enrollmentID: enrollmentID)
        }
    }

    /// The visitor's e-mail for an admin's status change, when the change is one they are told of.
    func enqueueStatusChange(enrollmentID: UUID, to status: EnrollmentStatus, in db: Repositories) throws {
        let kind: EmailComposer.Kind
        switch status {
        case .confirmed: kind = .confirmed
        case .cancelled: kind = .cancelled
        default: return
        }
        guard let facts = try facts(enrollmentID, in: db) else { return }
        try db.emailOutbox.enqueue(try visitorMail(kind, facts, in: db), enrollmentID: enrollmentID)
    }

    /// With the admin's template; with the shipped one if that fails to render (a row edited by
    /// hand in `email_templates`): an e-mail problem must never undo the enrollment.
    private func visitorMail(_ kind: EmailComposer.Kind, _ facts: EnrollmentMailFacts, in db: Repositories) throws -> EmailComposer.Composed {
        let custom = try template(facts.language, in: db)
        do {
            return try composer.visitor(kind, facts, template: custom)
        } catch {
            logger.error("the \(facts.language.rawValue) e-mail template stored by an admin does not render (\(error)); the default template was used")
            return try composer.visitor(kind, facts)
        }
    }

    func facts(_ enrollmentID: UUID, in db: Repositories) throws -> EnrollmentMailFacts? {
        guard let record = try db.enrollments.record(id: enrollmentID) else { return nil }
        let course = try record.courseID.flatMap { try db.courses.course(id: $0) }
        let session = try record.sessionID.flatMap { try db.sessions.find($0) }
        return EnrollmentMailFacts(record: record, course: course, session: session)
    }

    /// The admin's template for the language, part by part over the default.
    func template(_ language: Language, in db: Repositories) throws -> MailTemplateText? {
        try EnrollmentMail.template(language, defaults: composer.defaults, overrides: db.emailTemplates.overrides(language))
    }

    static func template(_ language: Language, defaults: [Language: MailTemplateText], overrides: [MailTemplateText.Part: String]) -> MailTemplateText? {
        guard var template = defaults[language] else { return nil }
        for (part, body) in overrides { template[part] = body }
        return template
    }
}
