import Foundation
import Postgres

/// SQL for `media_files`: uploaded images stored in PostgreSQL under random names, so every app
/// instance serves the same files.
struct MediaRepository {
    let connection: PostgresConnection

    /// Stores an image and returns its public path (`/media/<random>.png`).
    func store(_ image: UploadedImage) throws -> String {
        let name = RandomToken.make(bytes: 16).lowercased().filter { $0.isLetter || $0.isNumber } + "." + image.fileExtension
        try connection.query("""
            INSERT INTO media_files (filename, content_type, byte_size, data, sha256) VALUES ($1, $2, $3, $4::bytea, $5)
            """, [name, image.contentType, image.bytes.count, PostgresBytes(image.bytes), image.sha256])
        return "/media/\(name)"
    }

    struct StoredFile: Sendable {
        let contentType: String
        let sha256: String
        let bytes: [UInt8]
    }

    func file(named name: String) throws -> StoredFile? {
        guard let row = try connection.query("SELECT content_type, data, sha256 FROM media_files WHERE filename = $1", [name]).first else {
            return nil
        }
        return StoredFile(
            contentType: try row.decode("content_type"), sha256: try row.decode("sha256"), bytes: try row.decode("data", as: PostgresBytes.self).bytes)
    }

    /// Removes a stored image that no course uses any more.
    func deleteIfUnused(path: String) throws {
        guard path.hasPrefix("/media/") else { return }
        try connection.query("""
            DELETE FROM media_files WHERE filename = $1 AND NOT EXISTS (SELECT 1 FROM formations WHERE cover_image_url = $2)
            """, [String(path.dropFirst("/media/".count)), path])
    }
}
