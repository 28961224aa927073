import SQLiteDriver

extension Connection {
    /// Notes of a case older than `before` (its creation time and id; nil: the newest), newest
    /// first, at most `limit`. One range of the note table's key (case, time, id).
    public func noteRecords(caseID: String, before: (createdAtMs: Int64, id: String)?, limit: Int) throws -> [NoteRecord] {
        let sql = before == nil ? NoteHistorySQL.first : NoteHistorySQL.after
        let statement = try statement(sql)
        var values: [SQLValue] = [.text(caseID)]
        if let before { values += [.integer(before.createdAtMs), .integer(before.createdAtMs), .text(before.id)] }
        values.append(.integer(Int64(limit)))
        try statement.bind(values)
        defer { statement.reset() }
        var rows: [NoteRecord] = []
        while try statement.step() { rows.append(NoteRecord(statement)) }
        return rows
    }
}

enum NoteHistorySQL {
    static let first = "SELECT \(NoteRecord.columns) FROM note WHERE case_id = ? ORDER BY created_at_ms DESC, id DESC LIMIT ?"
    static let after = """
        SELECT \(NoteRecord.columns) FROM note WHERE case_id = ? AND (created_at_ms < ? OR (created_at_ms = ? AND id < ?))
        ORDER BY created_at_ms DESC, id DESC LIMIT ?
        """
}
