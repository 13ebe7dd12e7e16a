import ArgumentParser
import BCOS
import Foundation
import Logging

@main
struct BCOSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bcos",
        abstract: "BCOS training platform: bilingual course website, enrollments and CRM forwarding.",
        subcommands: [Serve.self, Worker.self, Migrate.self, CreateAdmin.self, Render.self, PurgeCRMLogs.self, PurgeEnrollments.self],
        defaultSubcommand: Serve.self)
}

/// Logs go to standard error, one line each: `LOG_FORMAT` picks text (default) or JSON lines,
/// `LOG_LEVEL` the level (info by default), both read like every setting (environment, then `.env`).
func makeLogger(_ configuration: AppConfiguration, label: String = "bcos") -> Logger {
    let (format, level) = (configuration.logFormat, configuration.logLevel)
    LoggingSystem.bootstrap { format.handler(label: $0, level: level) }
    var logger = Logger(label: label)
    logger.logLevel = level
    return logger
}

/// Connects, migrates and compiles the templates, or logs why not and exits non-zero.
func bootstrapOrExit(_ configuration: AppConfiguration, logger: Logger) async throws -> Application {
    do {
        return try await Application.bootstrap(configuration, logger: logger)
    } catch {
        logger.critical("start-up failed: \(error)")
        throw ExitCode.failure
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate, then serve the site (Ctrl-C stops it cleanly).")

    @Flag(help: "Load the demo courses and demo admin when the catalog is empty (default when DATABASE_URL is unset).")
    var demo = false

    func run() async throws {
        let configuration = AppConfiguration.fromEnvironment()
        let logger = makeLogger(configuration)
        let app = try await bootstrapOrExit(configuration, logger: logger)
        // The one Application of this process: its /metrics registry also backs swift-metrics'
        // global MetricsSystem (at most once per process; Application never does it by itself).
        app.bootstrapMetricsSystem()
        var admin: DemoData.Admin?
        if demo || configuration.databaseURL == nil {
            let demoData = DemoData(migrationsDirectory: configuration.migrationsDirectory, dataDirectory: configuration.dataDirectory, logger: logger)
            do {
                try await demoData.loadIfEmpty(app.pool)
                admin = try await demoData.ensureAdmin(app)
            } catch {
                logger.critical("loading demo data failed: \(error)")
                await app.shutdown()
                throw ExitCode.failure
            }
        }
        let demoAdmin = admin
        let worker = configuration.crmWorkerInServer ? app.startDeliveryWorker() : nil
        let mailWorker = configuration.crmWorkerInServer ? app.startMailWorker() : nil
        let housekeeping = app.startHousekeeping()
        let pageViewFlushing = app.startPageViewFlushing()
        let pageCache = app.startPageCache()
        let server = app.makeServer()
        let signals = SignalWatcher { await server.shutdownGracefully() }
        try await server.run { port in
            if configuration.logFormat == .json {
                // Standard error holds JSON lines only: the banner becomes one (never with the password).
                var facts: Logger.Metadata = ["url": "\(configuration.baseURL)/"]
                if let admin = demoAdmin { facts["demo_admin"] = ["email": "\(admin.email)", "password_file": "\(admin.passwordFile)"] }
                logger.notice("BCOS is running", metadata: facts)
                return
            }
            var banner = "\n  BCOS is running: \(configuration.baseURL)/\n"
            if let admin = demoAdmin {
                banner += "  Admin sign-in:   \(configuration.baseURL)/admin/login\n"
                banner += "    e-mail:   \(admin.email)\n"
                banner += admin.newPassword.map { "    password: \($0)  (printed once; kept in \(admin.passwordFile))\n" }
                    ?? "    password: in \(admin.passwordFile)\n"
            }
            banner += "  Press Ctrl-C to stop.\n"
            FileHandle.standardError.write(Data(banner.utf8))
        }
        signals.cancel()
        pageCache?.stop()
        housekeeping.cancel()
        pageViewFlushing.cancel()
        await app.flushPageViews()
        await worker?.stop()
        await mailWorker?.stop()
        await app.shutdown()
    }
}

struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver enrollments to the CRMs and send the outbox's e-mails, without serving the site (run with CRM_WORKER=off on the web instances).")

    func run() async throws {
        let configuration = AppConfiguration.fromEnvironment()
        let logger = makeLogger(configuration)
        let app = try await bootstrapOrExit(configuration, logger: logger)
        let worker = app.startDeliveryWorker()
        let mailWorker = app.startMailWorker()
        let stopped = AsyncStream<Void>.makeStream()
        let signals = SignalWatcher { stopped.continuation.finish() }
        for await _ in stopped.stream {}
        signals.cancel()
        await worker.stop()
        await mailWorker?.stop()
        await app.shutdown()
    }
}

struct PurgeCRMLogs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge-crm-logs", abstract: "Delete CRM log rows older than the retention period (finished deliveries only).")

    @Option(help: "Keep this many days of history.")
    var days = 90

    func run() async throws {
        let configuration = AppConfiguration.fromEnvironment()
        let logger = makeLogger(configuration)
        let app = try await Application.bootstrap(configuration, logger: logger)
        let deleted = try await app.purgeCRMLogs(olderThanDays: max(days, 1))
        logger.info("deleted \(deleted) CRM log rows older than \(days) days")
        await app.shutdown()
    }
}

struct PurgeEnrollments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge-enrollments",
        abstract: "Anonymise enrollments created more than ENROLLMENT_RETENTION_MONTHS months ago (does nothing when it is unset).")

    func run() async throws {
        let configuration = AppConfiguration.fromEnvironment()
        guard configuration.enrollmentRetentionMonths != nil else {
            print(EnrollmentRetention.Outcome.notConfigured.message)
            return
        }
        let logger = makeLogger(configuration)
        let app = try await bootstrapOrExit(configuration, logger: logger)
        do {
            let outcome = try await app.purgeEnrollments()
            print(outcome.message)
            await app.shutdown()
        } catch {
            await app.shutdown()
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending migrations and exit.")

    func run() async throws {
        let configuration = AppConfiguration.fromEnvironment()
        let logger = makeLogger(configuration)
        do {
            let app = try await Application.bootstrap(configuration, logger: logger, migrate: true)
            await app.shutdown()
            logger.info("migrations are up to date")
        } catch {
            logger.critical("\(error)")
            throw ExitCode.failure
        }
    }
}

struct CreateAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-admin", abstract: "Create an admin, or reset the password of an existing one.")

    @Option(help: "The admin's e-mail address (their sign-in).") var email: String
    @Option(help: "The password (at least 10 characters).") var password: String
    @Option(help: "Name shown in the back office.") var name: String?
    @Option(help: "admin (everything), editor (courses, sessions, pages) or sales (enrollments). New accounts: admin; existing ones keep theirs unless given.")
    var role: String?

    func validate() throws {
        if let role, AdminRole(rawValue: role) == nil { throw ValidationError("--role must be admin, editor or sales") }
    }

    func run() async throws {
        let configuration = AppConfiguration.fromEnvironment()
        let logger = makeLogger(configuration)
        let app = try await Application.bootstrap(configuration, logger: logger)
        do {
            let outcome = try await app.adminAccounts.createOrUpdate(
                email: email, password: password, displayName: name, role: role.flatMap(AdminRole.init(rawValue:)))
            print(outcome == .created ? "admin \(email) created" : "password of admin \(email) updated")
            await app.shutdown()
        } catch {
            await app.shutdown()
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
