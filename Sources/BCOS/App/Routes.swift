import HTTPServer

/// Every route of the site, in one place. Public routes are fixed by docs/architecture.md; every
/// admin route is in the admin group, whose middleware signs the admin in and checks CSRF.
enum Routes {
    /// Every back-office route, each declared with the roles allowed on it (`AdminRoutes`).
    static func adminRoutes(app: Application, admin: AdminRenderer) -> AdminRoutes {
        let database = app.database
        var routes = AdminRoutes()
        DashboardRoutes(database: database, admin: admin, mailConfigured: app.mailSettings != nil).register(&routes)
        AdminPreferenceRoutes(database: database).register(&routes)
        ConversionRoutes(database: database, admin: admin).register(&routes)
        CategoryAdminRoutes(database: database, admin: admin).register(&routes)
        CourseAdminRoutes(database: database, admin: admin, gemini: app.gemini).register(&routes)
        EnrollmentAdminRoutes(database: database, admin: admin, mail: app.enrollmentMail).register(&routes)
        PersonDataRoutes(database: database, admin: admin).register(&routes)
        SessionAdminRoutes(database: database, admin: admin, mail: app.enrollmentMail).register(&routes)
        EmailAdminRoutes(database: database, admin: admin, composer: app.emailComposer, mailConfigured: app.mailSettings != nil).register(&routes)
        CRMIntegrationAdminRoutes(database: database, channels: app.crmChannels, admin: admin).register(&routes)
        CRMMappingAdminRoutes(database: database, admin: admin).register(&routes)
        CRMLogAdminRoutes(database: database, admin: admin).register(&routes)
        LandingPageAdminRoutes(database: database, admin: admin, gemini: app.gemini).register(&routes)
        LegalPageAdminRoutes(database: database, admin: admin, footer: app.renderer.footer).register(&routes)
        AccountAdminRoutes(database: database, admin: admin, composer: app.emailComposer, mail: app.mailSettings, baseURL: app.configuration.baseURL)
            .register(&routes)
        AuditAdminRoutes(database: database, admin: admin).register(&routes)
        app.secondFactorRoutes(admin: admin).registerSetup(&routes)
        return routes
    }

    static func register(in router: inout Router, app: Application) {
        let database = app.database
        HealthRoutes(database: database, expectedMigrations: app.migrations).register(&router)

        router.get("/") { request in
            let language = Language.negotiate(acceptLanguage: request.header("accept-language"))
            var response = Response.redirect(to: "/\(language.rawValue)/")
            response.headers.add(name: "vary", value: "Accept-Language")
            return response
        }

        // Back office. Sign-in is the only admin page outside the group.
        let admin = AdminRenderer(renderer: app.renderer)
        LoginRoutes(
            database: database, throttle: LoginThrottle(database: database), admin: admin,
            secureCookies: app.configuration.baseURL.hasPrefix("https://"), logger: app.logger
        ).register(&router)
        AccountLinkRoutes(
            database: database, admin: admin, composer: app.emailComposer, mail: app.mailSettings, baseURL: app.configuration.baseURL,
            secureCookies: app.configuration.baseURL.hasPrefix("https://"), logger: app.logger
        ).register(&router)
        app.secondFactorRoutes(admin: admin).registerSignInStep(&router)
        let adminRoutes = Routes.adminRoutes(app: app, admin: admin)
        router.group([AdminAuthMiddleware(database: database, secondFactorRequired: app.configuration.adminSecondFactorRequired)]) { group in
            adminRoutes.install(into: &group, admin: admin)
        }

        // Public site.
        MediaRoutes(database: database).register(&router)
        CatalogRoutes(database: database, renderer: app.renderer, pages: app.pages).register(&router)
        CrawlerRoutes(database: database, baseURL: app.configuration.baseURL, pages: app.pages).register(&router)
        LegalPageRoutes(database: database, renderer: app.renderer, pages: app.pages).register(&router)
        let coursePages = CoursePageRoutes(database: database, renderer: app.renderer, cache: app.courseCache, tokens: app.submissionTokens, pages: app.pages)
        coursePages.register(&router)
        let landing = LandingPageRoutes(coursePages: coursePages, database: database)
        landing.register(&router)
        EnrollmentRoutes(
            coursePages: coursePages, landing: landing,
            service: EnrollmentService(
                database: database, tokens: app.submissionTokens, limiter: app.submissionLimiter, logger: app.logger, mail: app.enrollmentMail,
                metrics: app.metrics),
            thanksLinks: ThanksLink(secretKey: app.secretKey), mailConfigured: app.mailSettings != nil, logger: app.logger
        ).register(&router)
    }
}
