import SQLiteDriver
/// SQLite's full `integrity_check` of a database file: every page, every index against its table.
/// Reads through its own read-only connection, so it runs beside a serving writer (it reads one
/// snapshot; on a large book it takes minutes).
public enum IntegrityCheck {
    /// Problems reported at most.
    public static let problemsMax = 100

    /// The problems found, empty when the file is sound; `StoreError` when the file cannot even
    /// be read that far (damage so deep that the check itself fails).
    public static func run(databaseAt path: String) throws(StoreError) -> [String] {
        do {
            return try check(path)
        } catch {
            throw StoreWriter.storeError(error)
        }
    }

    private static func check(_ path: String) throws -> [String] {
        let connection = try Connection(path: path, readOnly: true)
        let statement = try connection.statement("PRAGMA integrity_check(\(problemsMax))")
        defer { statement.reset() }
        var problems: [String] = []
        while try statement.step() {
            let line = statement.text(0)
            if line != "ok" { problems.append(line) }
        }
        return problems
    }
}
