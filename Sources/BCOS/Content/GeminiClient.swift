import Foundation
import Outbound

/// Google Gemini's `generateContent` REST API, through libcurl (`Outbound.HTTPClient`).
/// `POST {base}/v1beta/models/{model}:generateContent` with the key in `x-goog-api-key`;
/// the answer's text is `candidates[0].content.parts[*].text`.
struct GeminiClient: Sendable {
    let apiKey: String
    let model: String
    let baseURL: String
    let http: HTTPClient
    var timeout: Duration = .seconds(60)

    /// What went wrong, in words an admin can act on (French, like the back office).
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The model's text answer to `prompt`. `json` asks for a JSON answer (`responseMimeType`).
    func generate(_ prompt: String, json: Bool = false) async throws -> String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var body: [String: Any] = ["contents": [["role": "user", "parts": [["text": prompt]]]]]
        if json { body["generationConfig"] = ["responseMimeType": "application/json"] }
        let request = OutboundRequest(
            method: "POST", url: "\(base)/v1beta/models/\(model):generateContent",
            headers: [OutboundHeader("x-goog-api-key", apiKey), OutboundHeader("Content-Type", "application/json")],
            body: Array(try JSONSerialization.data(withJSONObject: body)), timeout: timeout)
        let response: OutboundResponse
        do {
            response = try await http.send(request)
        } catch OutboundError.timedOut {
            throw Failure(description: "Gemini n’a pas répondu à temps. Réessayez dans un instant.")
        } catch {
            throw Failure(description: "Impossible de joindre Gemini (\(error)).")
        }
        let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard (200..<300).contains(response.status) else {
            let message = ((json?["error"] as? [String: Any])?["message"] as? String).map { String($0.prefix(300)) } ?? "HTTP \(response.status)"
            throw Failure(description: "Gemini a refusé la demande : \(message)")
        }
        let parts = (((json?["candidates"] as? [[String: Any]])?.first?["content"] as? [String: Any])?["parts"] as? [[String: Any]]) ?? []
        let text = parts.compactMap { $0["text"] as? String }.joined()
        guard !text.isEmpty else { throw Failure(description: "Gemini n’a renvoyé aucun texte.") }
        return text
    }
}

/// The prompt for a course's detailed content, asking for the HTML structure of the seed's
/// AIService (sections with `<h2>`, paragraphs and lists) in the requested language.
enum CourseContentPrompt {
    static func make(title: String, description: String, language: Language) -> String {
        let target = language == .fr ? "en français" : "en arabe standard moderne (العربية الفصحى)"
        return """
            Tu es rédacteur pour BCOS, un organisme de formation professionnelle au Maroc.
            Rédige \(target) le contenu détaillé de la page de la formation « \(title) ».
            Présentation existante : \(description.isEmpty ? "(aucune)" : description)

            Réponds uniquement avec un fragment HTML, sans <html>, <head>, <body>, sans Markdown ni balises de code, avec :
            <h2>Présentation de la formation</h2> suivi de deux paragraphes <p>;
            <h2>Objectifs pédagogiques</h2> suivi d'une liste <ul> de 4 à 6 <li>;
            <h2>Programme</h2> suivi d'une liste <ul> de modules, chacun avec <strong>Module n :</strong> et une phrase;
            <h2>Méthodes pédagogiques</h2> suivi d'un paragraphe;
            <h2>Public concerné</h2> suivi d'un paragraphe.
            N'utilise ni script, ni style, ni image, ni lien.
            """
    }

    /// Models sometimes wrap HTML in a Markdown code fence: take what is inside.
    static func stripCodeFence(_ text: String) -> String {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.hasPrefix("```") else { return body }
        body = String(body.drop { $0 != "\n" }.dropFirst())
        if body.hasSuffix("```") { body = String(body.dropLast(3)) }
        return body.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
