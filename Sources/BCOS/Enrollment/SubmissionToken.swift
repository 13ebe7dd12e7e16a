
/// One-time tokens for the enrollment form: each rendered form carries a fresh random token, and
/// the database accepts one enrollment per token, so a double click or back-and-resubmit creates
/// one enrollment.
enum SubmissionToken {
    /// 128 random bits: 22 URL-safe characters.
    static func make() -> String { RandomToken.make(bytes: 16) }

    /// Tokens are 22 URL-safe characters; anything else is refused before touching the database.
    static func isWellFormed(_ token: String) -> Bool {
        token.count == 22 && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
