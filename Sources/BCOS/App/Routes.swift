import HTTPServer

/// Every route of the site, in one place. Public routes are fixed by DESIGN.md.
enum Routes {
    static func register(in router: inout Router, app: Application) {
        let formations = CourseRepository(pool: app.pool)
        HealthRoutes(pool: app.pool, expectedMigrations: app.migrations).register(&router)

        router.get("/") { request in
            let language = Language.negotiate(acceptLanguage: request.header("accept-language"))
            var response = Response.redirect(to: "/\(language.rawValue)/")
            response.headers.add(name: "vary", value: "Accept-Language")
            return response
        }

        let adminRenderer = AdminRenderer(renderer: app.renderer)
        LoginRoutes(
            pool: app.pool, sessions: AdminSessionRepository(pool: app.pool), throttle: LoginThrottle(pool: app.pool), admin: adminRenderer,
            secureCookies: app.configuration.baseURL.hasPrefix("https://"), logger: app.logger
        ).register(&router)
        let dashboard = DashboardRoutes(pool: app.pool, admin: adminRenderer)
        router.get("/admin") { try await dashboard.handle($0) }
        CategoryAdminRoutes(pool: app.pool, admin: adminRenderer).register(&router)
        EnrollmentAdminRoutes(pool: app.pool, admin: adminRenderer).register(&router)
        CourseAdminRoutes(
            pool: app.pool, admin: adminRenderer, formations: formations, store: CourseEditorSQL(pool: app.pool), gemini: app.gemini
        ).register(&router)
        CRMIntegrationAdminRoutes(pool: app.pool, integrations: app.crmIntegrations, channels: app.crmChannels, admin: adminRenderer).register(&router)
        CRMMappingAdminRoutes(pool: app.pool, integrations: app.crmIntegrations, store: CourseEditorSQL(pool: app.pool), admin: adminRenderer)
            .register(&router)
        CRMLogAdminRoutes(pool: app.pool, admin: adminRenderer).register(&router)
        LandingPageAdminRoutes(
            pages: LandingPageRepository(pool: app.pool), store: CourseEditorSQL(pool: app.pool), admin: adminRenderer, gemini: app.gemini
        ).register(&router)

        let media = MediaRepository(pool: app.pool)
        router.get("/media/{filename}") { try await media.response(for: $0) }

        let catalog = CatalogRepository(pool: app.pool)
        CatalogRoutes(catalog: catalog, renderer: app.renderer).register(&router)
        let landingPages = LandingPageRepository(pool: app.pool)
        CrawlerRoutes(catalog: catalog, landingPages: landingPages, baseURL: app.configuration.baseURL).register(&router)

        let coursePages = CoursePageRoutes(
            repository: formations, catalog: catalog, enrollments: EnrollmentRepository(pool: app.pool), renderer: app.renderer,
            cache: app.courseCache)
        router.get("/{lang}/formations/{slug}") { try await coursePages.show($0) }
        let landing = LandingPageRoutes(coursePages: coursePages, pages: landingPages)
        landing.register(&router)
        EnrollmentRoutes(
            coursePages: coursePages, landing: landing, service: EnrollmentService(pool: app.pool), limiter: app.submissionLimiter, logger: app.logger
        ).register(&router)
    }
}
