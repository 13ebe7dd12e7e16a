import HTTPServer
import NIOCore
import NIOHTTP1
import XCTest

/// The router records the pattern it matched on the request, where the handler and the
/// middleware around the router (after the handler) both read it.
final class MatchedRouteTests: XCTestCase {
    /// Reads `matchedRoute` after the rest of the chain has answered, as a metrics middleware does.
    private struct After: Middleware {
        func respond(to request: Request, next: any Responder) async throws -> Response {
            var response = try await next.respond(to: request)
            response.headers.replaceOrAdd(name: "x-route-after", value: request.matchedRoute ?? "(none)")
            return response
        }
    }

    private func chain() -> any Responder {
        var router = Router()
        router.get("/{lang}/formations/{slug}") { request in
            .text("handler saw \(request.matchedRoute ?? "(none)") for \(request.parameters["slug"] ?? "")")
        }
        router.get("/{lang}/formations/new") { _ in .text("literal") }
        router.group([After()]) { group in
            group.post("/admin/formations/{id}") { request in .text(request.matchedRoute ?? "(none)") }
        }
        return MiddlewareChain([After()], then: router)
    }

    private func respond(_ method: HTTPMethod, _ uri: String) async throws -> (Response?, HTTPError?) {
        let request = try Request(method: method, uri: uri)
        do {
            return (try await chain().respond(to: request), nil)
        } catch let error as HTTPError {
            return (nil, error)
        }
    }

    func testHandlerAndOuterMiddlewareSeeThePatternNotThePath() async throws {
        let (response, _) = try await respond(.GET, "/fr/formations/management-d-equipe?x=1")
        let page = try XCTUnwrap(response)
        XCTAssertEqual(String(buffer: page.body), "handler saw /{lang}/formations/{slug} for management-d-equipe")
        XCTAssertEqual(page.headers.first(name: "x-route-after"), "/{lang}/formations/{slug}")
    }

    func testTheMoreSpecificRouteIsTheOneRecorded() async throws {
        let (response, _) = try await respond(.GET, "/ar/formations/new")
        XCTAssertEqual(response?.headers.first(name: "x-route-after"), "/{lang}/formations/new")
    }

    func testHeadRecordsTheGetRouteAndGroupRoutesTheirPattern() async throws {
        let (head, _) = try await respond(.HEAD, "/fr/formations/x")
        XCTAssertEqual(head?.headers.first(name: "x-route-after"), "/{lang}/formations/{slug}")
        let (admin, _) = try await respond(.POST, "/admin/formations/42")
        XCTAssertEqual(admin.map { String(buffer: $0.body) }, "/admin/formations/{id}", "group middleware and handler see it")
    }

    func testNoPatternWithoutAMatch() async throws {
        let request = try Request(method: .GET, uri: "/nope")
        XCTAssertNil(request.matchedRoute)
        var router = Router()
        router.get("/hello") { _ in .text("hello") }
        do {
            _ = try await router.respond(to: request)
            XCTFail("an unknown path is a 404")
        } catch let error as HTTPError {
            XCTAssertEqual(error.status, .notFound)
        }
        XCTAssertNil(request.matchedRoute, "a 404 matched no route")
        let wrongMethod = try Request(method: .POST, uri: "/hello")
        _ = try? await router.respond(to: wrongMethod)
        XCTAssertNil(wrongMethod.matchedRoute, "a 405 matched no route either")
    }

    func testCopiesOfARequestShareTheSlotButNewRequestsDoNot() throws {
        let first = try Request(method: .GET, uri: "/a")
        let copy = first
        first.attributes[MatchedRouteKey.self]?.record("static")
        XCTAssertEqual(copy.matchedRoute, "static")
        XCTAssertNil(try Request(method: .GET, uri: "/a").matchedRoute)
    }
}
