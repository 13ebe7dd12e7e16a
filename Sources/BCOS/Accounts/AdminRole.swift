/// What an admin account may do (`admin_users.role`).
/// - `admin`: everything, accounts and CRM settings included;
/// - `editor`: the catalogue: courses, sessions, categories, landing pages and legal pages;
/// - `sales`: enrollments, their statuses and notes, the CSV export, the CRM log read-only.
public enum AdminRole: String, Sendable, CaseIterable, Codable {
    case admin, editor, sales

    var label: String {
        switch self {
        case .admin: "Administrateur"
        case .editor: "Éditeur (formations et pages)"
        case .sales: "Commercial (inscriptions)"
        }
    }
}

/// The roles allowed on a route. Admins are always allowed.
struct AdminAccess: Sendable, Equatable {
    let roles: Set<AdminRole>

    static let adminOnly = AdminAccess(roles: [.admin])
    static let editors = AdminAccess(roles: [.admin, .editor])
    static let sales = AdminAccess(roles: [.admin, .sales])
    /// Pages every account needs (dashboard, own preferences), and read-only figures.
    static let everyone = AdminAccess(roles: Set(AdminRole.allCases))

    func allows(_ role: AdminRole) -> Bool { roles.contains(role) }
}
