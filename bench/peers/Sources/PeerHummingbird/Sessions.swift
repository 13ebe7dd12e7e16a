import Foundation
import Logging
import PostgresNIO

// The course page's sessions, ported from the app (Sources/BCOS/Sessions): the same query as
// `SessionRepository.offered(courseID:)` (the open sessions not started yet, with their seats
// taken and waiting counted from the enrollments), run per request as the app does (seats change
// with every enrollment), and the same text as `SessionView` and `SessionDateText`.

/// The app's `CourseSession`: one dated run of a course, with its seats counted.
struct CourseSession {
    enum Teaching: String {
        case fr, ar, both

        var languageTags: [String] {
            switch self {
            case .fr: ["fr"]
            case .ar: ["ar"]
            case .both: ["fr", "ar"]
            }
        }
    }

    var id: UUID
    var startsAt: Date
    /// The last day, `YYYY-MM-DD` in Casablanca.
    var endsOn: String
    var city: String?
    var address: String?
    var onlineURL: String?
    var teaching: Teaching
    var seats: Int
    var priceHT: Decimal?
    var isOpen: Bool
    var taken: Int
    var waiting: Int

    var seatsLeft: Int { max(seats - taken, 0) }
    var isFull: Bool { taken >= seats }
    var isOnline: Bool { !(onlineURL ?? "").isEmpty && (city ?? "").isEmpty }

    /// The course's price with this session's HT when it has one.
    func price(for course: Formation) -> Price {
        guard let priceHT else { return course.pricing }
        return Price(ht: priceHT, vatRate: course.vatRate)
    }

    /// Read tolerantly, as the app does: an unknown language reads as French, an unknown status as closed.
    init(row r: PostgresRandomAccessRow) throws {
        id = try r["s_id"].decode(UUID.self)
        startsAt = try r["s_starts_at"].decode(Date.self)
        endsOn = try r["s_ends_on"].decode(String.self)
        city = try r["s_city"].decode(String?.self)
        address = try r["s_address"].decode(String?.self)
        onlineURL = try r["s_online_url"].decode(String?.self)
        teaching = Teaching(rawValue: try r["s_language"].decode(String.self)) ?? .fr
        seats = try r["s_seats"].decode(Int.self)
        priceHT = try r["s_price_ht"].decode(Decimal?.self)
        isOpen = try r["s_status"].decode(String.self) == "open"
        taken = try r["s_taken"].decode(Int.self)
        waiting = try r["s_waiting"].decode(Int.self)
    }
}

/// `SessionRepository.offered(courseID:)`: the same SQL, prepared once per connection as the app's is.
struct OfferedSessions: PostgresPreparedStatement {
    typealias Row = CourseSession

    /// `EnrollmentStatus.holdsSeat`: new, to confirm, confirmed.
    static let seatHoldingStatuses = "'new', 'to_confirm', 'confirmed'"
    static let columns = """
        s.id AS s_id, s.formation_id AS s_formation_id, s.starts_at AS s_starts_at, s.ends_on::text AS s_ends_on, s.city AS s_city,
        s.address AS s_address, s.online_url AS s_online_url, s.language AS s_language, s.seats AS s_seats, s.price_ht AS s_price_ht,
        s.status AS s_status,
        (SELECT count(*) FROM enrollments e WHERE e.session_id = s.id AND e.status IN (\(seatHoldingStatuses))) AS s_taken,
        (SELECT count(*) FROM enrollments e WHERE e.session_id = s.id AND e.status = 'waitlist') AS s_waiting
        """
    static let sql = """
        SELECT \(columns) FROM formation_sessions s
        WHERE s.formation_id = $1 AND s.status = 'open' AND s.starts_at > NOW() ORDER BY s.starts_at
        """

    var courseID: UUID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(courseID)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> CourseSession { try CourseSession(row: row.makeRandomAccess()) }
}

/// The app's `SessionView`: a session as a visitor reads it, on the page and as a choice of the form.
enum SessionView {
    static func context(_ session: CourseSession, course: Formation, language: Language) -> [String: Any] {
        let t = { (key: String) in Messages.text(key, in: language) }
        let id = session.id.uuidString.lowercased()
        var values: [String: Any] = [
            "id": id,
            "date": SessionDateText.day(session.startsAt, in: language),
            "time": SessionDateText.time(session.startsAt, in: language),
            "is_online": session.isOnline,
            "place": session.isOnline
                ? t("session_online")
                : [session.city, session.address].compactMap { $0?.nilIfEmpty }.joined(separator: " — "),
            "teaching": t("session_teaching_\(session.teaching.rawValue)"),
            "is_full": session.isFull,
            "seats_text": session.isFull ? t("session_full") : Plural.seatsLeft(session.seatsLeft, in: language),
            "selected": false,
            "input_id": "f-session-\(id)",
        ]
        if session.endsOn != SessionDateText.dayInput(session.startsAt) {
            values["until"] = SessionDateText.day(session.endsOn, in: language)
        }
        if let url = session.onlineURL?.nilIfEmpty { values["online_url"] = url }
        if session.priceHT != nil, let ttc = session.price(for: course).ttc {
            values["price"] = PriceFormatter.format(ttc, currency: course.currency, in: language)
        }
        return values
    }
}

/// The app's `SessionDateText` (the parts the course page uses), in Casablanca time.
enum SessionDateText {
    static let zone = TimeZone(identifier: "Africa/Casablanca") ?? .current

    private static let weekdays: [Language: [String]] = [
        .fr: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        .ar: ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
    ]
    private static let months: [Language: [String]] = [
        .fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        .ar: ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    ]

    /// A new Calendar per use, as the app's computed property does.
    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    static func day(_ date: Date, in language: Language) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        return day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1, weekday: parts.weekday ?? 1, in: language)
    }

    static func day(_ stored: String, in language: Language) -> String {
        guard let (year, month, dayNumber) = components(stored),
              let date = calendar.date(from: DateComponents(year: year, month: month, day: dayNumber, hour: 12))
        else { return stored }
        return day(date, in: language)
    }

    private static func day(year: Int, month: Int, day: Int, weekday: Int, in language: Language) -> String {
        let weekdayName = weekdays[language]?[min(max(weekday - 1, 0), 6)] ?? ""
        let monthName = months[language]?[min(max(month - 1, 0), 11)] ?? ""
        return "\(weekdayName) \(day) \(monthName) \(year)"
    }

    static func time(_ date: Date, in language: Language) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let (hour, minute) = (parts.hour ?? 0, parts.minute ?? 0)
        let minutes = minute < 10 ? "0\(minute)" : "\(minute)"
        switch language {
        case .fr: return "\(hour) h \(minutes)"
        case .ar: return "\(hour < 10 ? "0" : "")\(hour):\(minutes)"
        }
    }

    static func localInput(_ date: Date) -> String {
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(p.year ?? 1970)-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute))"
    }

    static func dayInput(_ date: Date) -> String { String(localInput(date).prefix(10)) }

    /// ISO 8601 with Casablanca's offset at that instant: `2027-01-12T09:00:00+01:00`.
    static func iso8601(_ date: Date) -> String {
        let offset = zone.secondsFromGMT(for: date) / 60
        let sign = offset < 0 ? "-" : "+"
        let (hours, minutes) = (abs(offset) / 60, abs(offset) % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(localInput(date)):00\(sign)\(two(hours)):\(two(minutes))"
    }

    private static func components(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (2000...2100).contains(year)
        else { return nil }
        return (year, month, day)
    }
}
