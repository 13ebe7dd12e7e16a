import Foundation
import Postgres

/// One dated run of a course (`formation_sessions`): when, where, in which language, for how
/// many people, with the seats taken counted from its enrollments.
struct CourseSession: Sendable, Equatable {
    enum Status: String, Sendable, CaseIterable {
        case open, closed, cancelled

        var label: String {
            switch self {
            case .open: "Ouverte"
            case .closed: "Fermée"
            case .cancelled: "Annulée"
            }
        }
    }

    /// The language the session is taught in.
    enum Teaching: String, Sendable, CaseIterable {
        case fr, ar, both

        var label: String {
            switch self {
            case .fr: "Français"
            case .ar: "Arabe"
            case .both: "Français et arabe"
            }
        }

        /// schema.org `inLanguage`.
        var languageTags: [String] {
            switch self {
            case .fr: ["fr"]
            case .ar: ["ar"]
            case .both: ["fr", "ar"]
            }
        }
    }

    var id: UUID
    var courseID: UUID
    var startsAt: Date
    /// The last day, `YYYY-MM-DD` in Casablanca.
    var endsOn: String
    var city: String?
    var address: String?
    var onlineURL: String?
    var teaching: Teaching
    var seats: Int
    /// Overrides the course's HT price when set.
    var priceHT: Decimal?
    var status: Status
    /// Enrollments holding a seat: new, to confirm or confirmed (`EnrollmentStatus.holdsSeat`).
    var taken: Int
    var waiting: Int

    var seatsLeft: Int { max(seats - taken, 0) }
    var isFull: Bool { taken >= seats }
    var isOnline: Bool { !(onlineURL ?? "").isEmpty && (city ?? "").isEmpty }

    /// Public pages show open sessions that have not started yet.
    func isOffered(now: Date = Date()) -> Bool { status == .open && startsAt > now }

    /// The course's price with this session's HT when it has one.
    func price(for course: Course) -> Price {
        guard let priceHT else { return course.pricing }
        return Price(ht: priceHT, vatRate: course.vatRate)
    }

    /// Read tolerantly: a hand-edited language or status the code does not know reads as French
    /// and closed (never offered by mistake).
    init(row: Row) throws {
        id = try row.decode("s_id")
        courseID = try row.decode("s_formation_id")
        startsAt = try row.decode("s_starts_at")
        endsOn = try row.decode("s_ends_on")
        city = try row.decodeIfPresent("s_city")
        address = try row.decodeIfPresent("s_address")
        onlineURL = try row.decodeIfPresent("s_online_url")
        teaching = Teaching(rawValue: try row.decode("s_language", as: String.self)) ?? .fr
        seats = try row.decode("s_seats")
        priceHT = try row.decodeIfPresent("s_price_ht")
        status = Status(rawValue: try row.decode("s_status", as: String.self)) ?? .closed
        taken = try row.decode("s_taken")
        waiting = try row.decode("s_waiting")
    }

    init(id: UUID = UUID(), courseID: UUID, startsAt: Date, endsOn: String, city: String? = nil, address: String? = nil,
         onlineURL: String? = nil, teaching: Teaching = .fr, seats: Int, priceHT: Decimal? = nil, status: Status = .open,
         taken: Int = 0, waiting: Int = 0) {
        (self.id, self.courseID, self.startsAt, self.endsOn, self.city, self.address, self.onlineURL) =
            (id, courseID, startsAt, endsOn, city, address, onlineURL)
        (self.teaching, self.seats, self.priceHT, self.status, self.taken, self.waiting) = (teaching, seats, priceHT, status, taken, waiting)
    }
}
