import Foundation
import HTTPServer

/// `GET /admin`: the numbers an admin checks every morning.
struct DashboardRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer
    /// Without `SMTP_URL` the dashboard says that no e-mail is sent.
    let mailConfigured: Bool

    func register(_ routes: inout AdminRoutes) {
        routes.get("/admin", .everyone) { try await handle($0) }
    }

    struct Count: Encodable {
        let label: String
        let value: Int
        let key: String
    }

    struct Latest: Encodable {
        let href: String
        let full_name: String
        let email: String
        let course: String
        let status: String
        let date: String
    }

    struct Model: Encodable {
        let published: Int
        let drafts: Int
        let published_text: String
        let drafts_text: String
        let by_status: [Count]
        let this_week: Int
        let last_week: Int
        let trend: String
        let deliveries: [Count]
        let failed_deliveries: Int
        /// Shown only when some deliveries gave up, in one wording ("abandonnés"), distinct from
        /// the 24-hour "Échouées" count that includes those still being retried.
        let has_failed_deliveries: Bool
        let failed_text: String
        let latest: [Latest]
        let has_latest: Bool
        /// Published courses whose enrollments reach no CRM.
        let unrouted: [Unrouted]
        let has_unrouted: Bool
        let charts: [BarChart]
        let mail_configured: Bool
        /// "2 e-mails en échec", when some are.
        let mail_failed_text: String?
    }

    struct Unrouted: Encodable {
        let title: String
        let href: String
    }

    func handle(_ request: Request) async throws -> Response {
        let model = try await database.run { db -> Model in
            let courses = try db.courses.publicationCounts()
            let statusCounts = try db.enrollments.countsByStatus(EnrollmentFilter())
            let weeks = try db.enrollments.weekCounts()
            let deliveries = try db.crmLogs.countsLastDay()
            let gaveUp = try db.crmLogs.gaveUpCount()
            let unrouted = try db.crmMappings.coursesForwardingNowhere().map {
                Unrouted(title: $0.title, href: "/admin/formations/\($0.id.lowercasedString)/crm")
            }
            let charts = try DashboardRoutes.charts(db)
            let mailFailed = try db.emailOutbox.count(status: .failed)
            let latest = try db.enrollments.list(EnrollmentFilter(), limit: 10, offset: 0).map { summary in
                Latest(
                    href: "/admin/inscriptions/\(summary.id.lowercasedString)", full_name: summary.fullName, email: summary.email,
                    course: AdminFormat.orDash(summary.courseTitle), status: EnrollmentStatus.label(summary.status),
                    date: AdminFormat.dateTime(summary.createdAt))
            }
            return Model(
                published: courses.published, drafts: courses.drafts,
                published_text: Plural.text(.published, count: courses.published, in: .fr),
                drafts_text: Plural.text(.draft, count: courses.drafts, in: .fr),
                by_status: EnrollmentStatus.allCases.map { Count(label: $0.label, value: statusCounts[$0.rawValue] ?? 0, key: $0.rawValue) },
                this_week: weeks.thisWeek, last_week: weeks.lastWeek,
                trend: weeks.thisWeek > weeks.lastWeek ? "en hausse" : weeks.thisWeek < weeks.lastWeek ? "en baisse" : "stable",
                deliveries: [(DeliveryStatus.success, "Réussies"), (.pending, "En attente"), (.failed, "Échouées (nouvel essai prévu ou abandon)")].map {
                    Count(label: $0.1, value: deliveries[$0.0] ?? 0, key: $0.0.rawValue)
                },
                failed_deliveries: gaveUp, has_failed_deliveries: gaveUp > 0, failed_text: Plural.text(.gaveUp, count: gaveUp, in: .fr),
                latest: latest, has_latest: !latest.isEmpty,
                unrouted: unrouted, has_unrouted: !unrouted.isEmpty, charts: charts, mail_configured: mailConfigured,
                mail_failed_text: mailFailed > 0 ? Plural.text(.failedEmail, count: mailFailed, in: .fr) : nil)
        }
        return try admin.page("admin/dashboard", model, title: "Tableau de bord", request: request)
    }

    /// Enrollments per week (12 weeks), by course and by source (90 days), and deliveries per
    /// integration and outcome (30 days).
    static func charts(_ db: Repositories) throws -> [BarChart] {
        let weeks = try db.enrollments.weeklyCounts(weeks: 12).map { (label: "Semaine du \(AdminFormat.dayMonth($0.weekStart))", value: $0.count, series: 0) }
        let courses = try db.enrollments.countsByCourse(days: 90, limit: 8).map { (label: $0.title, value: $0.count, series: 0) }
        let sources = try db.enrollments.countsBySource(days: 90, limit: 8).map {
            (label: $0.source.isEmpty ? "Sans campagne (accès direct, recherche…)" : $0.source, value: $0.count, series: 0)
        }
        let outcomes: [String: (label: String, series: Int)] = ["success": ("réussis", 0), "pending": ("en attente", 1), "failed": ("échoués", 2)]
        let deliveries = try db.crmLogs.outcomesByIntegration(days: 30).map { row in
            let outcome = outcomes[row.status] ?? (row.status, 3)
            return (label: "\(row.integration) — \(outcome.label)", value: row.count, series: outcome.series)
        }
        return [
            BarChart(id: "chart-weeks", title: "Inscriptions par semaine (12 semaines)", rows: weeks, unit: .enrollment,
                     emptyText: "Aucune inscription ces 12 dernières semaines."),
            BarChart(id: "chart-courses", title: "Inscriptions par formation (90 jours)", rows: courses, unit: .enrollment,
                     emptyText: "Aucune inscription ces 90 derniers jours."),
            BarChart(id: "chart-sources", title: "Inscriptions par source, utm_source (90 jours)", rows: sources, unit: .enrollment,
                     emptyText: "Aucune inscription ces 90 derniers jours."),
            BarChart(id: "chart-deliveries", title: "Envois CRM par intégration et résultat (30 jours)", rows: deliveries, unit: .delivery,
                     emptyText: "Aucun envoi CRM ces 30 derniers jours."),
        ]
    }
}
