import Crypto
import Foundation
import HTTPServer

/// The thank-you page's address after an enrollment: `/merci?inscription=<id>&t=<issued>&k=<mac>`.
/// The page shows what the visitor sent (name, e-mail, answers), so the address must not be
/// guessable from an enrollment id and must stop working: it is signed with `SECRET_KEY` and
/// good for 24 hours. Without a valid link the page is the plain thank-you.
struct ThanksLink: Sendable {
    static let lifetime: TimeInterval = 24 * 3600
    private let key: SymmetricKey

    init(secretKey: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secretKey.utf8)), info: Data("bcos thanks links v1".utf8), outputByteCount: 32)
    }

    /// The query string (without "?") for an enrollment.
    func queryString(for id: UUID, now: Date = Date()) -> String {
        let issued = Int(now.timeIntervalSince1970)
        return "inscription=\(id.lowercasedString)&t=\(issued)&k=\(mac(id, issued))"
    }

    /// The enrollment a request's query names, when its signature holds and it is recent.
    func enrollment(_ query: FormData, now: Date = Date()) -> UUID? {
        guard let id = query["inscription"].flatMap({ UUID(uuidString: $0) }), let issued = query["t"].flatMap({ Int($0) }),
              let presented = query["k"], ConstantTime.equal(Array(presented.utf8), Array(mac(id, issued).utf8))
        else { return nil }
        let age = now.timeIntervalSince1970 - Double(issued)
        return age >= -300 && age <= ThanksLink.lifetime ? id : nil
    }

    private func mac(_ id: UUID, _ issued: Int) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(id.lowercasedString).\(issued)".utf8), using: key)
        return Hex.lowercase(code.prefix(16))
    }
}
