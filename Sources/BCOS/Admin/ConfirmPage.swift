/// `admin/confirm`: the page every destructive action shows first (delete a course, an
/// integration…), whose button posts to the action itself.
struct ConfirmPage: Encodable, Sendable {
    let heading: String
    let message: String
    let action: String
    let cancel_href: String
    let button: String

    static let title = "Confirmer la suppression"
}
