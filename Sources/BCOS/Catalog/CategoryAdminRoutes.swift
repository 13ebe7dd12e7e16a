import Foundation
import HTTPServer
import NIOHTTP1

/// `/admin/categories`: list, create, edit, delete (refused while courses use the category).
struct CategoryAdminRoutes: Sendable {
    let database: AppDatabase
    let admin: AdminRenderer

    func register(_ routes: inout AdminRoutes) {
        routes.get("/admin/categories", .editors) { try await list($0) }
        routes.get("/admin/categories/new", .editors) { try edit($0, input: CategoryInput(), errors: [:], id: nil) }
        routes.post("/admin/categories/new", .editors) { try await save($0, id: nil) }
        routes.get("/admin/categories/{id}/edit", .editors) { request in
            let id = try request.uuidParameter()
            guard let category = try await database.run({ try $0.categories.find(id: id) }) else { throw HTTPError(.notFound) }
            return try edit(request, input: CategoryInput(category), errors: [:], id: id)
        }
        routes.post("/admin/categories/{id}/edit", .editors) { try await save($0, id: try $0.uuidParameter()) }
        routes.post("/admin/categories/{id}/delete", .editors) { try await delete($0, id: try $0.uuidParameter()) }
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
        }

        let items: [Item]
        let has_items: Bool
        let error: String?
    }

    func list(_ request: Request, error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let categories = try await database.run { try $0.categories.allWithCourseCounts(visibleOnly: false) }
        let items = categories.map { category, count in
            ListModel.Item(
                id: category.id.lowercasedString, name_fr: category.nameFr ?? category.name ?? "", name_ar: category.nameAr ?? "",
                slug: category.slug, icon: category.icon ?? "", color: category.color ?? "", display_order: category.displayOrder,
                course_count: count)
        }
        return try admin.page(
            "admin/categories", ListModel(items: items, has_items: !items.isEmpty, error: error), title: "Catégories", request: request,
            status: status)
    }

    struct EditModel: Encodable {
        let fields: AdminFields
        let has_errors: Bool
        let is_new: Bool
        let action: String
        let heading: String
    }

    /// The form's fields, named after the `categories` columns (`admin/field` partial).
    static func fields(_ input: CategoryInput, errors: [String: String]) -> AdminFields {
        var fields = AdminFields(errors: errors)
        fields.add("name_fr", "Nom (français)", value: input.name_fr, required: true, attributes: .init(maxLength: 120))
        fields.add("name_ar", "Nom (arabe)", value: input.name_ar, required: true, rtl: true, attributes: .init(maxLength: 120))
        fields.add("description_fr", "Description (français)", value: input.description_fr, control: .textarea(rows: 3))
        fields.add("description_ar", "Description (arabe)", value: input.description_ar, control: .textarea(rows: 3), rtl: true)
        fields.add("slug", "Slug (adresse)", value: input.slug, help: "Laissez vide pour le générer à partir du nom français.",
                   attributes: .init(pattern: "[a-z0-9]+(-[a-z0-9]+)*", slugFrom: "name_fr"))
        fields.add("icon", "Icône", value: input.icon, control: .select(CategoryIcon.options(current: input.icon)),
                   help: "Affichée sur la tuile de la catégorie, en page d’accueil.")
        fields.add("color", "Couleur", value: input.color, control: .input(type: "color"))
        fields.add("display_order", "Ordre d’affichage", value: input.display_order, control: .input(type: "number"),
                   attributes: .init(inputMode: "numeric"))
        return fields
    }

    func edit(_ request: Request, input: CategoryInput, errors: [String: String], id: UUID?, status: HTTPResponseStatus = .ok) throws -> Response {
        let action = id.map { "/admin/categories/\($0.lowercasedString)/edit" } ?? "/admin/categories/new"
        let model = EditModel(fields: CategoryAdminRoutes.fields(input, errors: errors), has_errors: !errors.isEmpty, is_new: id == nil,
                              action: action, heading: id == nil ? "Nouvelle catégorie" : "Modifier la catégorie")
        return try admin.page("admin/category-form", model, title: model.heading, request: request, status: status)
    }

    func save(_ request: Request, id: UUID?) async throws -> Response {
        let input = CategoryInput(try request.formData())
        var (category, errors) = input.validate()
        if let category, try await database.run({ try $0.categories.isSlugTaken(category.slug, except: id) }) {
            errors["slug"] = "Ce slug est déjà utilisé par une autre catégorie."
        }
        guard errors.isEmpty, let category else { return try edit(request, input: input, errors: errors, id: id, status: .unprocessableEntity) }
        let actor = request.admin
        try await database.run { db in
            try db.categories.save(category, id: id)
            try db.audit.record(AuditEvent(.category, id == nil ? "created" : "updated", record: id?.lowercasedString ?? category.slug,
                                           "Catégorie « \(category.nameFr ?? category.slug) » \(id == nil ? "créée" : "modifiée")."), by: actor)
        }
        return .redirect(to: "/admin/categories?ok=\(id == nil ? "created" : "saved")", status: .seeOther)
    }

    func delete(_ request: Request, id: UUID) async throws -> Response {
        let users = try await database.run { try $0.categories.courseTitles(inCategory: id) }
        guard users.isEmpty else {
            let message = "Suppression impossible : cette catégorie est utilisée par \(Plural.text(.course, count: users.count, in: .fr)) — "
                + users.joined(separator: ", ") + ". Changez d’abord leur catégorie."
            return try await list(request, error: message, status: .conflict)
        }
        let actor = request.admin
        try await database.run { db in
            try db.categories.delete(id: id)
            try db.audit.record(AuditEvent(.category, "deleted", record: id, "Catégorie supprimée."), by: actor)
        }
        return .redirect(to: "/admin/categories?ok=deleted", status: .seeOther)
    }
}
