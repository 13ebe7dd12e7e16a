import HTTPServer
import Logging
import Postgres

/// Error pages in the visitor's language, rendered from `Templates/errors/error.mustache`.
/// The language comes from the path (`/ar/…`) or else `Accept-Language`. Internals never show:
/// the page says what happened in words, the log says the rest.
struct AppErrorPages: ErrorPageRenderer {
    let renderer: PageRenderer

    struct Model: Encodable {
        let code: Int
        let title: String
        let text: String
        let show_catalog: Bool
    }

    func response(for error: HTTPError, request: Request?) -> Response {
        // Redirects travel as errors from deep inside a handler (a renamed course's old slug).
        if (300..<400).contains(Int(error.status.code)), let location = error.headers.first(name: "location") {
            return .redirect(to: location, status: error.status)
        }
        let language = request.flatMap { Language.fromPath($0.pathSegments) }
            ?? Language.negotiate(acceptLanguage: request?.header("accept-language"))
        let code = Int(error.status.code)
        let known = [400, 404, 405, 413, 429, 500, 503].contains(code) ? code : (code >= 500 ? 500 : 400)
        let model = Model(
            code: code,
            title: Messages.text("error_\(known)_title", in: language),
            text: Messages.text("error_\(known)_text", in: language),
            show_catalog: code == 404)
        var meta = PageMeta(language: language, title: model.title, description: model.text, path: request?.path ?? "/")
        meta.noIndex = true
        var response: Response
        do {
            response = try renderer.page("errors/error", model, meta: meta, status: error.status)
        } catch {
            response = BareErrorPages().response(for: HTTPError(.internalServerError), request: request)
        }
        response.headers.add(contentsOf: error.headers)
        response.headers.replaceOrAdd(name: "cache-control", value: "no-store")
        return response
    }
}

/// Turns thrown errors into answers: HTTPError → its status; an unreachable database → 503 with
/// Retry-After; anything else → 500, logged with its details, shown to nobody.
struct ErrorMiddleware: Middleware {
    let pages: AppErrorPages
    let logger: Logger

    func respond(to request: Request, next: any Responder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let error as HTTPError {
            if error.status.code >= 500 { logger.error("\(request.method) \(request.path): \(error)") }
            return pages.response(for: error, request: request)
        } catch let error as PostgresError where error.isUnavailable {
            logger.warning("\(request.method) \(request.path): \(error)")
            return pages.response(for: HTTPError(.serviceUnavailable, headers: ["retry-after": "5"]), request: request)
        } catch {
            logger.error("\(request.method) \(request.path) failed: \(error)")
            return pages.response(for: HTTPError(.internalServerError), request: request)
        }
    }
}

/// Headers every response carries. Scripts only from our own origin, no inline script; pages may
/// not be framed; HSTS when the site is served over https.
struct SecurityHeadersMiddleware: Middleware {
    let https: Bool

    func respond(to request: Request, next: any Responder) async throws -> Response {
        var response = try await next.respond(to: request)
        let headers = [
            ("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
                + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "strict-origin-when-cross-origin"),
            ("x-frame-options", "DENY"),
        ]
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.add(name: name, value: value)
        }
        if https { response.headers.replaceOrAdd(name: "strict-transport-security", value: "max-age=31536000; includeSubDomains") }
        return response
    }
}
