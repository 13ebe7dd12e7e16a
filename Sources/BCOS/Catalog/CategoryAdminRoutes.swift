import Foundation
import HTTPServer
import NIOHTTP1
import Postgres

/// `/admin/categories`: list, create, edit, delete (refused while courses use the category).
struct CategoryAdminRoutes: Sendable {
    let pool: PostgresPool
    let admin: AdminRenderer

    func register(_ router: inout Router) {
        router.get("/admin/categories") { try await list($0) }
        router.get("/admin/categories/new") { try await edit($0, input: CategoryInput(), errors: [:], id: nil) }
        router.post("/admin/categories/new") { try await save($0, id: nil) }
        router.get("/admin/categories/{id}/edit") { request in
            let id = try AdminIDs.uuid(request.parameters["id"])
            guard let input = try await load(id) else { throw HTTPError(.notFound) }
            return try await edit(request, input: input, errors: [:], id: id)
        }
        router.post("/admin/categories/{id}/edit") { try await save($0, id: try AdminIDs.uuid($0.parameters["id"])) }
        router.post("/admin/categories/{id}/delete") { try await delete($0, id: try AdminIDs.uuid($0.parameters["id"])) }
    }

    /// The form's fields, named after the `categories` columns.
    struct CategoryInput: Encodable, Sendable {
        var name_fr = ""
        var name_ar = ""
        var description_fr = ""
        var description_ar = ""
        var slug = ""
        var icon = ""
        var color = "#1d4ed8"
        var display_order = "0"
    }

    struct ListModel: Encodable {
        struct Item: Encodable {
            let id: String
            let name_fr: String
            let name_ar: String
            let slug: String
            let icon: String
            let color: String
            let display_order: Int
            let course_count: Int
            let blocking: [String]
            let has_blocking: Bool
        }

        let items: [Item]
        let has_items: Bool
        let error: String?
    }

    func list(_ request: Request, error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let rows = try await pool.query("""
            SELECT c.id, COALESCE(c.name_fr, c.name, '') AS name_fr, COALESCE(c.name_ar, '') AS name_ar, c.slug,
                   COALESCE(c.icon, '') AS icon, COALESCE(c.color, '') AS color, COALESCE(c.display_order, 0) AS display_order,
                   (SELECT count(*) FROM formations f WHERE f.category_id = c.id) AS course_count
            FROM categories c ORDER BY c.display_order NULLS LAST, c.name_fr
            """).rows
        let items = try rows.map { row in
            ListModel.Item(
                id: try row.decode("id", as: UUID.self).uuidString.lowercased(), name_fr: try row.decode("name_fr"),
                name_ar: try row.decode("name_ar"), slug: try row.decode("slug"), icon: try row.decode("icon"),
                color: try row.decode("color"), display_order: try row.decode("display_order"),
                course_count: try row.decode("course_count"), blocking: [], has_blocking: false)
        }
        return try admin.page("admin/categories", ListModel(items: items, has_items: !items.isEmpty, error: error), title: "Catégories", request: request, status: status)
    }

    struct EditModel: Encodable {
        let input: CategoryInput
        let errors: [String: String]
        let is_new: Bool
        let action: String
        let heading: String
    }

    func edit(_ request: Request, input: CategoryInput, errors: [String: String], id: UUID?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let action = id.map { "/admin/categories/\($0.uuidString.lowercased())/edit" } ?? "/admin/categories/new"
        let model = EditModel(input: input, errors: errors, is_new: id == nil, action: action,
                              heading: id == nil ? "Nouvelle catégorie" : "Modifier la catégorie")
        return try admin.page("admin/category-form", model, title: model.heading, request: request, status: status)
    }

    func load(_ id: UUID) async throws -> CategoryInput? {
        guard let row = try await pool.query("SELECT * FROM categories WHERE id = $1", [id]).first else { return nil }
        return CategoryInput(
            name_fr: try row.decodeIfPresent("name_fr") ?? row.decodeIfPresent("name") ?? "", name_ar: try row.decodeIfPresent("name_ar") ?? "",
            description_fr: try row.decodeIfPresent("description_fr") ?? "", description_ar: try row.decodeIfPresent("description_ar") ?? "",
            slug: try row.decode("slug"), icon: try row.decodeIfPresent("icon") ?? "", color: try row.decodeIfPresent("color") ?? "",
            display_order: String(try row.decodeIfPresent("display_order", as: Int.self) ?? 0))
    }

    func save(_ request: Request, id: UUID?) async throws -> Response {
        let form = try request.formData()
        var input = CategoryInput()
        input.name_fr = (form["name_fr"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        input.name_ar = (form["name_ar"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        input.description_fr = (form["description_fr"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        input.description_ar = (form["description_ar"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        input.slug = (form["slug"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        input.icon = String((form["icon"] ?? "").trimmingCharacters(in: .whitespaces).prefix(40))
        input.color = (form["color"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        input.display_order = (form["display_order"] ?? "0").trimmingCharacters(in: .whitespaces)
        if input.slug.isEmpty { input.slug = Slug.make(from: input.name_fr) }

        var errors: [String: String] = [:]
        if input.name_fr.isEmpty { errors["name_fr"] = "Le nom en français est obligatoire." }
        if input.name_ar.isEmpty { errors["name_ar"] = "Le nom en arabe est obligatoire." }
        if input.name_fr.count > 120 || input.name_ar.count > 120 { errors["name_fr"] = "Le nom est trop long (120 caractères au plus)." }
        if !Slug.isValid(input.slug) { errors["slug"] = "Le slug ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets." }
        if !input.color.isEmpty, !(input.color.count == 7 && input.color.hasPrefix("#") && Int(input.color.dropFirst(), radix: 16) != nil) {
            errors["color"] = "La couleur doit être au format #rrggbb."
        }
        let order = Int(input.display_order)
        if order == nil || !(0...10_000).contains(order ?? -1) { errors["display_order"] = "L’ordre d’affichage est un nombre entre 0 et 10000." }
        for (key, value) in [("name_fr", input.name_fr), ("name_ar", input.name_ar), ("description_fr", input.description_fr), ("description_ar", input.description_ar)]
            where FormValidator.hasForbiddenCharacters(value, multiline: key.hasPrefix("description")) {
            errors[key] = "Ce champ contient des caractères non autorisés."
        }
        if errors["slug"] == nil {
            let taken = try await pool.query("SELECT 1 FROM categories WHERE slug = $1 AND id IS DISTINCT FROM $2", [input.slug, id]).first != nil
            if taken { errors["slug"] = "Ce slug est déjà utilisé par une autre catégorie." }
        }
        guard errors.isEmpty else { return try await edit(request, input: input, errors: errors, id: id, status: .unprocessableEntity) }

        let values: [any PostgresEncodable] = [
            input.name_fr, input.name_ar, input.description_fr.nilIfEmpty, input.description_ar.nilIfEmpty, input.slug,
            input.icon.nilIfEmpty, input.color.nilIfEmpty, order ?? 0,
        ]
        if let id {
            try await pool.query("""
                UPDATE categories SET name = $1, name_fr = $1, name_ar = $2, description = $3, description_fr = $3, description_ar = $4,
                       slug = $5, icon = $6, color = $7, display_order = $8 WHERE id = $9
                """, values + [id])
            return .redirect(to: "/admin/categories?ok=saved", status: .seeOther)
        }
        try await pool.query("""
            INSERT INTO categories (name, name_fr, name_ar, description, description_fr, description_ar, slug, icon, color, display_order)
            VALUES ($1, $1, $2, $3, $3, $4, $5, $6, $7, $8)
            """, values)
        return .redirect(to: "/admin/categories?ok=created", status: .seeOther)
    }

    func delete(_ request: Request, id: UUID) async throws -> Response {
        let users = try await pool.query("SELECT COALESCE(title_fr, title, slug) AS title FROM formations WHERE category_id = $1 ORDER BY 1", [id]).rows
            .map { try $0.decode("title", as: String.self) }
        guard users.isEmpty else {
            let message = "Suppression impossible : cette catégorie est utilisée par \(users.count) formation(s) — "
                + users.joined(separator: ", ") + ". Changez d’abord leur catégorie."
            return try await list(request, error: message, status: .conflict)
        }
        try await pool.query("DELETE FROM categories WHERE id = $1", [id])
        return .redirect(to: "/admin/categories?ok=deleted", status: .seeOther)
    }
}

enum AdminIDs {
    static func uuid(_ text: String?) throws -> UUID {
        guard let text, let id = UUID(uuidString: text) else { throw HTTPError(.notFound, "not an id: \(text ?? "")") }
        return id
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
