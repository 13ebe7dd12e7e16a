import HTTPServer
import NIOHTTP1

/// The back office's routes, each declared with the roles allowed on it: a route file registers
/// `routes.get("/admin/…", .editors) { … }`, and a request from another role gets the French
/// 403 page before the handler runs. The declarations stay readable (`declarations`), which is
/// how the tests walk every admin route with every role.
struct AdminRoutes {
    struct Declaration: Sendable {
        let method: HTTPMethod
        let pattern: String
        let access: AdminAccess
    }

    private struct Entry {
        let declaration: Declaration
        let maxBodyBytes: Int?
        let handler: Handler
    }

    private var entries: [Entry] = []

    var declarations: [Declaration] { entries.map(\.declaration) }

    mutating func get(_ pattern: String, _ access: AdminAccess, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        entries.append(Entry(declaration: .init(method: .GET, pattern: pattern, access: access), maxBodyBytes: maxBodyBytes, handler: handler))
    }

    mutating func post(_ pattern: String, _ access: AdminAccess, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        entries.append(Entry(declaration: .init(method: .POST, pattern: pattern, access: access), maxBodyBytes: maxBodyBytes, handler: handler))
    }

    /// Adds every route to the admin group (inside `AdminAuthMiddleware`), guarded by its role:
    /// another role gets the back office's own 403 page, in French, with its navigation.
    func install(into group: inout RouteGroup, admin: AdminRenderer) {
        for entry in entries {
            let (access, handler) = (entry.declaration.access, entry.handler)
            group.add(entry.declaration.method, entry.declaration.pattern, maxBodyBytes: entry.maxBodyBytes) { request in
                guard let signedIn = request.admin, access.allows(signedIn.role) else {
                    return try admin.page("admin/forbidden", AdminRoutes.Forbidden(role: request.admin?.role.label ?? ""),
                                          title: "Accès refusé", request: request, status: .forbidden)
                }
                return try await handler(request)
            }
        }
    }

    struct Forbidden: Encodable {
        let role: String
    }
}
