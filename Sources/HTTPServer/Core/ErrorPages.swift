import NIOHTTP1

/// Renders the page for an error the server raises itself (413 before the body is read, a 500 when
/// a responder throws past the application's error middleware). The application supplies one that
/// uses its templates and the visitor's language; the default is a bare bilingual page.
public protocol ErrorPageRenderer: Sendable {
    func response(for error: HTTPError, request: Request?) -> Response
}

public struct BareErrorPages: ErrorPageRenderer {
    public init() {}
    public func response(for error: HTTPError, request: Request?) -> Response {
        var response = Response.html(BareErrorPage.html(error.status), status: error.status)
        response.headers.add(contentsOf: error.headers)
        return response
    }
}
