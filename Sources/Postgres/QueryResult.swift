/// The rows of one statement, copied out of libpq's result (which is freed at once).
public struct QueryResult: Sendable {
    public let columns: [String]
    public let rows: [Row]
    /// Rows inserted, updated or deleted (from the command tag), 0 for other statements.
    public let affectedRows: Int

    init(columns: [String], values: [[String?]], affectedRows: Int) {
        self.columns = columns
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
        let shared = ColumnIndex(positions: index)
        self.rows = values.map { Row(columns: shared, values: $0) }
        self.affectedRows = affectedRows
    }

    public var first: Row? { rows.first }
    public var isEmpty: Bool { rows.isEmpty }
}

final class ColumnIndex: Sendable {
    let positions: [String: Int]
    init(positions: [String: Int]) { self.positions = positions }
}

/// One row. Values are read by column name and decoded into typed Swift values.
public struct Row: Sendable {
    let columns: ColumnIndex
    let values: [String?]

    /// The raw text of a column, nil for NULL. Throws when the column does not exist.
    public func text(_ column: String) throws -> String? {
        guard let position = columns.positions[column] else {
            throw PostgresError.decoding(column: column, reason: "no such column in the result")
        }
        return values[position]
    }

    /// A non-NULL value; NULL is an error.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let text = try text(column) else {
            throw PostgresError.decoding(column: column, reason: "unexpected NULL for \(T.self)")
        }
        return try Row.convert(text, column: column)
    }

    /// A value that may be NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard let text = try text(column) else { return nil }
        return try Row.convert(text, column: column)
    }

    private static func convert<T: PostgresDecodable>(_ text: String, column: String) throws -> T {
        do {
            return try T(postgresText: text)
        } catch PostgresError.decoding(_, let reason) {
            throw PostgresError.decoding(column: column, reason: reason)
        }
    }
}
