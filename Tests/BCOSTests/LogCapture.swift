@testable import BCOS
import Foundation
import Logging
import NIOConcurrencyHelpers
import XCTest

/// Log lines written through `JSONLogHandler` into memory, for tests that read what was logged.
final class LogCapture: Sendable {
    private let captured = NIOLockedValueBox<[String]>([])

    var output: JSONLogHandler.Output {
        { [captured] line in captured.withLockedValue { $0.append(line) } }
    }

    /// A logger whose every line lands here (as the JSON format writes it).
    func logger(label: String = "bcos", level: Logger.Level = .info) -> Logger {
        let output = self.output
        var logger = Logger(label: label) { JSONLogHandler(label: $0, metadataProvider: nil, output: output) }
        logger.logLevel = level
        return logger
    }

    /// The raw lines, newline included.
    var lines: [String] { captured.withLockedValue { $0 } }

    /// Every line parsed as a JSON object; throws on the first that is not one.
    func objects() throws -> [[String: Any]] {
        try lines.map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw LineIsNotAnObject(line: line)
            }
            return object
        }
    }

    /// The parsed lines whose message passes `matching`.
    func objects(where matching: (String) -> Bool) throws -> [[String: Any]] {
        try objects().filter { ($0["message"] as? String).map(matching) ?? false }
    }

    struct LineIsNotAnObject: Error, CustomStringConvertible {
        let line: String
        var description: String { "not a JSON object: \(line.debugDescription)" }
    }
}
