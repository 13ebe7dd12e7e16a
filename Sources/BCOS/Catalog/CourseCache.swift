import Foundation
import NIOConcurrencyHelpers
import Templating

/// Course pages without re-reading and re-deriving a course on every request, and without ever
/// serving a stale one: each render asks PostgreSQL for the course's *version* (the `xmin` of
/// its row and of its category's row, which change with every update, whoever makes it: this
/// instance, another one, psql) together with its offered sessions, in one indexed query, and
/// uses the cached course and its derived page values only when the version matches. This caches data, not rendered pages: each
/// page is still rendered per request with its own form token.
final class CourseCache: Sendable {
    /// A course as read at one version, with what its pages derive from it per language.
    final class Record: Sendable {
        let version: String
        let course: Course
        let category: Category?
        private let prepared = NIOLockedValueBox<[Language: PreparedCoursePage]>([:])

        init(version: String, course: Course, category: Category?) {
            self.version = version
            self.course = course
            self.category = category
        }

        /// What a page derives from its sessions, kept while a render reads the same sessions
        /// (seats included) as the last one: the form as first shown, and the JSON-LD.
        let forms = SessionsMemo<PreparedForm>()
        let jsonLD = SessionsMemo<String?>()

        /// The page values for `language`, built once per version.
        func page(_ language: Language, build: () throws -> PreparedCoursePage) rethrows -> PreparedCoursePage {
            if let page = prepared.withLockedValue({ $0[language] }) { return page }
            let page = try build()
            prepared.withLockedValue { $0[language] = page }
            return page
        }
    }

    private let records = NIOLockedValueBox<[String: Record]>([:])
    /// Enough for every course of a training catalogue; beyond it the cache starts over.
    static let capacity = 2_000

    /// The visible-or-not course named `slug` at its current version, with its offered sessions
    /// as they are now, or nil when no course has it.
    func course(slug: String, database: AppDatabase) async throws -> (record: Record, sessions: [CourseSession])? {
        guard let (version, sessions) = try await database.run({ try $0.courses.versionAndOfferedSessions(slug: slug) }) else { return nil }
        if let record = records.withLockedValue({ $0[slug] }), record.version == version { return (record, sessions) }
        guard let (course, category) = try await database.run({ try $0.courses.course(slug: slug) }) else { return nil }
        // Read after the version: if it changed in between, the stored version is the older one
        // and the next request simply reads again.
        let record = Record(version: version, course: course, category: category)
        records.withLockedValue { records in
            if records.count >= CourseCache.capacity { records.removeAll(keepingCapacity: true) }
            records[slug] = record
        }
        return (record, sessions)
    }
}

/// What a course page needs that depends only on the course, its category and the language.
struct PreparedCoursePage: Sendable {
    let model: CoursePageModel
    /// `model` already encoded for the template, without its per-request `form` and `tracking`.
    let context: [String: TemplateValue]
    let jsonLD: String?
    let summary: String
}

/// The enrollment form of a course page with its sessions, and both encoded for the template.
struct PreparedForm: Sendable {
    let view: EnrollmentFormView
    let encoded: TemplateValue
    let sessions: TemplateValue
}

/// A value derived from a course page's sessions, per language, kept while the sessions a render
/// reads are equal to those it was derived from.
final class SessionsMemo<Value: Sendable>: Sendable {
    private let kept = NIOLockedValueBox<[Language: (sessions: [CourseSession], value: Value)]>([:])

    func value(_ language: Language, _ sessions: [CourseSession], build: () throws -> Value) rethrows -> Value {
        if let known = kept.withLockedValue({ $0[language] }), known.sessions == sessions { return known.value }
        let value = try build()
        kept.withLockedValue { $0[language] = (sessions, value) }
        return value
    }
}
