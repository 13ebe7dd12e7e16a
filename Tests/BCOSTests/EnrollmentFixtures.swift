@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// Filling in the public enrollment form the way a visitor would, for tests of what follows.
enum EnrollmentFixtures {
    /// Valid answers for every field of a form.
    static func validAnswers(_ fields: [FormField], token: String, overrides: [String: String] = [:]) -> [(String, String)] {
        var answers: [(String, String)] = [("submission_token", token), ("website", "")]
        for field in fields {
            let value: String
            switch field.type {
            case .email: value = "salma.bennani@example.ma"
            case .phone: value = "+212 6 61 23 45 67"
            case .date: value = "2027-01-15"
            case .select: value = field.options?.first?.value ?? ""
            case .checkbox: value = field.options?.first?.value ?? "on"
            case .textarea: value = "Je souhaite progresser.\nMerci."
            case .text: value = field.name == "full_name" ? "Salma Bennani" : "Valeur"
            }
            answers.append((field.name, overrides[field.name] ?? value))
        }
        return answers
    }

    /// The form token of a rendered page (`SubmissionToken`: 76 base64url characters).
    static func token(from html: String) throws -> String {
        let range = try XCTUnwrap(html.range(of: "name=\"submission_token\" value=\"[A-Za-z0-9_-]{76}\"", options: .regularExpression))
        return String(html[range].dropLast().suffix(76))
    }

    /// The session radio buttons of a rendered form (`name="session_id" value="…"`), in page order.
    static func sessionChoices(in html: String) -> [String] {
        html.components(separatedBy: "name=\"session_id\" value=\"").dropFirst().map { String($0.prefix(36)) }
    }

    /// Submits the course's form through HTTP like a visitor; returns the response and the token.
    /// When the form offers sessions, the visitor picks the first one (or `overrides["session_id"]`).
    static func enroll(
        _ harness: AppHarness, slug: String = Demo.publishedSlug, language: String = "fr", overrides: [String: String] = [:],
        headers: [(String, String)] = []
    ) async throws -> (response: HTTPTestResponse, token: String) {
        let page = try await harness.get("/\(language)/formations/\(slug)")
        let token = try token(from: page.text)
        guard let (course, _) = try await harness.app.database.run({ try $0.courses.course(slug: slug) }) else {
            throw TestEnvironment.Missing(variable: "course \(slug)")
        }
        let sessions = sessionChoices(in: page.text)
        var answers = validAnswers(DefaultForm.effectiveFields(for: course, withSessions: !sessions.isEmpty), token: token, overrides: overrides)
        if let session = overrides["session_id"] ?? sessions.first { answers.append(("session_id", session)) }
        let submitted = answers
        let port = harness.port
        let response = try await blocking { try TestHTTP.postForm(port: port, "/\(language)/formations/\(slug)/inscription", submitted, headers: headers) }
        return (response, token)
    }
}
