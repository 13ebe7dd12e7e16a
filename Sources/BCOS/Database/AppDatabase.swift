import Postgres

/// The application's only way into PostgreSQL. Handlers, services and middleware hold this, never
/// a `PostgresPool`, and never SQL: every statement lives in a repository (`Repositories`).
///
/// A unit of work is a closure that receives the repositories bound to one pooled connection. It
/// runs on the pool's blocking threads (libpq calls block), never on an event loop:
///
///     let categories = try await database.run { try $0.categories.all() }
///     try await database.transaction { db in
///         let id = try db.enrollments.insert(enrollment)
///         try db.crmLogs.enqueue(enrollmentID: id, courseID: course.id)
///     }
///
/// Several reads in one closure share one connection checkout, which is also the cheapest way.
struct AppDatabase: Sendable {
    let pool: PostgresPool
    /// Seals and opens CRM secrets for `CRMIntegrationRepository`.
    let secretBox: SecretBox

    /// Runs `work` on one connection, each statement in its own implicit transaction.
    func run<T: Sendable>(_ work: @escaping @Sendable (Repositories) throws -> T) async throws -> T {
        let box = secretBox
        return try await pool.withConnection { try work(Repositories(connection: $0, secretBox: box)) }
    }

    /// The pool's idle and borrowed connections at this instant (for `/metrics`).
    var connectionCounts: PostgresConnectionCounts { pool.connectionCounts }

    /// Runs `work` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ work: @escaping @Sendable (Repositories) throws -> T) async throws -> T {
        let box = secretBox
        return try await pool.withTransaction { try work(Repositories(connection: $0, secretBox: box)) }
    }
}
