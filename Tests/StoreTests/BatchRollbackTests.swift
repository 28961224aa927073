import Foundation
import SQLiteDriver
@testable import Store
import Testing

/// SQLite rolls a whole transaction back by itself on some errors (SQLITE_FULL, an I/O error at
/// statement level). The writer must notice: the batch's other mutations may not run outside a
/// transaction, and none of them may be acknowledged.
@Suite struct BatchRollbackTests {
    /// A mutation that does what SQLite does on a full disk: ends the whole transaction, then fails.
    static func rollsBackTheTransaction(outcome: Outcome) -> Mutation {
        Mutation(actor: "tester", idempotency: nil, apply: { context in
            try (context as! WriteContext).connection.run("ROLLBACK")
            throw SQLiteError(code: 13, operation: "step", connection: nil)
        }, completion: outcome.completion)
    }

    @Test func aBatchSQLiteRolledBackAcknowledgesNothingAndWritesNothingOutsideATransaction() throws {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        // Hold the writer in one long mutation so the next three queue up and share a batch.
        let gate = NSCondition()
        nonisolated(unsafe) var open = false
        let blocker = Outcome()
        writer.submit(Mutation(actor: "tester", idempotency: nil, apply: { _ in
            gate.lock()
            while !open { gate.wait() }
            gate.unlock()
            return []
        }, completion: blocker.completion))
        let before = Outcome(), failing = Outcome(), after = Outcome()
        writer.submit(WriterTests.insertNote("before", outcome: before))
        writer.submit(Self.rollsBackTheTransaction(outcome: failing))
        writer.submit(WriterTests.insertNote("after", outcome: after))
        gate.lock()
        open = true
        gate.broadcast()
        gate.unlock()
        _ = blocker.wait()
        let results = [before.wait(), failing.wait(), after.wait()]
        for result in results {
            guard case .failure = result else {
                Issue.record("a mutation of a batch SQLite rolled back was acknowledged: \(result)")
                continue
            }
        }
        // The writer goes on: the next batch commits normally.
        let next = Outcome()
        writer.submit(WriterTests.insertNote("next", outcome: next))
        #expect((try? next.wait().get()) != nil)
        writer.stop()
        let rows = try WriterTests.rows(database.path)
        #expect(!rows.contains { $0.hasSuffix(":before") || $0.hasSuffix(":after") }, "\(rows)")
        #expect(rows.contains { $0.hasSuffix(":next") })
        #expect(try StoreWriter.verifyAudit(path: database.path).isIntact)
    }
}
