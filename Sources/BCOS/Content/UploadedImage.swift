import Crypto
import Foundation

/// An uploaded image (a course cover), recognised by its content, never by its name: JPEG, PNG
/// or WebP, at most 5 MB.
struct UploadedImage: Sendable {
    static let maxBytes = 5 * 1024 * 1024

    let bytes: [UInt8]
    let contentType: String
    let fileExtension: String

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

    init(_ bytes: [UInt8]) throws(Refusal) {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= UploadedImage.maxBytes else { throw .tooLarge }
        guard let type = UploadedImage.imageType(bytes) else { throw .notAnImage }
        self.bytes = bytes
        contentType = type.contentType
        fileExtension = type.fileExtension
    }

    /// The image type from its first bytes.
    static func imageType(_ bytes: [UInt8]) -> (contentType: String, fileExtension: String)? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return ("image/jpeg", "jpg") }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return ("image/png", "png") }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return ("image/webp", "webp") }
        return nil
    }

    var sha256: String { Hex.lowercase(SHA256.hash(data: bytes)) }
}
