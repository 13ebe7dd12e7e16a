import Foundation
import HTTPServer
import Logging
import Outbound
import Postgres
import Templating

/// The assembled application: database pool, compiled templates, static files and routes.
/// `bootstrap` does everything that can fail before the first visitor arrives — connect, migrate,
/// compile every template — so a broken template or an edited migration stops start-up with a
/// clear message instead of failing a request.
public final class Application: Sendable {
    public let configuration: AppConfiguration
    public let pool: PostgresPool
    public let renderer: PageRenderer
    public let logger: Logger
    public let embedded: EmbeddedPostgres?
    public let secretKey: String
    let migrations: [Migrator.Migration]
    /// The per-address enrollment limit; its counts live in PostgreSQL, shared by all instances.
    let submissionLimiter: SubmissionRateLimiter
    /// Signs and checks enrollment form tokens with `SECRET_KEY`.
    let submissionTokens: SubmissionTokenSigner
    /// Outbound HTTP (libcurl) for Gemini and the CRM providers: one thread per transfer in
    /// flight, so enough for every delivery slot of the worker (slow CRMs hold theirs) plus AI calls.
    let http: HTTPClient
    /// Course data for course pages, checked against the database on every render.
    let courseCache = CourseCache()
    /// SMTP (libcurl) for e-mail integrations and alerts.
    let smtp: SMTPClient
    /// Course and landing page views, summed in memory and written every minute (conversion report).
    let pageViews = PageViewCounter()
    /// `Templates/email/visitor-*`, read at start-up (the admin's versions are in the database).
    let mailDefaults: [Language: MailTemplateText]
    /// What `/metrics` reports: this application's own registry (see `AppMetrics` for why).
    let metrics = AppMetrics()
    /// The rendered public pages; nil with `PAGE_CACHE=off`. Serves nothing until
    /// `startPageCache()`'s listener is connected.
    let pageCache: PageCache?

    /// How public pages are served, from the cache or rendered (see `CachedPages`).
    var pages: CachedPages {
        CachedPages(cache: pageCache, database: database, tokens: submissionTokens, views: pageViews, baseURL: configuration.baseURL)
    }

    /// Starts listening for changes, after which the page cache serves; nil with `PAGE_CACHE=off`.
    public func startPageCache() -> PageCacheListener? {
        guard let pageCache else { return nil }
        let listener = PageCacheListener(
            cache: pageCache, footer: renderer.footer, database: database, configuration: pool.configuration, logger: logger)
        listener.start()
        return listener
    }

    var secretBox: SecretBox { SecretBox(secretKey: secretKey) }
    /// The way into PostgreSQL for everything but migrations (see `AppDatabase`).
    var database: AppDatabase { AppDatabase(pool: pool, secretBox: secretBox) }
    public var adminAccounts: AdminAccounts { AdminAccounts(database: database) }
    var crmChannels: CRMChannels { CRMChannels(http: http, smtp: smtp, baseURL: configuration.baseURL, database: database) }
    var crmSettings: CRMSettings {
        CRMSettings(
            retrySchedule: CRMSettings.schedule(
                explicit: configuration.crmRetrySchedule, maxRetries: configuration.crmMaxRetries, baseSeconds: configuration.crmRetryBaseSeconds),
            concurrency: configuration.crmWorkers,
            lease: .milliseconds(Int64(configuration.crmLeaseSeconds * 1_000)),
            pollInterval: .milliseconds(Int64(configuration.crmPollSeconds * 1_000)))
    }

    /// The site's own e-mails (`SMTP_URL`); nil when none is configured.
    var mailSettings: MailSettings? { MailSettings(configuration) }

    /// Builds every e-mail and its preview (the same code for both).
    var emailComposer: EmailComposer {
        EmailComposer(
            templates: renderer.templates, defaults: mailDefaults, baseURL: configuration.baseURL,
            contactEmail: mailSettings?.contactEmail ?? configuration.contactEmail ?? configuration.mailFrom ?? "contact@bcos.ma",
            contactPhone: configuration.contactPhone)
    }

    /// What writes an enrollment's e-mails to the outbox; nil without SMTP.
    var enrollmentMail: EnrollmentMail? { mailSettings.map { EnrollmentMail(settings: $0, composer: emailComposer) } }

    func secondFactorRoutes(admin: AdminRenderer) -> SecondFactorRoutes {
        SecondFactorRoutes(
            database: database, admin: admin, throttle: LoginThrottle(database: database), box: secretBox,
            secureCookies: configuration.baseURL.hasPrefix("https://"), logger: logger)
    }

    /// Starts the mail worker and its LISTEN connection, when SMTP is configured.
    public func startMailWorker() -> DeliveryWorkerHandle? {
        guard let settings = mailSettings else {
            logger.notice("SMTP_URL is not set: confirmation e-mails are not sent")
            return nil
        }
        let worker = MailWorker(
            database: database, smtp: smtp, settings: settings, logger: logger,
            pollInterval: .milliseconds(Int64(configuration.crmPollSeconds * 1_000)))
        let listener = PostgresListener(configuration: pool.configuration, channel: "email_outbox", logger: logger) { worker.poke() }
        listener.start()
        return DeliveryWorkerHandle(task: Task { await worker.run() }, listener: listener)
    }

    func makeDeliveryWorker(pool workerPool: PostgresPool? = nil) -> DeliveryWorker {
        let workerDatabase = AppDatabase(pool: workerPool ?? pool, secretBox: secretBox)
        return DeliveryWorker(
            database: workerDatabase, channels: CRMChannels(http: http, smtp: smtp, baseURL: configuration.baseURL, database: workerDatabase),
            settings: crmSettings, logger: logger,
            alerts: DeliveryAlerts(
                to: configuration.alertEmail, smtpURL: configuration.alertSMTPURL, from: configuration.alertFrom, smtp: smtp,
                baseURL: configuration.baseURL),
            metrics: metrics)
    }

    /// Hourly clean-up while the server runs: expired admin sessions, sign-in attempts older
    /// than a day (the lockout window is 15 minutes), used or expired one-time links, and the
    /// audit trail beyond `AUDIT_RETENTION_DAYS`. Cancel the task to stop it.
    public func startHousekeeping() -> Task<Void, Never> {
        Task { [database, logger, auditDays = configuration.auditRetentionDays] in
            while !Task.isCancelled {
                do {
                    try await database.run { db in
                        try db.adminSessions.purgeExpired()
                        try db.loginAttempts.purgeOld()
                        try db.adminTokens.purgeOld()
                        try db.audit.purge(olderThanDays: auditDays)
                    }
                } catch {
                    logger.notice("housekeeping skipped: \(error)")
                }
                try? await Task.sleep(for: .seconds(3_600))
            }
        }
    }

    /// Writes page views every `PAGE_VIEW_FLUSH_SECONDS` (60 by default). Cancel the task, then
    /// call `flushPageViews()` to keep the last minute's views at shutdown.
    public func startPageViewFlushing() -> Task<Void, Never> {
        pageViews.startFlushing(database, every: .seconds(configuration.pageViewFlushSeconds), logger: logger)
    }

    public func flushPageViews() async {
        do { try await pageViews.flush(database) } catch { logger.notice("page views not written at shutdown: \(error)") }
    }

    public func purgeCRMLogs(olderThanDays days: Int) async throws -> Int {
        try await database.run { try $0.crmLogs.purge(olderThanDays: days) }
    }

    /// Starts the delivery worker and its LISTEN connection; `stop()` on the handle ends both,
    /// letting in-flight deliveries finish or be abandoned to their lease.
    public func startDeliveryWorker() -> DeliveryWorkerHandle {
        let worker = makeDeliveryWorker()
        let listener = PostgresListener(configuration: pool.configuration, channel: "crm_outbox", logger: logger) { worker.poke() }
        listener.start()
        return DeliveryWorkerHandle(task: Task { await worker.run() }, listener: listener)
    }

    /// Gemini for AI course content, when `GEMINI_API_KEY` is set.
    var gemini: GeminiClient? {
        configuration.geminiAPIKey.map {
            GeminiClient(apiKey: $0, model: configuration.geminiModel, baseURL: configuration.geminiBaseURL, http: http)
        }
    }

    public struct Options: Sendable {
        public var loadDemoData: Bool
        public var serverConfiguration: ServerConfiguration?
        public init(loadDemoData: Bool = false, serverConfiguration: ServerConfiguration? = nil) {
            self.loadDemoData = loadDemoData
            self.serverConfiguration = serverConfiguration
        }
    }

    public static func bootstrap(_ configuration: AppConfiguration, logger: Logger, migrate: Bool = true) async throws -> Application {
        // A public (https) site seals CRM secrets and signs tokens with SECRET_KEY: a short or
        // missing key there is a configuration error, not something to run with.
        if configuration.baseURL.hasPrefix("https://"), (configuration.secretKey?.utf8.count ?? 0) < 32 {
            throw StartupError("SECRET_KEY must be at least 32 bytes when BASE_URL is https (generate one with: openssl rand -base64 32)")
        }
        var embedded: EmbeddedPostgres?
        let connectionString: String
        if let url = configuration.databaseURL {
            connectionString = url
        } else {
            let cluster = EmbeddedPostgres(dataDirectory: configuration.dataDirectory, logger: logger)
            try cluster.start()
            embedded = cluster
            connectionString = cluster.connectionString
        }
        let pool = PostgresPool(
            configuration: PostgresConfiguration(connectionString: connectionString, maxConnections: configuration.maxDatabaseConnections),
            logger: logger)
        let migrator = Migrator(directory: configuration.migrationsDirectory, logger: logger)
        if migrate { try await migrator.migrate(pool) }
        let templates = try TemplateSet(directory: configuration.templatesDirectory)
        let assets = try StaticFiles(directory: configuration.publicDirectory)
        if configuration.secretKey == nil, configuration.databaseURL != nil {
            // Fine for one machine; with several instances each would seal CRM secrets with its own key.
            logger.warning("SECRET_KEY is not set: using the key in \(configuration.dataDirectory.path)/secret_key. Set the same SECRET_KEY on every instance.")
        }
        let secret = try configuration.secretKey ?? DevelopmentSecret.load(dataDirectory: configuration.dataDirectory)
        // Internal addresses are refused to every outbound connection unless listed here; a bad
        // entry stops start-up rather than silently allowing or refusing more than meant.
        let policy: OutboundAddressPolicy
        do {
            policy = try OutboundAddressPolicy(allowList: configuration.outboundAllow ?? "")
        } catch {
            throw StartupError("OUTBOUND_ALLOW: \(error)")
        }
        return Application(
            configuration: configuration, pool: pool,
            renderer: PageRenderer(templates: templates, assets: assets, baseURL: configuration.baseURL),
            logger: logger, embedded: embedded, secretKey: secret, migrations: try migrator.migrations(), outboundPolicy: policy,
            mailDefaults: try MailTemplateText.defaults(directory: configuration.templatesDirectory))
    }

    init(configuration: AppConfiguration, pool: PostgresPool, renderer: PageRenderer, logger: Logger,
         embedded: EmbeddedPostgres?, secretKey: String, migrations: [Migrator.Migration], outboundPolicy: OutboundAddressPolicy,
         mailDefaults: [Language: MailTemplateText]) {
        self.mailDefaults = mailDefaults
        self.configuration = configuration
        self.pool = pool
        self.renderer = renderer
        self.logger = logger
        self.embedded = embedded
        self.secretKey = secretKey
        self.migrations = migrations
        submissionLimiter = SubmissionRateLimiter(limit: configuration.enrollmentRateLimit, secretKey: secretKey)
        submissionTokens = SubmissionTokenSigner(secretKey: secretKey)
        pageCache = configuration.pageCacheEnabled ? PageCache(capacityBytes: configuration.pageCacheMegabytes << 20, metrics: metrics) : nil
        http = HTTPClient(maxConcurrentRequests: configuration.crmWorkers + 4, addressPolicy: outboundPolicy)
        smtp = SMTPClient(maxConcurrentSends: 4, addressPolicy: outboundPolicy)
    }

    /// The whole site as one responder: middleware around the router, static files first.
    public func responder() -> any Responder {
        var router = Router()
        Routes.register(in: &router, app: self)
        let pages = AppErrorPages(renderer: renderer)
        return MiddlewareChain(
            // First, so that every answer, error pages and static files included, carries the request's id.
            [RequestIDMiddleware(logger: logger)] as [any Middleware]
            + (configuration.trustProxy ? [ForwardedClientMiddleware()] as [any Middleware] : []) + [
                MetricsMiddleware(metrics: metrics, access: MetricsAccess(token: configuration.metricsToken), database: database, logger: logger),
                SecurityHeadersMiddleware(https: configuration.baseURL.hasPrefix("https://")),
                ErrorMiddleware(pages: pages, logger: logger),
                StaticFilesMiddleware(files: renderer.assets),
                LegalFooterMiddleware(footer: renderer.footer, database: database),
            ] + (pageCache.map { [PageCacheMiddleware(cache: $0, database: database, logger: logger)] } ?? []),
            then: router)
    }

    public func makeServer(_ serverConfiguration: ServerConfiguration? = nil) -> HTTPServer {
        var accessLogger = logger
        if !configuration.accessLog { accessLogger.logLevel = .warning }
        var server = serverConfiguration ?? ServerConfiguration(host: configuration.host, port: configuration.port)
        // Only cache hits are answered at once (and static files, with them); with PAGE_CACHE=off
        // every request takes the async way, as it did before the cache.
        server.answersImmediately = pageCache != nil
        return HTTPServer(configuration: server, responder: responder(), errorPages: AppErrorPages(renderer: renderer), logger: accessLogger)
    }

    /// Makes this application's metrics registry the backend of swift-metrics' global
    /// `MetricsSystem`; once per process (`bcos serve` calls it), later calls do nothing.
    public func bootstrapMetricsSystem() {
        metrics.bootstrapMetricsSystem()
    }

    /// Releases the pool and stops the embedded cluster, if this process started it.
    public func shutdown() async {
        await pool.shutdown()
        embedded?.stop()
    }
}

/// A setting that stops start-up, with the message to show.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
