import Foundation
import SQLiteDriver
import Store
import Testing

/// New books get 2 KiB pages; `Repage` rewrites an existing book with another page size, keeping
/// every row and the audit chain, and refuses what SQLite cannot do without touching the file.
@Suite struct RepageTests {
    static let key = AuditKey(masterKey: [UInt8](repeating: 9, count: 32))

    /// Two cases with accounts, and a payment on A-0 audited against the account (its digest covers
    /// the account's payments), in a keyed chain with its anchor.
    private func book() throws -> TemporaryDatabase {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: Self.key)
        RecordTests.seed(writer, count: 2)
        try pay(writer, "PM-1")
        writer.stop()
        return database
    }

    private func pay(_ writer: StoreWriter, _ id: String) throws {
        let done = Outcome()
        writer.submit(Mutation(actor: "bgmax", idempotency: nil, apply: { context in
            try context.insert(PaymentRecord(id: id, accountNumber: "A-0", caseID: "C-0", currency: "SEK", amountMinor: 5_000,
                                             paidOn: 20_801, reference: "123", source: "BANKGIRO", recordedAtMs: 1, recordedBy: "bgmax",
                                             allocations: []))
            try context.audit(action: "payment.record", entity: "account", entityID: "A-0", versionBefore: nil, versionAfter: nil, detail: id)
            return []
        }, completion: done.completion))
        _ = try done.wait().get()
    }

    private func pageSize(_ path: String) throws -> Int64? {
        try Connection(path: path, readOnly: true).scalarInt("PRAGMA page_size")
    }

    @Test func aNewBookHasTwoKiBPages() throws {
        let database = try book()
        #expect(try pageSize(database.path) == 2_048)
        #expect(Connection.newDatabasePageSize == 2_048)
    }

    @Test func everyRowAndTheAuditChainSurviveAPageSizeChangeAndBack() throws {
        let database = try book()
        let snapshot = try #require(try StoreReader(path: database.path).caseSnapshot(caseID: "C-0"))
        let verified = try StoreWriter.verifyAudit(path: database.path, key: Self.key)
        #expect(verified.rows == 1 && verified.firstBrokenSequence == nil && verified.problems.isEmpty && verified.entitiesCompared == 1)

        let out = try Repage.convert(databaseAt: database.path, pageSize: 4_096)
        #expect((out.pageSizeBefore, out.pageSizeAfter) == (2_048, 4_096))
        #expect(try pageSize(database.path) == 4_096)
        #expect(try StoreReader(path: database.path).caseSnapshot(caseID: "C-0") == snapshot)
        #expect(try StoreWriter.verifyAudit(path: database.path, key: Self.key) == verified, "the anchor still matches the chain")
        #expect(!FileManager.default.fileExists(atPath: Repage.temporaryPath(forDatabase: database.path)))

        // A book made before keeps its page size when a writer opens it, and takes writes.
        let writer = try StoreWriter(path: database.path, auditKey: Self.key)
        try pay(writer, "PM-2")
        writer.stop()
        #expect(try pageSize(database.path) == 4_096)

        let back = try Repage.convert(databaseAt: database.path)
        #expect((back.pageSizeBefore, back.pageSizeAfter) == (4_096, 2_048))
        #expect(try pageSize(database.path) == 2_048)
        let after = try StoreWriter.verifyAudit(path: database.path, key: Self.key)
        #expect(after.rows == 2 && after.firstBrokenSequence == nil && after.problems.isEmpty)
        #expect(try StoreReader(path: database.path).caseSnapshot(caseID: "C-0")?.payments.map(\.id) == ["PM-2", "PM-1"])
        #expect(try IntegrityCheck.run(databaseAt: database.path).isEmpty)
    }

    /// SQLite's smallest and largest page sizes are taken; one step past either is refused with a
    /// clear error before anything is touched.
    @Test func pageSizesAtSQLitesLimitsAreTakenAndOnePastThemRefused() throws {
        let database = try book()
        let original = try Data(contentsOf: URL(fileURLWithPath: database.path))
        for invalid in [256, 3_000, 131_072, 0, -2_048] {
            #expect(throws: StoreError.rejected(code: "PAGE_SIZE_INVALID", fieldPath: "page_size",
                                                message: "page size must be one of 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536 bytes, not \(invalid)")) {
                try Repage.convert(databaseAt: database.path, pageSize: invalid)
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database.path)) == original, "nothing changed")
        for edge in [512, 65_536] {
            #expect(try Repage.convert(databaseAt: database.path, pageSize: edge).pageSizeAfter == edge)
            #expect(try pageSize(database.path) == Int64(edge))
            #expect(try StoreWriter.verifyAudit(path: database.path, key: Self.key).problems.isEmpty)
        }
    }

    @Test func theSamePageSizeLeavesTheFileInPlace() throws {
        let database = try book()
        let inode = try #require(try FileManager.default.attributesOfItem(atPath: database.path)[.systemFileNumber] as? UInt64)
        let outcome = try Repage.convert(databaseAt: database.path, pageSize: 2_048)
        #expect(outcome.pageSizeBefore == outcome.pageSizeAfter && outcome.bytesBefore == outcome.bytesAfter)
        #expect(try FileManager.default.attributesOfItem(atPath: database.path)[.systemFileNumber] as? UInt64 == inode)
    }

    /// A copy left behind by a run that was stopped midway is not mistaken for the result: it is
    /// removed and the copy made again.
    @Test func aCopyLeftByAnInterruptedRunIsMadeAgain() throws {
        let database = try book()
        let leftover = Repage.temporaryPath(forDatabase: database.path)
        try Data("half a copy".utf8).write(to: URL(fileURLWithPath: leftover))
        #expect(try Repage.convert(databaseAt: database.path, pageSize: 4_096).pageSizeAfter == 4_096)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try StoreReader(path: database.path).caseSnapshot(caseID: "C-0")?.payments.map(\.id) == ["PM-1"])
    }
}
