import Foundation

/// A public page's ETag: `W/"<hash>"`, or `W/"<hash>.<token>"` on a page with an enrollment
/// form. The hash is the page's without its visitor's values (`PageTemplate.hash`); the token is
/// a `SubmissionToken` (76 base64url characters, never a `.`). A header with anything else is
/// ignored, so a hostile If-None-Match never reaches the database. Weak: the same page is sent
/// gzipped or not.
struct PageETag: Equatable, Sendable {
    let hash: String
    let token: String?

    init(hash: String, token: String?) {
        self.hash = hash
        self.token = token
    }

    init?(header: String) {
        var value = header.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("W/") { value.removeFirst(2) }
        guard value.hasPrefix("\""), value.hasSuffix("\""), value.count > 2 else { return nil }
        let parts = value.dropFirst().dropLast().split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        // Lowercase ASCII hex, as `PageTemplate` writes it (`Character.isHexDigit` also takes
        // fullwidth digits, which no hash of ours can be).
        guard parts[0].utf8.count == 24, parts[0].utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        hash = String(parts[0])
        if parts.count == 2 {
            guard SubmissionToken.isWellFormed(String(parts[1])) else { return nil }
            token = String(parts[1])
        } else {
            token = nil
        }
    }

    var headerValue: String { token.map { "W/\"\(hash).\($0)\"" } ?? "W/\"\(hash)\"" }
}
