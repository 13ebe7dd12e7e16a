import Foundation
import HTTPServer

/// `GET /admin/conversion?jours=7|30|90`: views, enrollments and conversion rate per course
/// page and landing page, in each language.
struct ConversionRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer

    static let periods = [7, 30, 90]

    func register(_ routes: inout AdminRoutes) {
        routes.get("/admin/conversion", .everyone) { try await handle($0) }
    }

    struct Row: Encodable {
        let title: String
        let href: String
        let page: String
        let views: Int
        let enrollments: Int
        /// "4,2 %", or "—" when views are missing (see `rate`).
        let rate: String
    }

    struct Model: Encodable {
        let rows: [Row]
        let has_rows: Bool
        let periods: [SelectOption]
        let days: Int
        let total_views: Int
        let total_enrollments: Int
        let total_rate: String
    }

    func handle(_ request: Request) async throws -> Response {
        let asked = request.lenientQuery["jours"].flatMap(Int.init)
        let days = asked.flatMap { ConversionRoutes.periods.contains($0) ? $0 : nil } ?? 30
        let report = try await database.run { try $0.pageViews.report(days: days) }
        let rows = report.map { row in
            Row(title: row.title, href: "/admin/formations/\(row.courseID.lowercasedString)/edit",
                page: "\(row.page == .course ? "Fiche formation" : "Page de présentation") (\(AdminFormat.language(row.language.rawValue).lowercased()))",
                views: row.views, enrollments: row.enrollments, rate: ConversionRoutes.rate(row.enrollments, of: row.views))
        }
        let views = report.reduce(0) { $0 + $1.views }
        let enrollments = report.reduce(0) { $0 + $1.enrollments }
        let model = Model(
            rows: rows, has_rows: !rows.isEmpty,
            periods: ConversionRoutes.periods.map { SelectOption(value: String($0), label: "\($0) jours", selected: $0 == days) },
            days: days, total_views: views, total_enrollments: enrollments, total_rate: ConversionRoutes.rate(enrollments, of: views))
        return try admin.page("admin/conversion", model, title: "Conversion", request: request)
    }

    /// One decimal, French comma: 1 of 24 → "4,2 %". More enrollments than views means views
    /// were not counted for part of the period (before counting began, or a lost minute at a
    /// crash): no rate rather than "316 %".
    static func rate(_ enrollments: Int, of views: Int) -> String {
        guard views > 0, enrollments <= views else { return "—" }
        let tenths = Int((Double(enrollments) * 1_000 / Double(views)).rounded())
        return "\(tenths / 10),\(tenths % 10)\u{00A0}%"
    }
}
