import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/formations/{id}/sessions`: a course's dated sessions — list with seats taken and
/// waitlists, add, edit, close, cancel, and moving the first waitlisted person in when a seat
/// frees up. Past sessions stay listed here (and on their enrollments).
struct SessionAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    /// The visitor's e-mail when someone is moved in and confirmed later (nil: no SMTP).
    let mail: EnrollmentMail?

    func register(_ routes: inout AdminRoutes) {
        routes.get("/admin/formations/{id}/sessions", .editors) { try await list($0, courseID: try $0.uuidParameter(), input: SessionInput(), errors: [:]) }
        routes.post("/admin/formations/{id}/sessions", .editors) { try await save($0, courseID: try $0.uuidParameter(), sessionID: nil) }
        routes.get("/admin/formations/{id}/sessions/{session}", .editors) { request in
            let (courseID, sessionID) = (try request.uuidParameter(), try request.uuidParameter("session"))
            guard let session = try await database.run({ try $0.sessions.find(sessionID) }), session.courseID == courseID else { throw HTTPError(.notFound) }
            return try await edit(request, courseID: courseID, session: session, input: SessionInput(session), errors: [:])
        }
        routes.post("/admin/formations/{id}/sessions/{session}", .editors) { try await save($0, courseID: try $0.uuidParameter(), sessionID: try $0.uuidParameter("session")) }
        routes.post("/admin/formations/{id}/sessions/{session}/close", .editors) { try await setStatus($0, .closed) }
        routes.post("/admin/formations/{id}/sessions/{session}/cancel", .editors) { try await setStatus($0, .cancelled) }
        routes.post("/admin/formations/{id}/sessions/{session}/admit", .everyone) { try await admitFirst($0) }
    }

    struct Row: Encodable {
        let id: String
        let href: String
        let date: String
        let until: String
        let place: String
        let language: String
        let seats: Int
        let taken: String
        let seats_left: String
        let is_full: Bool
        let price: String
        let status: String
        let status_code: String
        let is_past: Bool
        let is_open: Bool
        let can_cancel: Bool
        let waiting: String
        let has_waiting: Bool

        init(_ session: CourseSession, course: Course, now: Date) {
            id = session.id.lowercasedString
            href = "/admin/formations/\(course.id.lowercasedString)/sessions/\(id)"
            date = AdminFormat.dateTime(session.startsAt)
            until = SessionDateText.day(session.endsOn, in: .fr)
            place = session.isOnline ? "En ligne" : [session.city, session.address].compactMap { $0?.nilIfEmpty }.joined(separator: " — ")
            language = session.teaching.label
            seats = session.seats
            taken = Plural.text(.seatTaken, count: session.taken, in: .fr)
            seats_left = session.isFull ? "Complet" : Plural.text(.seatLeft, count: session.seatsLeft, in: .fr)
            is_full = session.isFull
            price = session.price(for: course).ttc.map { PriceFormatter.format($0, currency: course.currency, in: .fr) + " TTC" } ?? "—"
            status = session.status.label
            status_code = session.status.rawValue
            is_past = session.startsAt <= now
            is_open = session.status == .open
            can_cancel = session.status != .cancelled
            waiting = Plural.text(.waiting, count: session.waiting, in: .fr)
            has_waiting = session.waiting > 0
        }
    }

    struct ListModel: Encodable {
        let course_id: String
        let course_title: String
        let course_href: String
        /// Each table, or nil when it would be empty.
        let upcoming: Table?
        let past: Table?
        let form: FormModel
    }

    struct Table: Encodable {
        let rows: [Row]
        init?(_ rows: [Row]) {
            guard !rows.isEmpty else { return nil }
            self.rows = rows
        }
    }

    struct FormModel: Encodable {
        let fields: AdminFields
        let has_errors: Bool
        let action: String
        let heading: String
    }

    private func loadCourse(_ courseID: UUID) async throws -> (Course, [CourseSession]) {
        guard let found = try await database.run({ db -> (Course, [CourseSession])? in
            guard let course = try db.courses.course(id: courseID) else { return nil }
            return (course, try db.sessions.all(courseID: courseID))
        }) else { throw HTTPError(.notFound) }
        return found
    }

    func list(_ request: Request, courseID: UUID, input: SessionInput, errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let (course, sessions) = try await loadCourse(courseID)
        let now = Date()
        let rows = sessions.map { Row($0, course: course, now: now) }
        let title = course.titleFr ?? course.title ?? course.slug
        let model = ListModel(
            course_id: courseID.lowercasedString, course_title: title, course_href: "/admin/formations/\(courseID.lowercasedString)/edit",
            upcoming: Table(rows.filter { !$0.is_past }.reversed()), past: Table(rows.filter(\.is_past)),
            form: FormModel(fields: SessionAdminRoutes.fields(input, errors: errors), has_errors: !errors.isEmpty,
                            action: "/admin/formations/\(courseID.lowercasedString)/sessions", heading: "Nouvelle session"))
        return try admin.page("admin/sessions", model, title: "Sessions — \(title)", request: request, status: status)
    }

    struct EditModel: Encodable {
        let course_title: String
        let list_href: String
        let row: Row
        let form: FormModel
        let waitlist: [WaitingPerson]
        let has_waitlist: Bool
        let can_admit: Bool
        let admit_action: String
    }

    struct WaitingPerson: Encodable {
        let position: Int
        let name: String
        let href: String
        let date: String
    }

    func edit(_ request: Request, courseID: UUID, session: CourseSession, input: SessionInput, errors: [String: String],
              status: HTTPResponseStatus = .ok, flash: String? = nil) async throws -> Response {
        let (course, waiting) = try await database.run { db -> (Course?, [EnrollmentSummary]) in
            (try db.courses.course(id: courseID), try db.enrollments.waitlist(sessionID: session.id))
        }
        guard let course else { throw HTTPError(.notFound) }
        let base = "/admin/formations/\(courseID.lowercasedString)/sessions"
        let model = EditModel(
            course_title: course.titleFr ?? course.title ?? course.slug, list_href: base, row: Row(session, course: course, now: Date()),
            form: FormModel(fields: SessionAdminRoutes.fields(input, errors: errors), has_errors: !errors.isEmpty,
                            action: "\(base)/\(session.id.lowercasedString)", heading: "Modifier la session"),
            waitlist: waiting.enumerated().map { index, person in
                WaitingPerson(position: index + 1, name: person.fullName, href: "/admin/inscriptions/\(person.id.lowercasedString)",
                              date: AdminFormat.dateTime(person.createdAt))
            },
            has_waitlist: !waiting.isEmpty, can_admit: !waiting.isEmpty && !session.isFull,
            admit_action: "\(base)/\(session.id.lowercasedString)/admit")
        return try admin.page("admin/session", model, title: "Session du \(AdminFormat.dateTime(session.startsAt))", request: request,
                              status: status, flash: flash)
    }

    /// The form's fields, named as the issue fixes them.
    static func fields(_ input: SessionInput, errors: [String: String]) -> AdminFields {
        var fields = AdminFields(errors: errors)
        fields.add("starts_at", "Début (heure de Casablanca)", value: input.starts_at, control: .input(type: "datetime-local"), required: true)
        fields.add("ends_on", "Dernier jour", value: input.ends_on, control: .input(type: "date"), required: true)
        fields.add("city", "Ville", value: input.city, help: "Laissez vide pour une session en ligne.", attributes: .init(maxLength: 120))
        fields.add("address", "Adresse", value: input.address, attributes: .init(maxLength: 300))
        fields.add("online_url", "Lien de la session en ligne", value: input.online_url, control: .input(type: "url"),
                   help: "Envoyé aux inscrits dans leur e-mail ; jamais affiché sur le site.", attributes: .init(maxLength: 500, placeholder: "https://"))
        fields.add("language", "Langue de la session", value: input.language, control: .select(CourseSession.Teaching.allCases.map {
            SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == input.language)
        }))
        fields.add("seats", "Places", value: input.seats, control: .input(type: "number"), required: true,
                   attributes: .init(inputMode: "numeric", min: 0, max: 10_000))
        fields.add("price_ht", "Prix HT de la session", value: input.price_ht,
                   help: "Laissez vide pour le prix de la formation.", attributes: .init(inputMode: "decimal", placeholder: "4500.00"))
        fields.add("status", "Statut", value: input.status, control: .select(CourseSession.Status.allCases.map {
            SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == input.status)
        }), help: "Fermée : plus d’inscriptions, la session reste affichée ici. Annulée : elle disparaît du site.")
        return fields
    }

    func save(_ request: Request, courseID: UUID, sessionID: UUID?) async throws -> Response {
        let input = SessionInput(try request.formData())
        let (valid, errors) = input.validate()
        guard let valid else {
            if let sessionID, let session = try await database.run({ try $0.sessions.find(sessionID) }), session.courseID == courseID {
                return try await edit(request, courseID: courseID, session: session, input: input, errors: errors, status: .unprocessableEntity)
            }
            return try await list(request, courseID: courseID, input: input, errors: errors, status: .unprocessableEntity)
        }
        let actor = request.admin
        let saved = try await database.transaction { db -> UUID? in
            guard try db.courses.course(id: courseID) != nil else { return nil }
            if let sessionID, try db.sessions.find(sessionID)?.courseID != courseID { return nil }
            let id = try db.sessions.save(valid, courseID: courseID, id: sessionID)
            try db.audit.record(AuditEvent(.session, sessionID == nil ? "created" : "updated", record: id,
                                           "Session du \(valid.startsAtText.replacingOccurrences(of: "T", with: " ")) (\(valid.seats) places, \(valid.status.label.lowercased()))."),
                                by: actor)
            return id
        }
        guard saved != nil else { throw HTTPError(.notFound) }
        return .redirect(to: "/admin/formations/\(courseID.lowercasedString)/sessions?ok=\(sessionID == nil ? "created" : "saved")", status: .seeOther)
    }

    func setStatus(_ request: Request, _ status: CourseSession.Status) async throws -> Response {
        let (courseID, sessionID) = (try request.uuidParameter(), try request.uuidParameter("session"))
        let actor = request.admin
        try await database.transaction { db in
            try db.sessions.setStatus(sessionID, courseID: courseID, status)
            try db.audit.record(AuditEvent(.session, status == .closed ? "closed" : "cancelled", record: sessionID, "Session \(status.label.lowercased())."), by: actor)
        }
        return .redirect(to: "/admin/formations/\(courseID.lowercasedString)/sessions?ok=\(status == .closed ? "closed" : "cancelled")", status: .seeOther)
    }

    /// The first person of the waitlist takes the freed seat ("À confirmer": sales confirms with
    /// them), under the session's lock like a public enrollment, with the CRM status event.
    func admitFirst(_ request: Request) async throws -> Response {
        let (courseID, sessionID) = (try request.uuidParameter(), try request.uuidParameter("session"))
        let base = "/admin/formations/\(courseID.lowercasedString)/sessions/\(sessionID.lowercasedString)"
        let actor = request.admin
        let admitted = try await database.transaction { db -> Bool in
            guard let session = try db.sessions.lockForEnrollment(sessionID, courseID: courseID), !session.isFull,
                  let first = try db.enrollments.waitlist(sessionID: sessionID).first else { return false }
            try db.enrollments.setStatus(id: first.id, .toConfirm)
            try db.audit.record(AuditEvent(.enrollment, "admitted", record: first.id, "Sortie de la liste d’attente (place libérée) : à confirmer."), by: actor)
            try db.crmLogs.enqueueStatusChange(enrollmentID: first.id, courseID: courseID, status: .toConfirm, previous: EnrollmentStatus.waitlist.rawValue)
            return true
        }
        guard admitted else {
            guard let session = try await database.run({ try $0.sessions.find(sessionID) }), session.courseID == courseID else { throw HTTPError(.notFound) }
            return try await edit(request, courseID: courseID, session: session, input: SessionInput(session), errors: [:], status: .conflict,
                                  flash: "Aucune place libre dans cette session, ou liste d’attente vide : personne n’a été déplacé.")
        }
        return .redirect(to: base + "?ok=admitted", status: .seeOther)
    }
}
