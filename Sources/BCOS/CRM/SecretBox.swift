import Crypto
import Foundation

/// Encrypts CRM secrets (tokens, passwords, signing secrets, Authorization headers) at rest with
/// AES-GCM under a key derived from `SECRET_KEY`. Stored values look like `enc:v1:<base64>`; a
/// value without the prefix is taken as plain text (hand-written rows, older data) and is
/// encrypted the next time the integration is saved.
struct SecretBox: Sendable {
    private let key: SymmetricKey
    static let prefix = "enc:v1:"

    init(secretKey: String) {
        // HKDF with a fixed label, so the same SECRET_KEY used elsewhere yields an unrelated key.
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secretKey.utf8)), info: Data("bcos crm secrets v1".utf8), outputByteCount: 32)
    }

    func seal(_ plain: String) -> String {
        guard !plain.isEmpty, !plain.hasPrefix(SecretBox.prefix) else { return plain }
        // AES.GCM.seal only fails for invalid nonces/keys, which cannot happen with these types.
        guard let combined = try? AES.GCM.seal(Data(plain.utf8), using: key).combined else { return "" }
        return SecretBox.prefix + combined.base64EncodedString()
    }

    /// The plain text, or nil when the value was sealed with another key (SECRET_KEY changed).
    func open(_ stored: String) -> String? {
        guard stored.hasPrefix(SecretBox.prefix) else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(SecretBox.prefix.count))),
              let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: key) else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }

    /// What an admin sees of a secret: its last four characters.
    static func masked(_ plain: String) -> String {
        guard !plain.isEmpty else { return "" }
        return plain.count <= 4 ? "••••" : "••••" + plain.suffix(4)
    }
}
