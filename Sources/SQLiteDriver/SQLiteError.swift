import CSQLite

/// A failed SQLite call: its raw result code (kept as SQLite's number), the call and SQLite's message.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// SQLite's extended result code, e.g. 2067 for SQLITE_CONSTRAINT_UNIQUE.
    public let code: Int32
    /// What was being done, e.g. `prepare` or `step`.
    public let operation: String
    /// SQLite's explanation.
    public let message: String

    /// The primary result code (SQLITE_BUSY, SQLITE_CONSTRAINT, …).
    public var primaryCode: Int32 { code & 0xFF }

    public var description: String { "SQLite \(operation) failed (\(code)): \(message)" }

    package init(code: Int32, operation: String, connection: OpaquePointer?) {
        self.code = code
        self.operation = operation
        if let connection, let text = sqlite3_errmsg(connection) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
    }
}
