import Foundation
import SQLiteDriver
@testable import Store
import Testing

/// An account's payments are found through its case (migration 11 dropped the index of payments by
/// account, which every payment paid a random page for): the same answers, still by index.
@Suite struct PaymentsByAccountTests {
    /// Case C-0 with two accounts (A-0 and A-0B), three payments on each, plus C-1's A-1 with one.
    private func book() throws -> TemporaryDatabase {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        RecordTests.seed(writer, count: 2)
        let done = Outcome()
        writer.submit(Mutation(actor: "bgmax", idempotency: nil, apply: { context in
            try context.insert(AccountRecord(number: "A-0B", customerID: "CU-0", caseID: "C-0", product: "Guld", currency: "SEK",
                                             balanceMinor: 50_000, overdueMinor: 0, oldestUnpaidDue: nil, creditLimitMinor: 100_000,
                                             paymentReference: "124"))
            for (index, account) in ["A-0", "A-0B", "A-0", "A-0B", "A-0", "A-0B"].enumerated() {
                try context.insert(PaymentRecord(id: "PM-\(index)", accountNumber: account, caseID: "C-0", currency: "SEK",
                                                 amountMinor: 100 + Int64(index), paidOn: 20_800 + Int32(index / 2), reference: "r",
                                                 source: "BANKGIRO", recordedAtMs: Int64(index), recordedBy: "bgmax", allocations: []))
            }
            try context.insert(PaymentRecord(id: "PM-9", accountNumber: "A-1", caseID: "C-1", currency: "SEK", amountMinor: 9,
                                             paidOn: 20_800, reference: "r", source: "BANKGIRO", recordedAtMs: 9, recordedBy: "bgmax",
                                             allocations: []))
            return []
        }, completion: done.completion))
        _ = try done.wait().get()
        writer.stop()
        return database
    }

    @Test func anAccountsPaymentsAreItsOwnNewestFirstAndPageByCursor() throws {
        let database = try book()
        let reader = try StoreReader(path: database.path)
        let all = try reader.connection.paymentRecords(caseID: nil, accountNumber: "A-0B", limit: 10)
        #expect(all.map(\.id) == ["PM-5", "PM-3", "PM-1"], "only A-0B's, newest first, not its case's other account's")
        let first = try reader.connection.paymentRecords(caseID: nil, accountNumber: "A-0", limit: 2)
        #expect(first.map(\.id) == ["PM-4", "PM-2"])
        let last = try #require(first.last)
        let next = try reader.connection.paymentRecords(caseID: nil, accountNumber: "A-0", limit: 2, before: (last.paidOn, last.id))
        #expect(next.map(\.id) == ["PM-0"])
        #expect(try reader.connection.paymentRecords(caseID: nil, accountNumber: "A-1", limit: 10).map(\.id) == ["PM-9"])
        #expect(try reader.connection.paymentRecords(caseID: nil, accountNumber: "A-404", limit: 10).isEmpty)
        #expect(try reader.connection.paymentRecords(caseID: "C-0", accountNumber: nil, limit: 10).count == 6, "the case's, both accounts")
    }

    @Test func noIndexOfPaymentsByAccountIsLeft() throws {
        let database = try book()
        let reader = try StoreReader(path: database.path)
        #expect(try reader.connection.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'payment_by_account'") == 0)
        let made = try reader.connection.statement("SELECT group_concat(name) FROM pragma_index_list('payment') WHERE origin = 'c'")
        defer { made.reset() }
        #expect(try made.step())
        #expect(made.text(0) == "payment_by_id", "the only index made besides the key")
    }

    /// Every statement that reads payments by account: its plan searches the payment table by its
    /// key (case first), never scans it, now that there is no index by account.
    @Test func readingPaymentsByAccountSearchesByIndexNeverScans() throws {
        let database = try book()
        let reader = try StoreReader(path: database.path)
        let statements = SQL.payments[1] + (AuditedState.queries["account"] ?? []).dropFirst()
        #expect(statements.count == 4)
        for sql in statements {
            let plan = try queryPlan(sql, reader.connection)
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(sql): \(plan)")
            #expect(plan.contains { $0.hasPrefix("SEARCH payment USING PRIMARY KEY (case_id=?") || $0.hasPrefix("SEARCH p USING PRIMARY KEY (case_id=?") },
                    "\(sql): \(plan)")
            #expect(plan.contains { $0.contains("account_by_number") }, "the account's case by its unique index: \(plan)")
        }
    }

    /// The audit digest of an account still covers exactly its payments: verification passes, and
    /// an edited payment amount shows.
    @Test func anAccountsAuditDigestCoversItsPayments() throws {
        let database = try book()
        let connection = try Connection(path: database.path, readOnly: false)
        let before = try #require(try AuditedState.digest(entity: "account", id: "A-0B", connection: connection))
        #expect(try AuditedState.digest(entity: "account", id: "A-0B", connection: connection) == before)
        try connection.execute("UPDATE payment SET amount_minor = 1 WHERE id = 'PM-4'")
        #expect(try AuditedState.digest(entity: "account", id: "A-0B", connection: connection) == before, "PM-4 is A-0's")
        try connection.execute("UPDATE payment SET amount_minor = 1 WHERE id = 'PM-3'")
        #expect(try AuditedState.digest(entity: "account", id: "A-0B", connection: connection) != before, "PM-3 is A-0B's")
    }

    private func queryPlan(_ sql: String, _ connection: Connection) throws -> [String] {
        let statement = try connection.statement("EXPLAIN QUERY PLAN " + sql)
        defer { statement.reset() }
        var details: [String] = []
        while try statement.step() { details.append(statement.text(3)) }
        return details
    }
}
