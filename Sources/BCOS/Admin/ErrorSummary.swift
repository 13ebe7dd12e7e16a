/// The links at the top of an admin form that failed to save: one per faulty field, in the
/// page's order, each jumping to its input (`href="#id"`), so a 6 000 px editor does not have to
/// be scrolled to find what is wrong.
struct ErrorSummary: Encodable, Sendable, Equatable {
    struct Link: Encodable, Sendable, Equatable {
        let target: String
        let message: String
    }

    let links: [Link]

    /// `order` lists the form's field names as they appear; builder rows (`ff<i>_…`) are placed
    /// where `builderPosition` says, numbered "Champ <i+1>" so two identical messages stay apart.
    init(errors: [String: String], order: [String], builderPosition: Int) {
        func rank(_ key: String) -> (Int, Int, String) {
            if let row = ErrorSummary.builderRow(key) { return (builderPosition, row, key) }
            return (order.firstIndex(of: key).map { $0 < builderPosition ? $0 : $0 + 1 } ?? order.count + 1, 0, key)
        }
        links = errors.keys.sorted { rank($0) < rank($1) }.map { key in
            guard let row = ErrorSummary.builderRow(key), let message = errors[key] else {
                return Link(target: key, message: errors[key] ?? "")
            }
            // A label error points at the French label, the builder's first label input.
            return Link(target: key.hasSuffix("_label") ? key + "_fr" : key, message: "Champ \(row + 1) du formulaire : \(message)")
        }
    }

    /// The row of a form-builder key such as `ff3_name`, nil for other keys.
    private static func builderRow(_ key: String) -> Int? {
        guard key.hasPrefix("ff"), let underscore = key.firstIndex(of: "_") else { return nil }
        return Int(key[key.index(key.startIndex, offsetBy: 2)..<underscore])
    }
}
