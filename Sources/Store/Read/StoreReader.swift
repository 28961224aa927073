import SQLiteDriver
/// Read access for one thread (a server loop thread): its own read-only connection with a
/// statement cache. Each call reads one consistent snapshot (a read transaction).
public final class StoreReader: @unchecked Sendable {
    // Confined to the thread that owns it, like its connection.
    /// The read-only connection (SQLite's; tools that build books reach it through `package`).
    package let connection: Connection
    /// How many contacts, notes and payments a case snapshot holds at most.
    public let historyLimit: Int
    /// Encoded answers of this thread, valid while their entity's version is unchanged.
    public let answers: AnswerCache

    /// Opens `path` read-only; `answerCapacity` answers are kept for reuse (0: none).
    public init(path: String, historyLimit: Int = 20, answerCapacity: Int = 4_096) throws {
        precondition(historyLimit > 0)
        connection = try Connection(path: path, readOnly: true)
        self.historyLimit = historyLimit
        answers = AnswerCache(capacity: answerCapacity)
    }

    /// Runs `body` inside one read transaction. SQLite's failures leave as `StoreError`.
    public func read<T>(_ body: (any RecordReading) throws -> T) throws -> T {
        try snapshot(body)
    }

    /// `body`, with SQLite's failures turned into `StoreError` (the seam's errors).
    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw StoreError(error)
        }
    }

    /// The whole customer picture of a case, or nil when there is no such case. Reads only the
    /// kinds of rows the case holds (its contents bits): a query that finds nothing still costs a
    /// B-tree descent and, on a large database, a leaf page read.
    public func caseSnapshot(caseID: String) throws -> CaseSnapshot? {
        try snapshot { connection in
            guard let (caseRecord, contents) = try connection.caseRecordWithContents(id: caseID),
                  let customer = try connection.customerRecord(id: caseRecord.customerID)
            else { return nil }
            return CaseSnapshot(
                caseRecord: caseRecord, customer: customer,
                accounts: try connection.accountRecords(caseID: caseID),
                plans: contents.contains(.plans) ? try connection.planRecords(caseID: caseID) : [],
                contacts: contents.contains(.contacts) ? try connection.contactRecords(caseID: caseID, limit: historyLimit) : [],
                notes: contents.contains(.notes) ? try connection.noteRecords(caseID: caseID, limit: historyLimit) : [],
                flags: contents.contains(.flags) ? try connection.flagRecords(caseID: caseID) : [],
                payments: contents.contains(.payments)
                    ? try connection.paymentRecords(caseID: caseID, accountNumber: nil, limit: historyLimit) : [],
                treatment: contents.contains(.treatment) ? try connection.treatmentRecord(caseID: caseID) : nil,
                actions: contents.contains(.actions) ? try connection.outboxRecords(caseID: caseID, limit: historyLimit) : [])
        }
    }

    /// Like `read`, on the connection itself (the case snapshot's hot path; no existential calls).
    func snapshot<T>(_ body: (Connection) throws -> T) throws -> T {
        try translatingErrors { try connection.transaction { try body(connection) } }
    }

    /// A case by id, in a snapshot of its own: one statement, no explicit transaction.
    public func caseRecord(id: String) throws -> CaseRecord? {
        try translatingErrors { try connection.caseRecord(id: id) }
    }

    /// Number of cases.
    public func caseCount() throws -> Int {
        Int(try connection.scalarInt("SELECT count(*) FROM collection_case") ?? 0)
    }
}
