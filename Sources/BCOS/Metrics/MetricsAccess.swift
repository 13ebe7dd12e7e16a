import Foundation
import HTTPServer
import Outbound

/// Who may read `/metrics`: a client on this machine, or anyone with
/// `Authorization: Bearer $METRICS_TOKEN` when that token is set. Everyone else gets the site's
/// ordinary 404, as for a path that does not exist.
///
/// "On this machine" is the client's address in 127.0.0.0/8 or ::1 (or ::ffff:127.x.y.z). Behind
/// a proxy it is the forwarded client's: with `TRUST_PROXY=on`, `ForwardedClientMiddleware` has
/// already put it in `remoteAddress`; and a request that carries `X-Forwarded-For` counts as local
/// only if the last entry (the one the proxy appended) is loopback too, so a proxy on this machine
/// never makes the internet local, even with `TRUST_PROXY` left off.
struct MetricsAccess: Sendable {
    /// `METRICS_TOKEN`; nil or empty: loopback clients only.
    let token: String?

    func allows(_ request: Request) -> Bool {
        if let token, !token.isEmpty, let presented = Self.bearerToken(request.headers["authorization"].first),
           ConstantTime.equal(presented, token) {
            return true
        }
        return Self.isLocal(remoteAddress: request.remoteAddress, forwardedFor: request.headers["x-forwarded-for"])
    }

    /// The credentials of `Bearer <token>` (scheme case-insensitive), nil for anything else.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// Loopback peer, and loopback forwarded client when the request was forwarded.
    static func isLocal(remoteAddress: String?, forwardedFor: [String]) -> Bool {
        guard let remoteAddress, isLoopback(remoteAddress) else { return false }
        let entries = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let last = entries.last else { return true }
        return isLoopback(last)
    }

    private static let loopbackRanges = ["127.0.0.0/8", "::1/128", "::ffff:127.0.0.0/104"].compactMap { IPRange($0) }

    /// Parsed as an address (`inet_pton`), never compared as text: "127.evil" is not loopback.
    static func isLoopback(_ text: String) -> Bool {
        guard let address = IPAddress(text) else { return false }
        return loopbackRanges.contains { $0.contains(address) }
    }
}
