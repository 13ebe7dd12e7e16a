import HTTPServer

/// Every route of the site, in one place. Public routes are fixed by docs/architecture.md; every
/// admin route is in the admin group, whose middleware signs the admin in and checks CSRF.
enum Routes {
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
        router.group([AdminAuthMiddleware(database: database)]) { group in
            DashboardRoutes(database: database, admin: admin, mailConfigured: app.mailSettings != nil).register(&group)
            AdminPreferenceRoutes(database: database).register(&group)
            ConversionRoutes(database: database, admin: admin).register(&group)
            CategoryAdminRoutes(database: database, admin: admin).register(&group)
            CourseAdminRoutes(database: database, admin: admin, gemini: app.gemini).register(&group)
            EnrollmentAdminRoutes(database: database, admin: admin, mail: app.enrollmentMail).register(&group)
            PersonDataRoutes(database: database, admin: admin).register(&group)
            SessionAdminRoutes(database: database, admin: admin, mail: app.enrollmentMail).register(&group)
            EmailAdminRoutes(database: database, admin: admin, composer: app.emailComposer, mailConfigured: app.mailSettings != nil).register(&group)
            CRMIntegrationAdminRoutes(database: database, channels: app.crmChannels, admin: admin).register(&group)
            CRMMappingAdminRoutes(database: database, admin: admin).register(&group)
            CRMLogAdminRoutes(database: database, admin: admin).register(&group)
            LandingPageAdminRoutes(database: database, admin: admin, gemini: app.gemini).register(&group)
        }

        // Public site.
        MediaRoutes(database: database).register(&router)
        CatalogRoutes(database: database, renderer: app.renderer).register(&router)
        CrawlerRoutes(database: database, baseURL: app.configuration.baseURL).register(&router)
        let coursePages = CoursePageRoutes(database: database, renderer: app.renderer, cache: app.courseCache, tokens: app.submissionTokens, views: app.pageViews)
        coursePages.register(&router)
        let landing = LandingPageRoutes(coursePages: coursePages, database: database)
        landing.register(&router)
        EnrollmentRoutes(
            coursePages: coursePages, landing: landing,
            service: EnrollmentService(
                database: database, tokens: app.submissionTokens, limiter: app.submissionLimiter, logger: app.logger, mail: app.enrollmentMail),
            thanksLinks: ThanksLink(secretKey: app.secretKey), mailConfigured: app.mailSettings != nil, logger: app.logger
        ).register(&router)
    }
}
