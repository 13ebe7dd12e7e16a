/// `enrollments.status`: the seed's four values, in the order the back office lists them.
enum EnrollmentStatus: String, Sendable, CaseIterable, Codable {
    case new
    case toConfirm = "to_confirm"
    case confirmed
    case cancelled
    /// The session was full: no seat is held until an admin moves the enrollment in.
    case waitlist

    /// The back office's French label.
    var label: String {
        switch self {
        case .new: "Nouvelle"
        case .toConfirm: "À confirmer"
        case .confirmed: "Confirmée"
        case .cancelled: "Annulée"
        case .waitlist: "Liste d’attente"
        }
    }

    /// New, to confirm and confirmed enrollments hold a seat of their session; a cancelled or
    /// waitlisted one does not. `SessionRepository` counts seats from this rule.
    var holdsSeat: Bool { [.new, .toConfirm, .confirmed].contains(self) }

    /// A stored value as a label; an unknown one (hand-edited, imported) shows as it is.
    static func label(_ stored: String) -> String { EnrollmentStatus(rawValue: stored)?.label ?? stored }

    /// The select options, with `current` selected.
    static func options(selected current: EnrollmentStatus?) -> [SelectOption] {
        allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == current) }
    }
}
