import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Serves `Public/` from memory. Every file is read once at start-up (the folder is small: CSS,
/// scripts, icons), hashed for its ETag, and looked up by exact relative path, so no request path
/// can reach outside the folder. `url(for:)` gives a cache-busted URL (`/css/site.css?v=<hash>`);
/// requests carrying the current hash get a year-long immutable cache, others revalidate.
public struct StaticFiles: Sendable {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let etag: String
        let version: String
        let lastModified: String
        let lastModifiedSeconds: Int
    }

    private let files: [String: File]
    /// The first segment of every file's path (`css`, `js`, `favicon.ico`): a request whose path
    /// starts elsewhere — every page — is not looked up at all.
    private let firstSegments: Set<String>

    public init(directory: URL) throws {
        var files: [String: File] = [:]
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .contentModificationDateKey], options: [.skipsHiddenFiles]) else {
            self.files = [:]
            firstSegments = []
            return
        }
        for case let url as URL in enumerator {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .contentModificationDateKey])
            guard values.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(rootPath) else { continue }
            let relative = String(path.dropFirst(rootPath.count))
            let data = try Data(contentsOf: url)
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            let modified = Int(values.contentModificationDate?.timeIntervalSince1970 ?? 0)
            files[relative] = File(
                bytes: ByteBuffer(bytes: data), contentType: StaticFiles.contentType(for: relative),
                etag: "\"\(digest.prefix(32))\"", version: String(digest.prefix(12)),
                lastModified: HTTPDate.format(secondsSince1970: modified), lastModifiedSeconds: modified)
        }
        self.files = files
        firstSegments = Set(files.keys.compactMap { $0.split(separator: "/").first.map(String.init) })
    }

    /// The public URL of an asset with its content version, e.g. `/css/site.css?v=1a2b3c4d5e6f`.
    public func url(for relativePath: String) -> String {
        guard let file = files[relativePath] else { return "/" + relativePath }
        return "/\(relativePath)?v=\(file.version)"
    }

    public var paths: [String] { files.keys.sorted() }

    /// The response for a GET/HEAD of a static file, or nil when no such file exists.
    public func response(for request: Request) -> Response? {
        guard request.method == .GET || request.method == .HEAD, let first = request.pathSegments.first, firstSegments.contains(first)
        else { return nil }
        let relative = request.pathSegments.joined(separator: "/")
        // Byte checks: `String.contains(String)` goes through Foundation, slowly, on every request.
        guard !request.pathSegments.contains(where: { $0.utf8.first == UInt8(ascii: ".") || $0.utf8.contains(UInt8(ascii: "/")) }),
              let file = files[relative] else {
            return nil
        }
        var headers: HTTPHeaders = [
            "content-type": file.contentType, "etag": file.etag, "last-modified": file.lastModified,
        ]
        let pinned = request.lenientQuery["v"] == file.version
        headers.add(name: "cache-control", value: pinned ? "public, max-age=31536000, immutable" : "public, no-cache")
        if let match = request.header("if-none-match") {
            if match.split(separator: ",").contains(where: { $0.trimmingSpaces == file.etag || $0.trimmingSpaces == "*" }) {
                return Response(status: .notModified, headers: headers)
            }
        } else if let since = request.header("if-modified-since").flatMap({ HTTPDate.parseSeconds($0) }), since >= file.lastModifiedSeconds {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: file.bytes)
    }

    static func contentType(for path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "application/javascript; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "webp": return "image/webp"
        case "gif": return "image/gif"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "txt": return "text/plain; charset=utf-8"
        case "html": return "text/html; charset=utf-8"
        case "xml": return "application/xml"
        case "webmanifest": return "application/manifest+json"
        default: return "application/octet-stream"
        }
    }
}
