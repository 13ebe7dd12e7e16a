import Foundation
import Outbound

/// How an e-mail integration connects to its SMTP server (`config.smtp_config.security`, form
/// field `smtp_security`): the stored spellings and the parsers, in one place.
enum SMTPSecurity: String, Sendable, CaseIterable, Codable {
    /// No encryption (`none`): only for a relay on the same host. Not called `.none`, which an
    /// optional would read as nil.
    case plain = "none"
    case starttls, tls

    /// A stored or typed value; `ssl` is an old name for implicit TLS. Unknown values are nil.
    init?(configValue: String?) {
        switch configValue?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "none": self = .plain
        case "starttls": self = .starttls
        case "tls", "ssl": self = .tls
        default: return nil
        }
    }

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = SMTPSecurity(configValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown SMTP security \(text)"))
        }
        self = value
    }

    var server: SMTPServer.Security {
        switch self {
        case .plain: .none
        case .starttls: .startTLS
        case .tls: .tls
        }
    }

    var label: String {
        switch self {
        case .plain: "Aucune (relais local uniquement)"
        case .starttls: "STARTTLS (port 587)"
        case .tls: "TLS implicite (port 465)"
        }
    }
}

/// `smtp://user:password@host:587`, `smtps://…`, `?security=none` for a local relay: the SMTP
/// URLs of the environment (`ALERT_SMTP_URL`).
enum SMTPURL {
    static func server(_ text: String, timeout: Duration = .seconds(30)) -> SMTPServer? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "smtp" || scheme == "smtps", let host = components.host, !host.isEmpty else { return nil }
        let asked = components.queryItems?.first(where: { $0.name == "security" })?.value
        let security: SMTPSecurity = scheme == "smtps" ? .tls : SMTPSecurity(configValue: asked) ?? .starttls
        return SMTPServer(
            host: host, port: components.port, security: security.server,
            username: components.percentEncodedUser?.removingPercentEncoding,
            password: components.percentEncodedPassword?.removingPercentEncoding, timeout: timeout)
    }
}
