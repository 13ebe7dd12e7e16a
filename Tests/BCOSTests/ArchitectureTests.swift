@testable import BCOS
import Foundation
import TestSupport
import XCTest

/// The rules of docs/architecture.md that a reviewer would otherwise have to remember: SQL only
/// in repositories, no pool outside the database layer, every `{{t.key}}` translated.
final class ArchitectureTests: XCTestCase {
    static var sources: URL { TestEnvironment.repositoryRoot.appendingPathComponent("Sources/BCOS") }

    /// Every Swift file of the application module, by path relative to `Sources/BCOS`.
    static func applicationFiles() throws -> [(path: String, text: String)] {
        let root = sources
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var files: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let path = String(url.path.dropFirst(root.path.count + 1))
            files.append((path, try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// Where SQL may be written: repositories, and the migrations runner and demo-data loader,
    /// which run the migration files.
    static func mayHoldSQL(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        return name.hasSuffix("Repository.swift") || name.contains("Repository+")
            || ["Database/Migrator.swift", "Database/DemoData.swift"].contains(path)
            // SOQL: queries to Salesforce's API, not SQL to our database.
            || path == "CRM/SOQL.swift"
    }

    /// SQL statements as they are written in this code base: keywords in capitals.
    static let sqlPattern = try! NSRegularExpression(
        pattern: #"\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+[a-z_]+\s+(\w+\s+)?SET|DELETE\s+FROM|ON\s+CONFLICT|pg_notify|pg_advisory)|\.query\("#)

    func testSQLLivesOnlyInRepositories() throws {
        let files = try Self.applicationFiles()
        XCTAssertGreaterThan(files.count, 50, "the application sources were found")
        var offenders: [String] = []
        var repositoriesWithSQL = 0
        for (path, text) in files {
            let range = NSRange(text.startIndex..., in: text)
            let found = Self.sqlPattern.numberOfMatches(in: text, range: range) > 0
            if found && !Self.mayHoldSQL(path) { offenders.append(path) }
            if found && Self.mayHoldSQL(path) { repositoriesWithSQL += 1 }
        }
        XCTAssertEqual(offenders, [], "SQL outside a repository: move it into the repository of its table")
        XCTAssertGreaterThan(repositoriesWithSQL, 10, "the pattern does find the repositories' SQL")
    }

    func testTheDetectorSeesSQLInAHandler() {
        let handler = #"let rows = try await pool.query("SELECT id FROM formations WHERE slug = $1", [slug])"#
        XCTAssertEqual(Self.sqlPattern.numberOfMatches(in: handler, range: NSRange(handler.startIndex..., in: handler)), 2)
        let french = "Sélectionnez une formation, puis mettez à jour la fiche."
        XCTAssertEqual(Self.sqlPattern.numberOfMatches(in: french, range: NSRange(french.startIndex..., in: french)), 0)
    }

    func testOnlyTheDatabaseLayerHoldsAPool() throws {
        let holders = try Self.applicationFiles().filter { path, text in
            text.contains("PostgresPool") && !path.hasPrefix("Database/") && path != "App/Application.swift"
                && path != "App/DeliveryWorkerHandle.swift"
        }.map(\.path)
        XCTAssertEqual(holders, [], "handlers, services and middleware reach PostgreSQL through AppDatabase")
    }

    func testAdminAccessIsAGroupNotAPathTest() throws {
        let files = try Self.applicationFiles()
        let prefixTests = files.filter { $0.text.contains("pathSegments.first == \"admin\"") || $0.text.contains("path.hasPrefix(\"/admin\")") }
        XCTAssertEqual(prefixTests.map(\.path).filter { $0 != "Accounts/SafeRedirect.swift" }, [])
        let routes = try XCTUnwrap(files.first { $0.path == "App/Routes.swift" }?.text)
        XCTAssertTrue(routes.contains("router.group([AdminAuthMiddleware("), "admin routes are registered in the group")
    }

    /// Every `{{t.key}}` (and `{{#t.key}}`…) in a template must exist in both catalogs, or a page
    /// would show the bare key.
    func testEveryMessageKeyUsedByATemplateExistsInFrenchAndArabic() throws {
        let templates = TestEnvironment.repositoryRoot.appendingPathComponent("Templates")
        guard let walker = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: nil) else { return XCTFail("no Templates/") }
        let pattern = try NSRegularExpression(pattern: #"\{\{[#^/&{]?\s*t\.([A-Za-z0-9_]+)"#)
        var used: [String: Set<String>] = [:]
        for case let url as URL in walker where url.pathExtension == "mustache" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                used[String(text[range]), default: []].insert(url.lastPathComponent)
            }
        }
        XCTAssertGreaterThan(used.count, 30, "the templates' message keys were found")
        let missing = used.filter { key, _ in Messages.french[key] == nil || Messages.arabic[key] == nil }
            .map { "\($0.key) (\($0.value.sorted().joined(separator: ", ")))" }.sorted()
        XCTAssertEqual(missing, [], "template message keys without French or Arabic text")
    }
}
