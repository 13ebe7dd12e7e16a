import Crypto
import Foundation
import HTTPServer
import NIOCore
import NIOHTTP1
import Postgres

/// Uploaded images (course covers). Stored in PostgreSQL under a random name, so every app
/// instance serves the same files; recognised by their content, never by their name.
struct MediaRepository: Sendable {
    let pool: PostgresPool
    static let maxBytes = 5 * 1024 * 1024

    enum Refusal: Error, Equatable {
        case empty, tooLarge, notAnImage
        var message: String {
            switch self {
            case .empty: "Choisissez une image à téléverser."
            case .tooLarge: "L’image dépasse 5 Mo. Réduisez-la avant de la téléverser."
            case .notAnImage: "Ce fichier n’est pas une image JPEG, PNG ou WebP."
            }
        }
    }

    /// The image type from its first bytes.
    static func imageType(_ bytes: [UInt8]) -> (contentType: String, fileExtension: String)? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return ("image/jpeg", "jpg") }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return ("image/png", "png") }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return ("image/webp", "webp") }
        return nil
    }

    /// Stores an image and returns its public path (`/media/<random>.png`).
    func store(_ bytes: [UInt8]) async throws -> String {
        guard !bytes.isEmpty else { throw Refusal.empty }
        guard bytes.count <= MediaRepository.maxBytes else { throw Refusal.tooLarge }
        guard let type = MediaRepository.imageType(bytes) else { throw Refusal.notAnImage }
        let name = RandomToken.make(bytes: 16).lowercased().filter { $0.isLetter || $0.isNumber } + "." + type.fileExtension
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        try await pool.query("""
            INSERT INTO media_files (filename, content_type, byte_size, data, sha256) VALUES ($1, $2, $3, $4::bytea, $5)
            """, [name, type.contentType, bytes.count, PostgresBytes(bytes), digest])
        return "/media/\(name)"
    }

    /// `GET /media/{filename}`: the names are random and never reused, so a year of caching is safe.
    func response(for request: Request) async throws -> Response {
        guard let name = request.parameters["filename"], name.count <= 80,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }) else { throw HTTPError(.notFound) }
        guard let row = try await pool.query("SELECT content_type, data, sha256 FROM media_files WHERE filename = $1", [name]).first else {
            throw HTTPError(.notFound, "no media \(name)")
        }
        let etag = "\"\(try row.decode("sha256", as: String.self).prefix(32))\""
        var headers: HTTPHeaders = [
            "content-type": try row.decode("content_type"), "etag": etag, "cache-control": "public, max-age=31536000, immutable",
        ]
        if request.header("if-none-match") == etag { return Response(status: .notModified, headers: headers) }
        let bytes = try row.decode("data", as: PostgresBytes.self).bytes
        headers.add(name: "content-disposition", value: "inline")
        return Response(status: .ok, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    /// Removes a stored image that no course uses any more.
    func deleteIfUnused(path: String) async throws {
        guard path.hasPrefix("/media/") else { return }
        try await pool.query("""
            DELETE FROM media_files WHERE filename = $1 AND NOT EXISTS (SELECT 1 FROM formations WHERE cover_image_url = $2)
            """, [String(path.dropFirst("/media/".count)), path])
    }
}
