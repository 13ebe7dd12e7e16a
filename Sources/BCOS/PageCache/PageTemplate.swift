import Crypto
import Foundation
import HTTPServer
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import Templating

/// A rendered page cut where each visitor's own values go: the enrollment form's token and the
/// tracking inputs (UTM parameters, referrer). The page is rendered once with `PageHoles`'
/// markers in their place; `PageTemplate(splitting:)` finds them, and `fill` gives each visitor's
/// bytes for them. The markup of a tracking input is taken from the page itself (the template
/// stays the one place that writes it), and every value put in is escaped as `{{ }}` would.
struct PageTemplate: Sendable {
    enum Hole: Sendable, Equatable {
        case formToken
        case trackingInputs
    }

    /// `fixed[i]` comes before `holes[i]`; there is one more fixed piece than holes. Kept as
    /// buffers: a piece of 64 KB or more is sent as it is (`BodyParts`).
    let fixed: [ByteBuffer]
    let holes: [Hole]
    /// One tracking input as the page writes it, cut at its name and value.
    let trackingInput: (prefix: [UInt8], middle: [UInt8], suffix: [UInt8])?
    /// The fixed bytes' hash (24 hex digits): the ETag's first part.
    let hash: String
    let byteCount: Int

    /// Cuts `bytes` at every marker of `PageHoles`. A page without markers is one fixed piece.
    init(splitting bytes: [UInt8]) {
        var fixed: [ByteBuffer] = []
        var holes: [Hole] = []
        var trackingInput: ([UInt8], [UInt8], [UInt8])?
        let token = Array(PageHoles.token.utf8)
        let name = Array(PageHoles.trackingName.utf8)
        let value = Array(PageHoles.trackingValue.utf8)
        var start = 0
        var index = 0
        while let next = PageTemplate.nextMarker(in: bytes, from: index) {
            index = next
            if PageTemplate.matches(token, in: bytes, at: index), PageTemplate.matches(token, in: bytes, at: index) {
                fixed.append(ByteBuffer(bytes: bytes[start..<index]))
                holes.append(.formToken)
                index += token.count
                start = index
            } else if PageTemplate.matches(name, in: bytes, at: index),
                let inputStart = PageTemplate.lastIndex(of: Array("<input".utf8), in: bytes, before: index, notBefore: start),
                let valueAt = PageTemplate.firstIndex(of: value, in: bytes, from: index + name.count),
                let close = bytes[(valueAt + value.count)...].firstIndex(of: UInt8(ascii: ">")) {
                // The input and the line break that ends it in the template, if one does: one
                // input per line, like the template writes them.
                var end = close + 1
                var blank = end
                while blank < bytes.count, bytes[blank] == 0x20 || bytes[blank] == 0x09 { blank += 1 }
                if blank < bytes.count, bytes[blank] == 0x0A { end = blank + 1 }
                trackingInput = (Array(bytes[inputStart..<index]), Array(bytes[(index + name.count)..<valueAt]), Array(bytes[(valueAt + value.count)..<end]))
                fixed.append(ByteBuffer(bytes: bytes[start..<inputStart]))
                holes.append(.trackingInputs)
                index = end
                start = end
            } else {
                index += 1
            }
        }
        fixed.append(ByteBuffer(bytes: bytes[start...]))
        self.fixed = fixed
        self.holes = holes
        self.trackingInput = trackingInput
        var hasher = SHA256()
        for piece in fixed {
            piece.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            hasher.update(data: [0])
        }
        hash = Hex.lowercase(hasher.finalize().prefix(12))
        byteCount = fixed.reduce(0) { $0 + $1.readableBytes }
    }

    /// The bytes for each hole, in order: the token, and the tracking inputs written as the page
    /// writes one (none when the visitor brought none).
    func fill(token: String?, tracking: [HiddenInput]) -> [[UInt8]] {
        holes.map { hole in
            switch hole {
            case .formToken:
                var out: [UInt8] = []
                HTMLEscaping.escape(token ?? "", into: &out)
                return out
            case .trackingInputs:
                guard let pattern = trackingInput else { return [] }
                var out: [UInt8] = []
                for input in tracking {
                    out.append(contentsOf: pattern.prefix)
                    HTMLEscaping.escape(input.name, into: &out)
                    out.append(contentsOf: pattern.middle)
                    HTMLEscaping.escape(input.value, into: &out)
                    out.append(contentsOf: pattern.suffix)
                }
                return out
            }
        }
    }

    /// The page with `fills` in its holes, as the buffers to send one after the other: usually
    /// one, the kept pieces and the visitor's few bytes copied together (`BodyParts`).
    func joined(_ fills: [[UInt8]]) -> [ByteBuffer] {
        var parts = BodyParts(capacity: byteCount + fills.reduce(0) { $0 + $1.count })
        for index in fixed.indices {
            parts.append(shared: fixed[index])
            if index < fills.count { parts.append(bytes: fills[index]) }
        }
        return parts.finish()
    }

    /// The fixed pieces as bytes (to compress them once).
    var fixedBytes: [[UInt8]] { fixed.map { Array($0.readableBytesView) } }

    var hasHoles: Bool { !holes.isEmpty }

    /// Where the next marker starts: its first byte found with `memchr`, then the markers'
    /// common prefix compared (a page is cut on every render when the cache is off, so this
    /// runs over every page's bytes).
    private static func nextMarker(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBytes { haystack in
            PageHoles.prefix.withUnsafeBytes { needle in
                guard let base = haystack.baseAddress, let first = needle.first, let needleBase = needle.baseAddress else { return nil }
                var from = start
                while from + needle.count <= haystack.count {
                    guard let found = memchr(base + from, Int32(first), haystack.count - from) else { return nil }
                    let at = base.distance(to: UnsafeRawPointer(found))
                    if at + needle.count <= haystack.count, memcmp(base + at, needleBase, needle.count) == 0 { return at }
                    from = at + 1
                }
                return nil
            }
        }
    }

    private static func matches(_ needle: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        index + needle.count <= bytes.count && needle.indices.allSatisfy { bytes[index + $0] == needle[$0] }
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            if matches(needle, in: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    private static func lastIndex(of needle: [UInt8], in bytes: [UInt8], before end: Int, notBefore floor: Int) -> Int? {
        var index = end - needle.count
        while index >= floor {
            if matches(needle, in: bytes, at: index) { return index }
            index -= 1
        }
        return nil
    }
}

/// The markers a page is rendered with where each visitor's values go (see `PageTemplate`):
/// letters and digits only, so escaping leaves them as they are, and random per process, so no
/// course text can contain one.
enum PageHoles {
    private static let nonce = UUID().uuidString.lowercased().filter { $0 != "-" }
    /// What every marker starts with.
    static let prefix = Array("pagehole\(nonce)".utf8)
    static let token = "pagehole\(nonce)token"
    static let trackingName = "pagehole\(nonce)name"
    static let trackingValue = "pagehole\(nonce)value"
    /// The tracking list a page is rendered with: one input that marks where the visitor's go.
    static let tracking = [HiddenInput(name: trackingName, value: trackingValue)]
}
