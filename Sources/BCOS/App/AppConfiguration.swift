import Foundation
import Logging

/// Settings read from the environment (and a `.env` file in development). Names and defaults are
/// the ones in the README's configuration table.
public struct AppConfiguration: Sendable {
    /// `DATABASE_URL`; nil means "start the embedded cluster under `.data/`".
    public var databaseURL: String?
    public var host: String
    public var port: Int
    /// Public origin used in canonical links, the sitemap and e-mails, without trailing slash.
    public var baseURL: String
    /// `SECRET_KEY`; in development generated once into `.data/secret_key`.
    public var secretKey: String?
    public var dataDirectory: URL
    /// Where Templates/, Public/ and migrations/ live (the working directory by default).
    public var rootDirectory: URL
    public var maxDatabaseConnections: Int
    public var accessLog: Bool
    /// Google Gemini for AI course content; nil key → the feature is shown disabled.
    public var geminiAPIKey: String?
    public var geminiModel: String
    public var geminiBaseURL: String
    /// CRM delivery (README): `CRM_RETRY_SCHEDULE` (seconds before each retry, `60,900,7200` by
    /// default), or the older `CRM_MAX_RETRIES` and `CRM_RETRY_BASE_SECONDS` (exponential);
    /// `CRM_WORKERS`, `CRM_LEASE_SECONDS`, `CRM_POLL_SECONDS`; `CRM_WORKER=off` keeps
    /// `bcos serve` from delivering (when `bcos worker` runs separately).
    public var crmRetrySchedule: [Double]?
    public var crmMaxRetries: Int?
    public var crmWorkers = 4
    public var crmRetryBaseSeconds: Double?
    public var crmLeaseSeconds = 150.0
    public var crmPollSeconds = 5.0
    public var crmWorkerInServer = true
    /// `ENROLLMENT_RATE_LIMIT`: enrollments accepted per client address per 10 minutes.
    public var enrollmentRateLimit = 10
    /// `PAGE_VIEW_FLUSH_SECONDS`: how often counted page views are written (1–3600, default 60).
    public var pageViewFlushSeconds = 60
    /// `TRUST_PROXY=on`: take the client address from `X-Forwarded-For` (loopback proxy only).
    public var trustProxy = false
    /// `ALERT_EMAIL`, `ALERT_SMTP_URL`, `ALERT_FROM`: an e-mail when a delivery gives up.
    public var alertEmail: String?
    public var alertSMTPURL: String?
    public var alertFrom: String?
    /// `OUTBOUND_ALLOW`: CIDR ranges and host names that outbound HTTP and SMTP may reach although
    /// they are internal (a CRM on the private network, local test servers). Unset: none.
    public var outboundAllow: String?
    /// `SMTP_URL` (`ALERT_SMTP_URL` as an alias) and `MAIL_FROM` (alias `ALERT_FROM`): the server
    /// and sender of the visitors' confirmation e-mails and the team's notifications. Unset:
    /// no e-mail is sent, and the dashboard says so.
    public var smtpURL: String?
    public var mailFrom: String?
    /// `NOTIFY_EMAIL`: comma-separated team addresses told of every new enrollment.
    public var notifyEmail: String?
    /// `CONTACT_EMAIL` (default: `MAIL_FROM`) and `CONTACT_PHONE`: the contact line of e-mails.
    public var contactEmail: String?
    public var contactPhone: String?
    /// `MAIL_RETRY_SCHEDULE`: seconds before each new attempt of an e-mail (`60,300,1800,7200,21600`).
    public var mailRetrySchedule: [Double] = [60, 300, 1_800, 7_200, 21_600]
    /// `ADMIN_2FA=required`: accounts with the `admin` role must turn on TOTP before anything else.
    public var adminSecondFactorRequired = false
    /// `AUDIT_RETENTION_DAYS`: how long the audit trail is kept (default 365).
    public var auditRetentionDays = 365
    /// `ENROLLMENT_RETENTION_MONTHS`: `bcos purge-enrollments` anonymises enrollments created
    /// longer ago than that (whole months, 1–1200). Unset: enrollments are kept as they are.
    public var enrollmentRetentionMonths: Int?
    /// `METRICS_TOKEN`: `/metrics` also answers `Authorization: Bearer <token>` from any address
    /// (only loopback clients without it). Unset: loopback only.
    public var metricsToken: String?
    /// `LOG_LEVEL` (`trace` … `critical`, default `info`) and `LOG_FORMAT` (`text` by default, or
    /// `json`: one JSON object per line, see `JSONLogHandler`).
    public var logLevel: Logger.Level = .info
    public var logFormat: LogFormat = .text
    /// `PAGE_CACHE=off` renders every public page per request; on by default (see `PageCache`).
    public var pageCacheEnabled = true
    /// `PAGE_CACHE_MB`: the rendered-page cache's memory budget (default 64, 1–4096).
    public var pageCacheMegabytes = 64

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AppConfiguration {
        let root = URL(fileURLWithPath: environment["BCOS_ROOT"] ?? FileManager.default.currentDirectoryPath)
        var merged = DotEnv.load(root.appendingPathComponent(".env"))
        merged.merge(environment) { _, process in process }
        let host = merged["HOST"] ?? "127.0.0.1"
        let port = merged["PORT"].flatMap(Int.init) ?? 8080
        let base = merged["BASE_URL"].map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "http://\(host):\(port)"
        return AppConfiguration(
            databaseURL: merged["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            host: host, port: port, baseURL: base,
            secretKey: merged["SECRET_KEY"].flatMap { $0.isEmpty ? nil : $0 },
            dataDirectory: URL(fileURLWithPath: merged["BCOS_DATA_DIR"] ?? root.appendingPathComponent(".data").path),
            rootDirectory: root,
            maxDatabaseConnections: merged["DATABASE_POOL_SIZE"].flatMap(Int.init) ?? 10,
            accessLog: merged["ACCESS_LOG"] != "off",
            geminiAPIKey: merged["GEMINI_API_KEY"].flatMap { $0.isEmpty ? nil : $0 },
            geminiModel: merged["GEMINI_MODEL"].flatMap { $0.isEmpty ? nil : $0 } ?? "gemini-2.5-flash",
            geminiBaseURL: merged["GEMINI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://generativelanguage.googleapis.com",
            crmRetrySchedule: merged["CRM_RETRY_SCHEDULE"].flatMap(AppConfiguration.schedule),
            crmMaxRetries: merged["CRM_MAX_RETRIES"].flatMap(Int.init).map { min(max($0, 0), 20) },
            crmWorkers: merged["CRM_WORKERS"].flatMap(Int.init).map { min(max($0, 1), 64) } ?? 4,
            // Finite and at most a day: `inf` or `1e300` would trap when turned into a Duration.
            crmRetryBaseSeconds: merged["CRM_RETRY_BASE_SECONDS"].flatMap(Double.init).flatMap { $0.isFinite ? min(max($0, 0.05), 86_400) : nil },
            crmLeaseSeconds: merged["CRM_LEASE_SECONDS"].flatMap(Double.init).map { max($0, 1) } ?? 150,
            crmPollSeconds: merged["CRM_POLL_SECONDS"].flatMap(Double.init).map { max($0, 0.1) } ?? 5,
            crmWorkerInServer: merged["CRM_WORKER"]?.lowercased() != "off",
            enrollmentRateLimit: merged["ENROLLMENT_RATE_LIMIT"].flatMap(Int.init).map { max($0, 1) } ?? 10,
            pageViewFlushSeconds: merged["PAGE_VIEW_FLUSH_SECONDS"].flatMap(Int.init).map { min(max($0, 1), 3_600) } ?? 60,
            trustProxy: ["on", "1", "true", "yes"].contains(merged["TRUST_PROXY"]?.lowercased() ?? ""),
            alertEmail: merged["ALERT_EMAIL"].flatMap { $0.isEmpty ? nil : $0 },
            alertSMTPURL: (merged["ALERT_SMTP_URL"]?.nilIfEmpty ?? merged["SMTP_URL"]?.nilIfEmpty),
            alertFrom: (merged["ALERT_FROM"]?.nilIfEmpty ?? merged["MAIL_FROM"]?.nilIfEmpty),
            outboundAllow: merged["OUTBOUND_ALLOW"].flatMap { $0.isEmpty ? nil : $0 },
            smtpURL: (merged["SMTP_URL"]?.nilIfEmpty ?? merged["ALERT_SMTP_URL"]?.nilIfEmpty),
            mailFrom: (merged["MAIL_FROM"]?.nilIfEmpty ?? merged["ALERT_FROM"]?.nilIfEmpty),
            notifyEmail: merged["NOTIFY_EMAIL"]?.nilIfEmpty,
            contactEmail: merged["CONTACT_EMAIL"]?.nilIfEmpty,
            contactPhone: merged["CONTACT_PHONE"]?.nilIfEmpty,
            mailRetrySchedule: merged["MAIL_RETRY_SCHEDULE"].flatMap(AppConfiguration.schedule) ?? [60, 300, 1_800, 7_200, 21_600],
            adminSecondFactorRequired: merged["ADMIN_2FA"]?.lowercased() == "required",
            auditRetentionDays: merged["AUDIT_RETENTION_DAYS"].flatMap(Int.init).map { min(max($0, 1), 36_500) } ?? 365,
            enrollmentRetentionMonths: EnrollmentRetention.months(merged["ENROLLMENT_RETENTION_MONTHS"]),
            metricsToken: merged["METRICS_TOKEN"]?.nilIfEmpty,
            logLevel: merged["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info,
            logFormat: merged["LOG_FORMAT"].flatMap { LogFormat(rawValue: $0.lowercased()) } ?? .text,
            pageCacheEnabled: !["off", "0", "false", "no"].contains(merged["PAGE_CACHE"]?.lowercased() ?? ""),
            pageCacheMegabytes: merged["PAGE_CACHE_MB"].flatMap(Int.init).map { min(max($0, 1), 4_096) } ?? 64)
    }

    /// `60,900,7200`: positive seconds, at most 20 of them; anything else is ignored (nil).
    static func schedule(_ text: String) -> [Double]? {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.count <= 20, values.allSatisfy({ ($0 ?? -1) > 0 && ($0 ?? 0).isFinite }) else { return nil }
        return values.compactMap { $0 }
    }

    public var templatesDirectory: URL { rootDirectory.appendingPathComponent("Templates") }
    public var publicDirectory: URL { rootDirectory.appendingPathComponent("Public") }
    public var migrationsDirectory: URL { rootDirectory.appendingPathComponent("migrations") }
}
