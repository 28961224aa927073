import Foundation
import SQLiteDriver
@testable import Store
import Testing

/// A temporary database file, removed with its WAL when the test ends.
final class TemporaryDatabase {
    let directory: String
    var path: String { directory + "/collect.sqlite" }

    init() {
        directory = NSTemporaryDirectory() + "collect-store-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// Waits for a writer completion.
final class Outcome: @unchecked Sendable {
    private let lock = NSCondition()
    private var value: Result<MutationOutcome, StoreError>?

    /// The writer's completion; a refusal thrown by a test's own `apply` shows as `rejected`.
    var completion: @Sendable (Result<MutationOutcome, MutationFailure>) -> Void {
        { result in
            self.lock.lock()
            self.value = result.mapError { failure in
                switch failure {
                case .store(let error): error
                case .refused(let error): StoreError.rejected(code: "REFUSED", fieldPath: "", message: "\(error)")
                }
            }
            self.lock.broadcast()
            self.lock.unlock()
        }
    }

    func wait() -> Result<MutationOutcome, StoreError> {
        lock.lock()
        defer { lock.unlock() }
        while value == nil { lock.wait() }
        return value!
    }
}

@Suite struct WriterTests {
    /// A mutation that stores a numbered row through the id sequence and audits it.
    static func insertNote(_ text: String, key: String? = nil, outcome: Outcome, fail: Bool = false) -> Mutation {
        Mutation(
            actor: "tester",
            idempotency: key.map { IdempotencyToken(principal: "tester", key: $0, method: "/test", requestHash: Array(text.utf8)) },
            apply: { context in
                let id = try context.nextID("test", prefix: "T")
                try (context as! WriteContext).connection.statement("INSERT INTO id_sequence (name, next) VALUES (?, 0)").run([.text("row:" + id + ":" + text)])
                try context.audit(action: "test.insert", entity: "test", entityID: id, versionBefore: nil, versionAfter: 1, detail: text)
                if fail { throw StoreError.rejected(code: "TEST_REFUSED", fieldPath: "text", message: "refused") }
                return Array(id.utf8)
            },
            completion: outcome.completion)
    }

    static func rows(_ path: String) throws -> [String] {
        let connection = try Connection(path: path, readOnly: true)
        let statement = try connection.statement("SELECT name FROM id_sequence WHERE name LIKE 'row:%' ORDER BY name")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0)) }
        return names
    }

    @Test func acknowledgedWritesAreVisibleAndAudited() throws {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        let outcomes = (0..<50).map { _ in Outcome() }
        for (index, outcome) in outcomes.enumerated() { writer.submit(Self.insertNote("n\(index)", outcome: outcome)) }
        let ids = outcomes.map { try? String(decoding: $0.wait().get().response, as: UTF8.self) }
        writer.stop()
        #expect(Set(ids.compactMap { $0 }).count == 50)
        #expect(try Self.rows(database.path).count == 50)
        let verification = try StoreWriter.verifyAudit(path: database.path)
        #expect(verification == AuditVerification(rows: 50, firstBrokenSequence: nil))
    }

    @Test func manyConcurrentSubmittersShareBatches() throws {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        let outcomes = (0..<400).map { _ in Outcome() }
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for index in stride(from: worker, to: 400, by: 8) { writer.submit(Self.insertNote("c\(index)", outcome: outcomes[index])) }
        }
        for outcome in outcomes { #expect((try? outcome.wait().get()) != nil) }
        let statistics = writer.statistics
        writer.stop()
        #expect(statistics.committed == 400)
        #expect(statistics.batches < 400, "group commit put several mutations in one transaction")
        #expect(try StoreWriter.verifyAudit(path: database.path).isIntact)
    }

    @Test func aFailingMutationRollsBackAloneNotItsBatch() throws {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        let outcomes = (0..<30).map { _ in Outcome() }
        for (index, outcome) in outcomes.enumerated() {
            writer.submit(Self.insertNote("m\(index)", outcome: outcome, fail: index % 3 == 1))
        }
        var failures = 0
        for (index, outcome) in outcomes.enumerated() {
            switch outcome.wait() {
            case .success: #expect(index % 3 != 1)
            case .failure(let error):
                #expect(index % 3 == 1)
                #expect(error.code == "TEST_REFUSED")
                failures += 1
            }
        }
        writer.stop()
        #expect(failures == 10)
        let rows = try Self.rows(database.path)
        #expect(rows.count == 20)
        #expect(!rows.contains { $0.hasSuffix(":m1") })
        // The refused mutations' audit rows went with them; the chain still verifies.
        #expect(try StoreWriter.verifyAudit(path: database.path) == AuditVerification(rows: 20, firstBrokenSequence: nil))
    }

    @Test func retryWithTheSameKeyReturnsTheFirstAnswer() throws {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        let first = Outcome(), retry = Outcome(), reuse = Outcome()
        writer.submit(Self.insertNote("pay 100", key: "k-1", outcome: first))
        let firstResponse = try first.wait().get()
        writer.submit(Self.insertNote("pay 100", key: "k-1", outcome: retry))
        let retried = try retry.wait().get()
        writer.submit(Self.insertNote("pay 999", key: "k-1", outcome: reuse))
        let reused = reuse.wait()
        writer.stop()
        #expect(!firstResponse.replayed)
        #expect(retried == MutationOutcome(response: firstResponse.response, replayed: true))
        #expect(throws: StoreError.idempotencyKeyReused(key: "k-1")) { try reused.get() }
        #expect(try Self.rows(database.path).count == 1, "the retry and the reuse changed nothing")
    }

    @Test func fullQueueIsRefusedAtOnce() throws {
        let database = TemporaryDatabase()
        let gate = NSCondition()
        nonisolated(unsafe) var open = false
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed, limits: .init(queueCapacity: 2, maxBatch: 1))
        let blocker = Outcome()
        // The first mutation holds the writer thread until the gate opens.
        writer.submit(Mutation(actor: "t", idempotency: nil, apply: { _ in
            gate.lock(); while !open { gate.wait() }; gate.unlock(); return []
        }, completion: blocker.completion))
        Thread.sleep(forTimeInterval: 0.1)
        let queued = [Outcome(), Outcome()]
        for outcome in queued { #expect(writer.submit(Self.insertNote("q", outcome: outcome))) }
        let refused = Outcome()
        #expect(!writer.submit(Self.insertNote("over", outcome: refused)))
        #expect(throws: StoreError.writerOverloaded(capacity: 2)) { try refused.wait().get() }
        gate.lock(); open = true; gate.broadcast(); gate.unlock()
        for outcome in queued { #expect((try? outcome.wait().get()) != nil) }
        writer.stop()
    }

    @Test func unwantedMutationsAreSkipped() throws {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        let outcome = Outcome()
        var mutation = Self.insertNote("late", outcome: outcome)
        mutation.isWanted = { false }
        writer.submit(mutation)
        #expect(throws: StoreError.abandoned) { try outcome.wait().get() }
        writer.stop()
        #expect(try Self.rows(database.path).isEmpty)
    }

    @Test func tamperingBreaksTheAuditChain() throws {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        let outcomes = (0..<5).map { _ in Outcome() }
        for (index, outcome) in outcomes.enumerated() { writer.submit(Self.insertNote("t\(index)", outcome: outcome)) }
        for outcome in outcomes { _ = outcome.wait() }
        writer.stop()
        let connection = try Connection(path: database.path, readOnly: false)
        try connection.execute("UPDATE audit SET actor = 'someone-else' WHERE seq = 3")
        #expect(try StoreWriter.verifyAudit(path: database.path).firstBrokenSequence == 3)
        try connection.execute("UPDATE audit SET actor = 'tester' WHERE seq = 3; DELETE FROM audit WHERE seq = 2")
        #expect(try StoreWriter.verifyAudit(path: database.path).firstBrokenSequence == 3)
    }

    @Test func stoppedWriterRefusesNewWork() throws {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        writer.stop()
        let outcome = Outcome()
        #expect(!writer.submit(Self.insertNote("after", outcome: outcome)))
        #expect(throws: StoreError.writerStopped) { try outcome.wait().get() }
    }

    /// Checkpoints run beside the writer; a clean stop leaves the whole database in its main file
    /// (an empty WAL), so copying that one file is a complete backup.
    @Test func aCleanStopLeavesEverythingInTheMainFile() throws {
        let database = TemporaryDatabase()
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        let outcomes = (0..<3_000).map { _ in Outcome() }
        for (index, outcome) in outcomes.enumerated() {
            writer.submit(Self.insertNote("row \(index) " + String(repeating: "x", count: 200), outcome: outcome))
        }
        for outcome in outcomes { _ = try outcome.wait().get() }
        writer.stop()
        let wal = try FileManager.default.attributesOfItem(atPath: database.path + "-wal")[.size] as? Int
        #expect(wal == 0)
        // The main file alone, copied elsewhere, holds every row and an intact chain.
        let copy = TemporaryDatabase()
        try FileManager.default.copyItem(atPath: database.path, toPath: copy.path)
        let connection = try Connection(path: copy.path, readOnly: true)
        #expect(try connection.scalarInt("SELECT count(*) FROM id_sequence WHERE name LIKE 'row:%'") == 3_000)
        #expect(try StoreWriter.verifyAudit(path: copy.path).isIntact)
    }

    @Test func anAnswerCacheOfSizeZeroKeepsNothingAndAFullOneReplacesTheOldestUnusedEntry() {
        let none = AnswerCache(capacity: 0)
        none.store("a", AnswerCache.Entry(version: 1, bytes: [1], scope: "SE", day: 1, generation: 0))
        #expect(none.count == 0)
        #expect(none.entry("a") == nil)
        let small = AnswerCache(capacity: 4)
        func store(_ key: String, _ byte: UInt8) {
            small.store(key, AnswerCache.Entry(version: Int64(byte), bytes: [byte], scope: "SE", day: 1, generation: 0))
        }
        for (index, key) in ["a", "b", "c", "d"].enumerated() { store(key, UInt8(index)) }
        small.used("a")  // used since it was stored: passed over once
        store("e", 9)
        #expect(small.entry("a")?.bytes == [0], "a used entry stays")
        #expect(small.entry("e")?.bytes == [9])
        #expect(small.entry("b") == nil, "the oldest unused entry goes")
        #expect(small.count == 4, "one out for one in")
        store("f", 10)
        #expect(small.entry("c") == nil)
        store("g", 11)
        #expect(small.entry("d") == nil)
        // "a" had its second chance when "e" came in; unused since, it is next.
        store("h", 12)
        #expect(small.entry("a") == nil)
        #expect(["e", "f", "g", "h"].map { small.entry($0)?.bytes.first } == [9, 10, 11, 12])
        // Storing a key again replaces its answer without evicting anything.
        store("h", 13)
        #expect(small.entry("h")?.bytes == [13])
        #expect(small.count == 4)
        #expect(small.entry("e") != nil)
        // Every entry used: the hand clears them all in one turn, then replaces where it began.
        for key in ["e", "f", "g", "h"] { small.used(key) }
        store("i", 14)
        #expect(small.count == 4)
        #expect(small.entry("i")?.bytes == [14])
        #expect(["e", "f", "g", "h"].filter { small.entry($0) == nil }.count == 1, "exactly one replaced")
        // Capacity 1 holds the latest answer only.
        let one = AnswerCache(capacity: 1)
        one.store("x", AnswerCache.Entry(version: 1, bytes: [1], scope: "SE", day: 1, generation: 0))
        one.used("x")
        one.store("y", AnswerCache.Entry(version: 2, bytes: [2], scope: "SE", day: 1, generation: 0))
        #expect((one.count, one.entry("x") == nil, one.entry("y")?.bytes) == (1, true, [2]))
    }

    @Test func databaseFromANewerBuildIsRefused() throws {
        let database = TemporaryDatabase()
        let connection = try Connection(path: database.path, readOnly: false)
        try connection.execute("PRAGMA user_version = 99")
        #expect(throws: StoreError.databaseTooNew(version: 99, supported: Migrations.all.count)) {
            _ = try StoreWriter(path: database.path, auditKey: .unkeyed)
        }
    }
}
