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
        let language = request.flatMap { Language.fromPath($0.pathSegments) }
            ?? Language.negotiate(acceptLanguage: request?.header("accept-language"))
        let code = Int(error.status.code)
        let known = [400, 403, 404, 405, 413, 429, 500, 503].contains(code) ? code : (code >= 500 ? 500 : 400)
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
