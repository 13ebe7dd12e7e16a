import Foundation
import HTTPServer

/// Home (`/{lang}/`) and catalog (`/{lang}/formations`).
struct CatalogRoutes: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let pages: CachedPages

    func register(_ router: inout Router) {
        pages.route(&router, "/{lang}", key: { "home \(try $0.languageParameter().rawValue)" }) { request in
            try await home(try request.languageParameter())
        }
        pages.route(&router, "/{lang}/formations", key: CatalogRoutes.cacheKey) { request in
            try await catalogPage(try request.languageParameter(), CatalogQuery(request.lenientQuery))
        }
    }

    /// Keyed by the query as the page reads it, so junk parameters do not make new pages. A text
    /// search is rendered per request (nil): its variations are endless and would only push the
    /// course pages out.
    static func cacheKey(_ request: Request) throws -> String? {
        let language = try request.languageParameter()
        let query = CatalogQuery(request.lenientQuery)
        return query.text.isEmpty ? "catalog \(language.rawValue) \(query.queryString(page: query.page))" : nil
    }

    struct HomeModel: Encodable {
        let categories: [CategoryTile]
        let popular: [CourseCard]
        let has_popular: Bool
    }

    func home(_ language: Language) async throws -> PageOutcome {
        let (categories, popular, next) = try await database.run { db in
            (try db.categories.allWithCourseCounts(visibleOnly: true), try db.courses.popular(), try db.sessions.nextStarts())
        }
        let model = HomeModel(
            categories: categories.map { CategoryTile($0.category, count: $0.courseCount, language: language) },
            popular: popular.map { CourseCard($0.0, $0.1, language: language, nextStart: next[$0.0.id]) },
            has_popular: !popular.isEmpty)
        let meta = PageMeta(
            language: language, title: Messages.text("home_title", in: language), description: Messages.text("home_description", in: language),
            path: "/\(language.rawValue)/", alternates: [.fr: "/fr/", .ar: "/ar/"])
        return .page(try renderer.page("public/home", model, meta: meta), PageFacts(tags: [.catalog], sessionStarts: Array(next.values)))
    }

    struct CatalogModel: Encodable {
        struct PageLink: Encodable {
            let number: Int
            let href: String
            let current: Bool
        }

        let query: String
        let categories: [SelectOption]
        let levels: [SelectOption]
        let modes: [SelectOption]
        /// The next twelve months, for `mois`.
        let months: [SelectOption]
        let results: [CourseCard]
        let has_results: Bool
        let is_filtered: Bool
        let result_count: String
        let pages: [PageLink]
        let has_pages: Bool
        let prev_href: String?
        let next_href: String?
        let reset_href: String
    }

    func catalogPage(_ language: Language, _ query: CatalogQuery) async throws -> PageOutcome {
        let (categories, found, next) = try await database.run { db in
            (try db.categories.allWithCourseCounts(visibleOnly: true), try db.courses.search(query, language: language), try db.sessions.nextStarts())
        }
        let base = "/\(language.rawValue)/formations"
        let pagination = Pagination(page: query.page, pageSize: CatalogQuery.pageSize, total: found.total)
        let pageCount = pagination.pageCount
        guard !pagination.isBeyondEnd else { throw HTTPError(.notFound, "catalog page \(query.page) of \(pageCount)") }
        let t = { (key: String) in Messages.text(key, in: language) }
        let model = CatalogModel(
            query: query.text,
            categories: categories.map { category, _ in
                SelectOption(
                    value: category.slug,
                    label: LocalizedText.pick(fr: category.nameFr, ar: category.nameAr, legacy: category.name, in: language)?.text ?? category.slug,
                    selected: category.slug == query.categorySlug)
            },
            levels: CourseLevel.allCases.map { .init(value: $0.rawValue, label: t($0.messageKey), selected: $0 == query.level) },
            modes: [
                .init(value: "1", label: t("course_online"), selected: query.online == true),
                .init(value: "0", label: t("course_onsite"), selected: query.online == false),
            ],
            months: CatalogRoutes.months(from: Date()).map { month in
                .init(value: month, label: SessionDateText.monthName(month, in: language) ?? month, selected: month == query.month)
            },
            results: found.courses.map { CourseCard($0.0, $0.1, language: language, nextStart: next[$0.0.id]) },
            has_results: !found.courses.isEmpty,
            is_filtered: query.isFiltered,
            result_count: Plural.text(.courseFound, count: found.total, in: language),
            pages: pageCount > 1 ? (1...pageCount).map { .init(number: $0, href: base + query.queryString(page: $0), current: $0 == query.page) } : [],
            has_pages: pageCount > 1,
            prev_href: query.page > 1 ? base + query.queryString(page: query.page - 1) : nil,
            next_href: query.page < pageCount ? base + query.queryString(page: query.page + 1) : nil,
            reset_href: base)
        var meta = PageMeta(
            language: language, title: t("catalog_title"), description: t("catalog_description"),
            path: base + query.queryString(page: query.page),
            alternates: [.fr: "/fr/formations" + query.queryString(page: query.page), .ar: "/ar/formations" + query.queryString(page: query.page)])
        meta.prevHref = model.prev_href
        meta.nextHref = model.next_href
        // Filtered and searched lists are endless variations: keep them out of search indexes.
        meta.noIndex = !query.text.isEmpty
        let page = try renderer.page("public/catalog", model, meta: meta)
        // A filter naming no category, or a month outside the twelve offered, is rendered but not
        // kept: such addresses are endless, and would only push real pages out of the cache.
        let known = (query.categorySlug.map { slug in categories.contains { $0.0.slug == slug } } ?? true)
            && (query.month.map { model.months.map(\.value).contains($0) } ?? true)
        return known ? .page(page, PageFacts(tags: [.catalog], sessionStarts: Array(next.values))) : .other(page)
    }

    /// `2027-01`, `2027-02`…: this month and the eleven after it, in Casablanca.
    static func months(from date: Date) -> [String] {
        let start = SessionDateText.month(date).split(separator: "-").compactMap { Int($0) }
        guard start.count == 2 else { return [] }
        return (0..<12).map { offset in
            let index = start[1] - 1 + offset
            let (year, month) = (start[0] + index / 12, index % 12 + 1)
            return "\(year)-\(month < 10 ? "0" : "")\(month)"
        }
    }
}
