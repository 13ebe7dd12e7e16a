import Crypto
import Foundation

/// What makes two submissions of one form "the same enrollment": SHA-256 (hex) of the validated
/// answers as JSON with sorted keys. Validation has already trimmed and normalised them, so a
/// double click, or back and resubmit unchanged, gives the same fingerprint; enrolling a colleague
/// from the same page (other answers) gives another one, and is stored as a new enrollment.
/// Hidden inputs (tracking, `via`) are not answers and do not count.
enum AnswersFingerprint {
    static func of(_ answers: [String: Answer]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a [String: Answer] cannot fail (strings, booleans and string arrays only); an
        // empty payload would still fingerprint consistently.
        let json = (try? encoder.encode(answers)) ?? Data()
        return Hex.lowercase(SHA256.hash(data: json))
    }
}
