import HTTPServer

/// Every route of the site, in one place. Public routes are fixed by DESIGN.md.
enum Routes {
    static func register(in router: inout Router, app: Application) {
        let formations = FormationRepository(pool: app.pool)
        HealthRoutes(pool: app.pool, expectedMigrations: app.migrations).register(&router)

        router.get("/") { request in
            let language = Language.negotiate(acceptLanguage: request.header("accept-language"))
            var response = Response.redirect(to: "/\(language.rawValue)/")
            response.headers.add(name: "vary", value: "Accept-Language")
            return response
        }

        let adminRenderer = AdminRenderer(renderer: app.renderer)
        LoginRoutes(
            pool: app.pool, sessions: AdminSessionStore(pool: app.pool), throttle: LoginThrottle(pool: app.pool), admin: adminRenderer,
            secureCookies: app.configuration.baseURL.hasPrefix("https://"), logger: app.logger
        ).register(&router)
        let dashboard = DashboardPage(pool: app.pool, admin: adminRenderer)
        router.get("/admin") { try await dashboard.handle($0) }
        CategoryAdmin(pool: app.pool, admin: adminRenderer).register(&router)
        EnrollmentAdmin(pool: app.pool, admin: adminRenderer).register(&router)
        FormationAdmin(
            pool: app.pool, admin: adminRenderer, formations: formations, store: FormationStore(pool: app.pool), gemini: app.gemini
        ).register(&router)
        CRMAdmin(pool: app.pool, integrations: app.crmIntegrations, channels: app.crmChannels, admin: adminRenderer).register(&router)
        CRMMappingAdmin(pool: app.pool, integrations: app.crmIntegrations, store: FormationStore(pool: app.pool), admin: adminRenderer)
            .register(&router)
        CRMLogAdmin(pool: app.pool, admin: adminRenderer).register(&router)
        LandingPageAdmin(
            pages: LandingPageRepository(pool: app.pool), store: FormationStore(pool: app.pool), admin: adminRenderer, gemini: app.gemini
        ).register(&router)

        let media = MediaStore(pool: app.pool)
        router.get("/media/{filename}") { try await media.response(for: $0) }

        let catalog = CatalogRepository(pool: app.pool)
        PublicPages(catalog: catalog, renderer: app.renderer).register(&router)
        let landingPages = LandingPageRepository(pool: app.pool)
        CrawlerRoutes(catalog: catalog, landingPages: landingPages, baseURL: app.configuration.baseURL).register(&router)

        let course = CoursePageHandler(
            repository: formations, catalog: catalog, enrollments: EnrollmentRepository(pool: app.pool), renderer: app.renderer,
            cache: app.courseCache)
        router.get("/{lang}/formations/{slug}") { try await course.show($0) }
        let landing = LandingPageRoutes(course: course, pages: landingPages)
        landing.register(&router)
        EnrollmentRoutes(
            course: course, landing: landing, service: EnrollmentService(pool: app.pool), limiter: app.submissionLimiter, logger: app.logger
        ).register(&router)
    }
}
