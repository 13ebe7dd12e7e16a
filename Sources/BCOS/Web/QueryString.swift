import HTTPServer

/// Builds `?a=1&b=x%20y` for links (filters, pagination): names are fixed by the code, values are
/// percent-encoded, empty or nil values are left out. The one query-string builder of the app.
struct QueryString: Sendable, Equatable {
    private var parts: [String] = []

    init() {}

    /// Continues a query string built earlier (`?a=1&b=2`, or "").
    init(_ text: String) {
        let body = text.hasPrefix("?") ? String(text.dropFirst()) : text
        parts = body.isEmpty ? [] : body.split(separator: "&").map(String.init)
    }

    /// Adds `name=value` unless the value is nil or empty.
    func adding(_ name: String, _ value: String?) -> QueryString {
        guard let value, !value.isEmpty else { return self }
        var copy = self
        copy.parts.append("\(name)=\(PercentDecoding.encode(value))")
        return copy
    }

    /// Adds `page=n` for pages after the first (page 1 is the bare address).
    func addingPage(_ page: Int) -> QueryString {
        page > 1 ? adding("page", String(page)) : self
    }

    /// `?…`, or "" when there is nothing to add.
    var text: String { parts.isEmpty ? "" : "?" + parts.joined(separator: "&") }
}
