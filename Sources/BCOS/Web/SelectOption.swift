/// One `<option>` of a select or one choice of a filter, as every template renders it.
struct SelectOption: Encodable, Sendable, Equatable {
    let value: String
    let label: String
    let selected: Bool

    init(value: String, label: String, selected: Bool = false) {
        self.value = value
        self.label = label
        self.selected = selected
    }
}
