import SQLiteDriver

extension ServerProcess {
    /// The rows `sql` gives on the server's book, every column as text, read on a read-only
    /// connection of its own (the server may be running or stopped).
    func rows(_ sql: String) throws -> [[String]] {
        let connection = try Connection(path: directory + "/data/collect.sqlite", readOnly: true)
        let statement = try connection.statement(sql)
        var rows: [[String]] = []
        while try statement.step() { rows.append((0..<statement.columnCount).map { statement.text($0) }) }
        statement.reset()
        return rows
    }

    /// The first column of the first row of `sql` as a number (a count), -1 when there is none.
    func count(_ sql: String) throws -> Int { Int(try rows(sql).first?.first ?? "") ?? -1 }
}
