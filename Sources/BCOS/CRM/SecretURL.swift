import Foundation

/// Webhook addresses that carry their own credential: a token in the query (`?token=…`), or a
/// long random path segment (`https://hooks.slack.com/services/T000/B000/XXXXXXXX`,
/// `https://hooks.zapier.com/hooks/catch/123/abcdef/`). Such an address is treated as a secret:
/// sealed at rest, shown as its origin only, redacted in the CRM log.
enum SecretURL {
    /// Hosts whose hook addresses are credentials by design.
    static let hookHosts = ["hooks.slack.com", "hooks.zapier.com", "discord.com", "discordapp.com", "outlook.office.com", "webhook.office.com"]

    static func carriesSecret(_ url: String) -> Bool {
        guard !url.hasPrefix(SecretBox.prefix), let components = URLComponents(string: url) else { return false }
        if let query = components.percentEncodedQuery, !query.isEmpty { return true }
        if let host = components.host?.lowercased(), hookHosts.contains(where: { host == $0 || host.hasSuffix("." + $0) }) { return true }
        return components.path.split(separator: "/").contains(where: looksRandom)
    }

    /// The parts to redact from logs: the path and the query, each as written.
    static func secretParts(_ url: String) -> [String] {
        guard let components = URLComponents(string: url) else { return [url] }
        let segments = components.percentEncodedPath.split(separator: "/").map(String.init).filter { looksRandom(Substring($0)) }
        return segments + [components.percentEncodedQuery].compactMap { $0 }.filter { !$0.isEmpty }
    }

    /// What an admin sees: the origin and a mask (`https://hooks.slack.com/••••`).
    static func masked(_ url: String) -> String {
        guard let origin = CRMConfig.origin(of: url) else { return "••••" }
        return origin + "/••••"
    }

    /// 16 or more letters and digits mixed, the shape of a generated token.
    static func looksRandom(_ segment: Substring) -> Bool {
        segment.count >= 16 && segment.contains(where: \.isNumber) && segment.contains(where: \.isLetter)
            && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
