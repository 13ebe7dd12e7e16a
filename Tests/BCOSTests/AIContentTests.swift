@testable import BCOS
import Foundation
import HTTPServer
import Logging
import NIOConcurrencyHelpers
import TestSupport
import XCTest

/// A local stand-in for Gemini's `generateContent` endpoint that checks the request's shape like
/// the real API would (key header, JSON `contents[].parts[].text`) and answers in its format.
final class FakeGemini: @unchecked Sendable {
    let received = NIOLockedValueBox<[(path: String, key: String?, prompt: String)]>([])
    let failWith = NIOLockedValueBox<Int?>(nil)
    /// The model's text answer; nil answers the course-content HTML below.
    let answer = NIOLockedValueBox<String?>(nil)
    /// `generationConfig.responseMimeType` of each request, when set.
    let mimeTypes = NIOLockedValueBox<[String]>([])
    private var server: HTTPServer!
    private var task: Task<Void, Error>?
    private(set) var port = 0

    func start() async throws {
        var router = Router()
        router.post("/v1beta/models/{call}") { [received, failWith, answer, mimeTypes] request in
            guard request.parameters["call"] == "gemini-test:generateContent" else { throw HTTPError(.notFound) }
            guard request.header("x-goog-api-key") == "test-key" else {
                return .text(#"{"error": {"code": 403, "message": "API key not valid."}}"#, status: .forbidden, contentType: "application/json")
            }
            let json = try? JSONSerialization.jsonObject(with: Data(request.body.readableBytesView)) as? [String: Any]
            let prompt = (((json?["contents"] as? [[String: Any]])?.first?["parts"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
            received.withLockedValue { $0.append((request.path, request.header("x-goog-api-key"), prompt)) }
            if let mime = (json?["generationConfig"] as? [String: Any])?["responseMimeType"] as? String {
                mimeTypes.withLockedValue { $0.append(mime) }
            }
            guard !prompt.isEmpty else {
                return .text(#"{"error": {"code": 400, "message": "contents is required"}}"#, status: .badRequest, contentType: "application/json")
            }
            if let status = failWith.withLockedValue({ $0 }) {
                return .text(#"{"error": {"code": 503, "message": "The model is overloaded."}}"#, status: .init(statusCode: status), contentType: "application/json")
            }
            let html = answer.withLockedValue { $0 }
                ?? "```html\n<h2>Présentation de la formation</h2><p>Un texte généré.</p><script>alert(1)</script><ul><li>Objectif</li></ul>\n```"
            let reply: [String: Any] = ["candidates": [["content": ["role": "model", "parts": [["text": html]]], "finishReason": "STOP"]]]
            return .text(String(decoding: try JSONSerialization.data(withJSONObject: reply), as: UTF8.self), contentType: "application/json")
        }
        var logger = Logger(label: "fake-gemini")
        logger.logLevel = .error
        server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: router, logger: logger)
        let ready = AsyncStream<Int>.makeStream()
        task = Task { [server] in try await server!.run { ready.continuation.yield($0) } }
        for await bound in ready.stream {
            port = bound
            break
        }
    }

    func stop() async {
        await server.shutdownGracefully()
        _ = try? await task?.value
    }
}

final class AIContentTests: XCTestCase {
    func testGenerateFillsTheEditorWithSanitizedHTMLWithoutSaving() async throws {
        let gemini = FakeGemini()
        try await gemini.start()
        let port = gemini.port
        let harness = try await AppHarness.start { configuration in
            configuration.geminiAPIKey = "test-key"
            configuration.geminiModel = "gemini-test"
            configuration.geminiBaseURL = "http://127.0.0.1:\(port)"
        }
        try await AdminAccounts(database: harness.app.database, hasher: PasswordHasher(rounds: 1 << 10)).createOrUpdate(email: "ai@bcos.ma", password: "un mot de passe solide")
        let client = AdminClient(port: harness.port)
        _ = try await client.signIn(email: "ai@bcos.ma", password: "un mot de passe solide")
        let id = "00000000-0000-4000-8000-0000000000f1"
        let editor = try await client.get("/admin/formations/\(id)/edit")
        XCTAssertFalse(editor.text.contains("Génération par IA indisponible"))
        let before: String = try await harness.app.pool.query("SELECT content_fr FROM formations WHERE id = $1", [id]).first!.decode("content_fr")

        let generated = try await client.post("/admin/formations/\(id)/edit", [
            ("title_fr", "Management d’équipe et leadership"), ("description_fr", "Trois jours pour passer de l’expert au manager."),
            ("vat_rate", "20"), ("currency", "MAD"), ("ff_count", "0"), ("action", "ai:fr"),
        ])
        XCTAssertEqual(generated.status, 200)
        XCTAssertTrue(generated.text.contains("Contenu généré par l’IA"))
        XCTAssertTrue(generated.text.contains("&lt;h2&gt;Présentation de la formation&lt;/h2&gt;&lt;p&gt;Un texte généré.&lt;/p&gt;"), "the editor holds the generated HTML")
        XCTAssertFalse(generated.text.contains("alert(1)"), "the answer passed the sanitizer")
        XCTAssertFalse(generated.text.contains("```"))
        let after: String = try await harness.app.pool.query("SELECT content_fr FROM formations WHERE id = $1", [id]).first!.decode("content_fr")
        XCTAssertEqual(after, before, "nothing is saved until the admin saves")

        let calls = gemini.received.withLockedValue { $0 }
        XCTAssertEqual(calls.count, 1)
        XCTAssertEqual(calls.first?.path, "/v1beta/models/gemini-test:generateContent")
        XCTAssertTrue(calls.first?.prompt.contains("Management d’équipe et leadership") == true)
        XCTAssertTrue(calls.first?.prompt.contains("<h2>") == true, "the prompt asks for the seed's HTML structure")

        gemini.failWith.withLockedValue { $0 = 503 }
        let failed = try await client.post("/admin/formations/\(id)/edit", [
            ("title_fr", "Management"), ("vat_rate", "20"), ("currency", "MAD"), ("ff_count", "0"), ("action", "ai:ar"),
        ])
        XCTAssertEqual(failed.status, 502)
        XCTAssertTrue(failed.text.contains("Gemini a refusé la demande : The model is overloaded."))

        await harness.stop()
        await gemini.stop()
    }

    func testWithoutAKeyTheButtonIsDisabledWithAnExplanation() async throws {
        let harness = try await AppHarness.start()
        try await AdminAccounts(database: harness.app.database, hasher: PasswordHasher(rounds: 1 << 10)).createOrUpdate(email: "ai@bcos.ma", password: "un mot de passe solide")
        let client = AdminClient(port: harness.port)
        _ = try await client.signIn(email: "ai@bcos.ma", password: "un mot de passe solide")
        let editor = try await client.get("/admin/formations/new")
        XCTAssertTrue(editor.text.contains("value=\"ai:fr\" class=\"button button-secondary\" disabled"))
        XCTAssertTrue(editor.text.contains("La rédaction par IA n’est pas activée sur ce site. Pour l’activer, demandez à la personne qui gère le serveur"))
        await harness.stop()
    }
}
