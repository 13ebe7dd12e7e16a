import CZlib
import NIOCore

/// A gzip member (RFC 1952) put together from pieces compressed once and per-visitor pieces
/// stored as they are (RFC 1951 §3.2.4 stored blocks), so that a cached page is compressed once
/// and still carries each visitor's own form token. With one piece and no fills it is plain
/// gzip: what the server sends any other compressible answer as (`Compression`). Every compressed piece ends with a *full*
/// flush: the stream is byte-aligned there, and no later piece refers back into an earlier one (a
/// back-reference across a hole would point at the wrong bytes once the hole holds another
/// visitor's token). The CRC-32 of the whole is combined from the pieces' (`crc32_combine`), so a
/// request costs a copy and the CRC of its few filled-in bytes, never a compression.
public struct GzipPieces: Sendable {
    /// Raw deflate bytes of each fixed piece: byte-aligned, none of them final.
    private let deflated: [ByteBuffer]
    private let crcs: [UInt32]
    private let lengths: [Int]

    /// The compressed size of the fixed pieces, for the cache's memory budget.
    public var byteCount: Int { deflated.reduce(0) { $0 + $1.readableBytes } }

    /// Compresses each piece on its own (level 9: it is done once per cached page). Nil if zlib
    /// refuses (out of memory): the page is then served uncompressed.
    public init?(fixed pieces: [[UInt8]], level: Int32 = 9) {
        var stream = z_stream()
        guard czlib_deflate_init_raw(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var deflated: [ByteBuffer] = []
        for piece in pieces {
            guard !piece.isEmpty else {
                deflated.append(ByteBuffer())
                continue
            }
            guard let out = GzipPieces.deflate(piece, &stream) else { return nil }
            deflated.append(ByteBuffer(bytes: out))
        }
        self.deflated = deflated
        crcs = pieces.map(GzipPieces.crc)
        lengths = pieces.map(\.count)
    }

    /// The whole member: fixed piece 0, fill 0 (stored), fixed piece 1, …; `fills.count` is one
    /// less than the number of fixed pieces.
    public func assemble(fills: [[UInt8]]) -> [UInt8] {
        parts(fills: fills).flatMap { Array($0.readableBytesView) }
    }

    /// The same member as buffers to send one after the other: the compressed pieces with the
    /// header, the stored fills and the trailer between them, copied together (`BodyParts`: a
    /// piece of 64 KB or more is sent as it is).
    public func parts(fills: [[UInt8]]) -> [ByteBuffer] {
        var parts = BodyParts(capacity: byteCount + fills.reduce(0) { $0 + $1.count + 5 } + 32)
        parts.append(bytes: [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 2, 3])  // deflate, no name, no time, best compression, Unix
        var crc = UInt32(0)
        var total = 0
        for index in deflated.indices {
            parts.append(shared: deflated[index])
            crc = GzipPieces.combine(crc, crcs[index], lengths[index])
            total += lengths[index]
            guard index < fills.count, !fills[index].isEmpty else { continue }
            let fill = fills[index]
            var start = 0
            while start < fill.count {  // a stored block holds at most 65 535 bytes
                let end = min(start + 65_535, fill.count)
                let length = UInt16(end - start)
                parts.append(bytes: [0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)])
                parts.append(bytes: fill[start..<end])
                start = end
            }
            crc = GzipPieces.combine(crc, GzipPieces.crc(fill), fill.count)
            total += fill.count
        }
        parts.append(bytes: [1, 0, 0, 0xFF, 0xFF])  // the final block: stored, empty
        for value in [crc, UInt32(truncatingIfNeeded: total)] {
            parts.append(bytes: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)])
        }
        return parts.finish()
    }

    private static func deflate(_ piece: [UInt8], _ stream: inout z_stream) -> [UInt8]? {
        var input = piece
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(1_024, piece.count / 2))
        let status: Int32 = input.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = UInt32(input.count)
            var result = Z_OK
            repeat {
                result = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return CZlib.deflate(&stream, Z_FULL_FLUSH)
                }
                out.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
            } while result == Z_OK && stream.avail_out == 0
            stream.next_in = nil
            return result
        }
        return status == Z_OK ? out : nil
    }

    private static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
    }

    private static func combine(_ first: UInt32, _ second: UInt32, _ secondLength: Int) -> UInt32 {
        UInt32(crc32_combine(UInt(first), UInt(second), secondLength))
    }
}
