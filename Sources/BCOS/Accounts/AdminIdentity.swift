import Foundation

/// The signed-in admin behind a request.
public struct AdminIdentity: Sendable, Equatable {
    public let userID: UUID
    public let email: String
    public let displayName: String?
    public let csrfToken: String
    /// The language of the back office's chrome for this admin (`admin_users.interface_language`).
    public var interfaceLanguage: Language = .fr
    /// What the account may do; routes declare the roles they allow (`AdminRoutes`).
    public var role: AdminRole = .admin
    /// Whether the account signs in with a TOTP code too.
    public var hasSecondFactor = false
}
