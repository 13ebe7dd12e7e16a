import Foundation
import HTTPServer

/// `POST /admin/preferences/langue`: the signed-in admin's chrome language (French or Arabic),
/// kept on their account, then back to the page they were on.
struct AdminPreferenceRoutes: Sendable {
    let database: AppDatabase

    func register(_ routes: inout AdminRoutes) {
        routes.post("/admin/preferences/langue", .everyone) { request in
            let form = try request.formData()
            guard let admin = request.admin, let language = Language(rawValue: form["language"] ?? "") else { throw HTTPError(.badRequest) }
            try await database.run { try $0.adminUsers.setInterfaceLanguage(admin.userID, language) }
            return .redirect(to: SafeRedirect.adminPath(form["back"]), status: .seeOther)
        }
    }
}
