// The app's course-page view model (Sources/BCOS/Catalog/CoursePage.swift and
// Enrollment/EnrollmentFormView.swift), same shape and field types, so that the "encode + render"
// row costs what a real request costs. Decoded once from the fixture.

struct LocalizedText: Codable { let text: String; let lang: String; let dir: String; let fallback: Bool }
struct LocalizedList: Codable { let items: [String]; let lang: String; let dir: String; let fallback: Bool }
struct HTMLText: Codable { let html: String; let lang: String; let dir: String; let fallback: Bool }
struct Fact: Codable { let label: String; let value: String; let lang: String?; let dir: String? }
struct Hidden: Codable { let name: String; let value: String }

struct FormOption: Codable { let value: String; let label: String; let selected: Bool; let input_id: String }

struct FormFieldView: Codable {
    let name: String
    let input_id: String
    let label: String
    let placeholder: String?
    let required: Bool
    let error: String?
    let error_id: String
    let value: String
    let input_type: String
    let autocomplete: String?
    let inputmode: String?
    let maxlength: Int
    let is_input: Bool
    let is_textarea: Bool
    let is_select: Bool
    let is_checkbox: Bool
    let is_checkbox_group: Bool
    let checked: Bool
    let options: [FormOption]
}

struct EnrollmentFormView: Codable {
    let fields: [FormFieldView]
    let action: String
    let token: String
    let has_errors: Bool
    let error_count: Int
    let preview: Bool
}

struct CoursePageModel: Codable {
    let slug: String
    let title: LocalizedText
    let category: LocalizedText?
    let category_color: String?
    let facts: [Fact]
    let price_ht: String?
    let price_ttc: String?
    let description: LocalizedText?
    let objectives: LocalizedList?
    let prerequisites: LocalizedText?
    let program: HTMLText?
    let audience: LocalizedText?
    let content: HTMLText?
    let cover_image_url: String?
    let form: EnrollmentFormView
    let tracking: [Hidden]
}
