import Foundation

/// `ENROLLMENT_RETENTION_MONTHS`: enrollments created longer ago than that are anonymised
/// (`Anonymisation`) by `bcos purge-enrollments`, run daily like `purge-crm-logs`. Unset: nothing
/// is anonymised. Each batch is one transaction with its audit row (no actor: the rule did it).
public enum EnrollmentRetention {
    public enum Outcome: Sendable, Equatable {
        /// `ENROLLMENT_RETENTION_MONTHS` is unset (or not a whole number of months, at least 1).
        case notConfigured
        case anonymised(count: Int, months: Int)

        /// What the command prints.
        public var message: String {
            switch self {
            case .notConfigured:
                "ENROLLMENT_RETENTION_MONTHS is not set (or is not a whole number of months, at least 1): no enrollment was anonymised."
            case .anonymised(let count, let months):
                "anonymised \(count) enrollment\(count == 1 ? "" : "s") created more than \(months) month\(months == 1 ? "" : "s") ago"
            }
        }
    }

    /// `ENROLLMENT_RETENTION_MONTHS` as read: a whole number from 1 to 1200, else nil (unset).
    static func months(_ text: String?) -> Int? {
        guard let text, let months = Int(text.trimmingCharacters(in: .whitespaces)), (1...1_200).contains(months) else { return nil }
        return months
    }

    static let batchSize = 200
}

extension Application {
    /// The retention rule (`bcos purge-enrollments` calls this): anonymises, batch by batch,
    /// every enrollment created more than `enrollmentRetentionMonths` months ago and not yet
    /// anonymised.
    public func purgeEnrollments() async throws -> EnrollmentRetention.Outcome {
        guard let months = configuration.enrollmentRetentionMonths else { return .notConfigured }
        var total = 0
        while true {
            let count = try await database.transaction { db -> Int in
                let ids = try db.personData.expired(olderThanMonths: months, limit: EnrollmentRetention.batchSize)
                guard !ids.isEmpty else { return 0 }
                let count = try db.personData.anonymise(ids)
                try db.audit.record(AuditEvent(
                    .enrollment, "anonymised",
                    "\(Plural.text(.enrollment, count: count, in: .fr)) de plus de \(months) mois \(count == 1 ? "anonymisée" : "anonymisées") par la règle de conservation (ENROLLMENT_RETENTION_MONTHS)."),
                    by: nil)
                return count
            }
            total += count
            if count < EnrollmentRetention.batchSize { break }
        }
        return .anonymised(count: total, months: months)
    }
}
