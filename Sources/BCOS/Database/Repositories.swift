import Postgres

/// Every repository, bound to one connection (see `AppDatabase`). A repository is a small value
/// over that connection with synchronous methods, one per statement or per tight group of
/// statements, that take and return domain types. It owns the SQL of its table or aggregate;
/// other repositories may join that table to read a name or a title, never to write it.
struct Repositories {
    let connection: PostgresConnection
    let secretBox: SecretBox

    var adminSessions: AdminSessionRepository { AdminSessionRepository(connection: connection) }
    var adminUsers: AdminUserRepository { AdminUserRepository(connection: connection, box: secretBox) }
    var adminTokens: AdminTokenRepository { AdminTokenRepository(connection: connection) }
    var loginAttempts: LoginAttemptRepository { LoginAttemptRepository(connection: connection) }
    var categories: CategoryRepository { CategoryRepository(connection: connection) }
    var courses: CourseRepository { CourseRepository(connection: connection) }
    var media: MediaRepository { MediaRepository(connection: connection) }
    var enrollments: EnrollmentRepository { EnrollmentRepository(connection: connection) }
    var sessions: SessionRepository { SessionRepository(connection: connection) }
    var audit: AuditRepository { AuditRepository(connection: connection) }
    var emailOutbox: EmailOutboxRepository { EmailOutboxRepository(connection: connection) }
    var emailTemplates: EmailTemplateRepository { EmailTemplateRepository(connection: connection) }
    var landingPages: LandingPageRepository { LandingPageRepository(connection: connection) }
    var legalPages: LegalPageRepository { LegalPageRepository(connection: connection) }
    var pageViews: PageViewRepository { PageViewRepository(connection: connection) }
    var pageCache: PageCacheRepository { PageCacheRepository(connection: connection) }
    var crmIntegrations: CRMIntegrationRepository { CRMIntegrationRepository(connection: connection, box: secretBox) }
    var crmAccessTokens: CRMAccessTokenRepository { CRMAccessTokenRepository(connection: connection, box: secretBox) }
    var crmMappings: CRMMappingRepository { CRMMappingRepository(connection: connection) }
    var crmLogs: CRMLogRepository { CRMLogRepository(connection: connection) }
    var schemaMigrations: SchemaMigrationRepository { SchemaMigrationRepository(connection: connection) }
}
