import HTTPServer
import NIOCore
import NIOHTTP1

/// `GET /media/{filename}`: the names are random and never reused, so a year of caching is safe.
struct MediaRoutes: Sendable {
    let database: AppDatabase

    func register(_ router: inout Router) {
        router.get("/media/{filename}") { try await response(for: $0) }
    }

    func response(for request: Request) async throws -> Response {
        guard let name = request.parameters["filename"], name.count <= 80,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }) else { throw HTTPError(.notFound) }
        guard let file = try await database.run({ try $0.media.file(named: name) }) else { throw HTTPError(.notFound, "no media \(name)") }
        let etag = "\"\(file.sha256.prefix(32))\""
        var headers: HTTPHeaders = ["content-type": file.contentType, "etag": etag, "cache-control": "public, max-age=31536000, immutable"]
        if request.header("if-none-match") == etag { return Response(status: .notModified, headers: headers) }
        headers.add(name: "content-disposition", value: "inline")
        return Response(status: .ok, headers: headers, body: ByteBuffer(bytes: file.bytes))
    }
}
