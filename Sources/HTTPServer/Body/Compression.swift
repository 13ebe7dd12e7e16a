import NIOCore
import NIOHTTP1

/// Gzip for text-like answers over 1 KB when the client accepts it, done by `Exchange` on the
/// whole body (instead of NIO's compressor in the pipeline, whose handler sat on every response
/// write, compressed or not). An answer that already has a `Content-Encoding` (a cached page
/// sent gzipped as kept) is left as it is.
public enum Compression {
    /// Whether `Accept-Encoding` takes gzip: named (or `*`) without `q=0`.
    public static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            // Optional whitespace is spaces and tabs (RFC 9110 §5.6.3): `br,\tgzip` accepts gzip.
            let parts = item.split(separator: ";", omittingEmptySubsequences: false).map { trimmingOWS($0).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
        return false
    }

    /// `response` as sent to a client with this `Accept-Encoding`: gzipped when worth it and
    /// accepted, and marked `Vary: Accept-Encoding` whenever its body depends on it.
    static func apply(to response: inout Response, acceptEncoding: String?, head: Bool) {
        // An answer already encoded (a cached page sent as kept gzipped) is left as it is.
        guard !response.headers.contains(name: "content-encoding"), response.bodyLength > 1_024,
              isTextual(response.headers.first(name: "content-type") ?? "") else { return }
        // Shared caches (a CDN in front of `public, immutable` assets) must key on it.
        if !response.headers["vary"].contains(where: namesAcceptEncoding) { response.headers.add(name: "vary", value: "Accept-Encoding") }
        guard !head, acceptsGzip(acceptEncoding) else { return }
        let bytes = response.bodyParts.isEmpty
            ? Array(response.body.readableBytesView) : response.bodyParts.flatMap { Array($0.readableBytesView) }
        guard let gzip = GzipPieces(fixed: [bytes], level: 6) else { return }
        response.body = ByteBuffer(bytes: gzip.assemble(fills: []))
        response.bodyParts = []
        response.headers.remove(name: "content-length")
        response.headers.add(name: "content-encoding", value: "gzip")
    }

    private static func trimmingOWS(_ text: Substring) -> String {
        let isOWS = { (character: Character) in character == " " || character == "\t" }
        return String(text.drop(while: isOWS).reversed().drop(while: isOWS).reversed())
    }

    static func isTextual(_ type: String) -> Bool {
        type.hasPrefix("text/") || type.hasPrefix("application/json") || type.hasPrefix("application/xml")
            || type.hasPrefix("application/javascript") || type.hasPrefix("image/svg+xml")
    }

    /// Whether a `Vary` value lists Accept-Encoding (by bytes: Foundation's `String.contains`
    /// was a visible part of every response).
    static func namesAcceptEncoding(_ vary: String) -> Bool {
        // The common case (the value we write ourselves) without splitting.
        if vary == "Accept-Encoding" { return true }
        return vary.split(separator: ",").contains { name in
            let trimmed = name.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
            let wanted = "accept-encoding".utf8
            return trimmed.count == wanted.count && zip(trimmed, wanted).allSatisfy { ($0 | 0x20) == $1 }
        }
    }
}
