import HTTPServer

/// A hidden input of the enrollment form.
struct HiddenInput: Encodable, Sendable, Equatable {
    let name: String
    let value: String
}

/// Where a visitor came from, carried by hidden inputs from the course page to the enrollment:
/// the UTM parameters of the address and an outside referrer. The one list of them.
enum Tracking {
    static let utmKeys = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"]
    static let referrerKey = "ref"
    static let maxLength = 200

    /// From the course page's request: its UTM parameters, and the `Referer` unless it is this site.
    static func fromVisit(_ request: Request, baseURL: String) -> [HiddenInput] {
        let query = request.lenientQuery
        var inputs = utmKeys.compactMap { key in query[key].flatMap(clean).map { HiddenInput(name: key, value: $0) } }
        if let referrer = request.header("referer").flatMap(clean), !referrer.hasPrefix(baseURL) {
            inputs.append(HiddenInput(name: referrerKey, value: referrer))
        }
        return inputs
    }

    /// The same inputs as a submitted form carried them (the form shown again after an error).
    static func fromSubmission(_ form: FormData) -> [HiddenInput] {
        (utmKeys + [referrerKey]).compactMap { key in form[key].flatMap(clean).map { HiddenInput(name: key, value: $0) } }
    }

    /// The channel an enrollment came through, as stored in `enrollments.source`: `website`, plus
    /// the UTM parameters and referrer, e.g. `website; utm_source=google; utm_campaign=rentree`.
    static func source(from form: FormData) -> String {
        var parts = ["website"]
        for key in utmKeys {
            if let value = form[key].flatMap(clean) { parts.append("\(key)=\(value.filter { $0 != ";" })") }
        }
        if let referrer = form[referrerKey].flatMap(clean) { parts.append("referrer=\(referrer.filter { $0 != ";" })") }
        if form["via"] == LandingPageRoutes.formMarker.value { parts.append("page=presentation") }
        return parts.joined(separator: "; ")
    }

    /// Printable text only, at most 200 characters; nil when nothing is left.
    private static func clean(_ value: String) -> String? {
        let printable = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }).prefix(maxLength))
        return printable.isEmpty ? nil : printable
    }
}
