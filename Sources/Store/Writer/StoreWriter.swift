import SQLiteDriver
import Foundation
import Synchronization

/// The single writer: a bounded queue of mutations and one thread that commits them in batches,
/// one transaction and one fsync per batch (group commit). A mutation is acknowledged only after
/// its batch is durable (`synchronous=FULL`, WAL); a failing mutation is rolled back to its own
/// savepoint and never takes its batch neighbours with it.
public final class StoreWriter: @unchecked Sendable {
    // The queue is guarded by `condition`; the connection and context are used only on `thread`.

    /// Bounds of the writer.
    public struct Limits: Sendable {
        /// Mutations waiting at most; over it `submit` refuses at once.
        public var queueCapacity: Int
        /// Mutations committed together at most.
        public var maxBatch: Int
        /// Where batches, commits and checkpoints are counted; nil: nowhere.
        public var metrics: WriterMetrics?

        /// Creates limits; both must be positive.
        public init(queueCapacity: Int = 4_096, maxBatch: Int = 512) {
            precondition(queueCapacity > 0 && maxBatch > 0, "writer limits must be positive")
            self.queueCapacity = queueCapacity
            self.maxBatch = maxBatch
        }
    }

    /// Counters for benchmarks and the operator.
    public struct Statistics: Sendable, Equatable {
        public var batches: Int = 0
        public var committed: Int = 0
        public var failed: Int = 0
        public var replayed: Int = 0
        public var largestBatch: Int = 0
    }

    private let connection: Connection
    private let context: WriteContext
    private let limits: Limits
    private let clockMs: @Sendable () -> Int64
    private let condition = NSCondition()
    private var queue: [Mutation] = []
    private var queueHead = 0
    private var stopping = false
    private var stopped = false
    private var stats = Statistics()
    private var thread: Thread?
    private let checkpointer: Checkpointer
    private let generation = Atomic<UInt64>(0)
    private let path: String
    private let identity: FileIdentity
    private var faultState: StoreError?
    private let faulted = Atomic<Bool>(false)
    private let onFault: @Sendable (StoreError) -> Void

    /// How often the writer checks, while idle, that its database file is still the one it
    /// opened (it also checks before every batch).
    public static let fileCheckIntervalSeconds: Double = 1

    /// Moves on after every batch, before its mutations are acknowledged. A reader that saw the
    /// same value before and after reading something knows no batch committed in between; an
    /// answer checked at generation g is still current while this is g (the server is the only
    /// writer of case data while it runs).
    public var commitGeneration: UInt64 { generation.load(ordering: .sequentiallyConsistent) }

    /// Opens the database for writing (migrating it; `nationalIDs` for migration 5, see
    /// `Migrations.apply`) and starts the writer thread.
    ///
    /// `onFault` is called once, on the writer's thread, when the storage fails in a way the
    /// writer cannot go on from (the file deleted or replaced, damage found): from then on every
    /// mutation is refused with that error and `fault` reports it. A quick check of the file's
    /// structure runs first (`quickCheck`): a damaged file is refused at start; a book too large to
    /// check within `startupCheckBudgetMs` is checked to its end in the background while serving.
    ///
    /// `auditKey` keys the audit chain (`AuditKey(masterKey:)` for a data folder; `.unkeyed` only
    /// for tests and tools without one), and the anchor file next to the database is kept with it.
    public init(path: String, auditKey: AuditKey, limits: Limits = Limits(),
                clockMs: @escaping @Sendable () -> Int64 = StoreWriter.wallClockMs,
                nationalIDs: NationalIDRehash? = nil,
                quickCheck: Bool = true, startupCheckBudgetMs: Int64 = StoreWriter.startupCheckBudgetMs,
                onFault: @escaping @Sendable (StoreError) -> Void = { _ in }) throws {
        #if COLLECT_BENCH_UNKEYED_AUDIT
        // Bench builds only (bench/audit-cost.sh, its own scratch path): the keyed chain's cost
        // is measured against plain SHA-256 with everything else equal. Never set in a release.
        let auditKey = AuditKey.unkeyed
        #endif
        connection = try Connection(path: path, readOnly: false)
        guard let identity = FileIdentity(path: path) else { throw StoreError.storageLost(reason: "\(path) could not be found after opening it") }
        self.identity = identity
        self.path = path
        self.onFault = onFault
        let checkedToTheEnd = quickCheck ? try Self.quickCheck(connection, budgetMs: startupCheckBudgetMs) : true
        try Migrations.apply(to: connection, nationalIDs: nationalIDs)
        try connection.useMemoryForTemporaryStorage()
        // Checkpoints run on their own thread (see Checkpointer); the writer checkpoints itself
        // only when the WAL has grown past this bound (the rest left after the background copy),
        // which also lets the WAL start over from its beginning.
        try connection.execute("PRAGMA wal_autocheckpoint=\(StoreWriter.walBoundPages)")
        checkpointer = try Checkpointer(path: path, auditKey: auditKey, metrics: limits.metrics)
        context = WriteContext(connection: connection, chain: try AuditChain(connection: connection, key: auditKey))
        self.limits = limits
        self.clockMs = clockMs
        // The thread holds `self` until stop() ends it: a writer dropped without stop() (a server
        // that fails to start after opening its book) must not leave a thread reading freed memory.
        let thread = Thread { self.run() }
        thread.name = "collect-writer"
        self.thread = thread
        thread.start()
        if !checkedToTheEnd { finishQuickCheckInBackground() }
    }

    /// WAL pages after which a commit checkpoints on the writer's own connection: above what a
    /// second of batches writes between the background checkpoints (about 11 000 pages at
    /// 2 000 payments a second), so that the writer does not stop to checkpoint itself.
    static let walBoundPages = 32_768

    /// Milliseconds since the Unix epoch.
    public static let wallClockMs: @Sendable () -> Int64 = {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// The storage failure that stopped the writer acknowledging writes, nil while healthy.
    /// Cheap to read on every request: an atomic flag first, the lock only after a fault.
    public var fault: StoreError? {
        guard faulted.load(ordering: .acquiring) else { return nil }
        condition.lock()
        defer { condition.unlock() }
        return faultState
    }

    /// SQLite's `quick_check` (structure of every page and index, without comparing indexes to
    /// tables), stopped once `budgetMs` has passed (nil: never; 0: not started). Returns true when
    /// it ran to the end (the file is sound), false when it ran out of time; throws
    /// `storageCorrupt` on damage.
    @discardableResult
    static func quickCheck(_ connection: Connection, budgetMs: Int64?) throws -> Bool {
        if budgetMs == 0 { return false }
        let statement = try connection.statement("PRAGMA quick_check(1)")
        defer {
            statement.reset()
            connection.clearDeadline()
        }
        if let budgetMs { connection.setDeadline(afterMs: budgetMs) }
        let answered: Bool
        do {
            answered = try statement.step()
        } catch {
            if error.primaryCode == 9 { return false }  // SQLITE_INTERRUPT: out of time
            throw StoreError(error)
        }
        guard answered else { return true }
        let answer = statement.text(0)
        if answer != "ok" { throw StoreError.storageCorrupt(code: 11, message: "quick_check: \(answer)") }
        return true
    }

    /// The longest `quick_check` holds up the start by default; a larger book is checked to its end on a
    /// thread of its own while the server serves, and damage found then is a fault like any other.
    public static let startupCheckBudgetMs: Int64 = 5_000

    /// Finishes a start-up check that ran out of time, on its own read connection and thread.
    private func finishQuickCheckInBackground() {
        let onDamage: @Sendable (StoreError) -> Void = { [weak self] error in self?.enterFault(error) }
        let thread = Thread(block: Self.quickCheckBlock(path: path, onDamage: onDamage))
        thread.name = "collect-quick-check"
        thread.start()
    }

    /// The background check: damage goes to `onDamage`; a file that cannot even be opened is
    /// left to the writer's own checks.
    private static func quickCheckBlock(path: String, onDamage: @escaping @Sendable (StoreError) -> Void) -> @Sendable () -> Void {
        {
            do {
                let reader = try Connection(path: path, readOnly: true)
                try quickCheck(reader, budgetMs: nil)
            } catch let error as StoreError {
                onDamage(error)
            } catch let error as SQLiteError {
                onDamage(StoreError(error))
            } catch {
                onDamage(StoreError.storageUnavailable(code: 0, message: "the start-up check could not read the file: \(error)"))
            }
        }
    }

    /// Reports damage a reader met: the server stops acknowledging writes into a damaged file
    /// and tells the operator, as when the writer meets it. Other errors are ignored here.
    public func reportReadFault(_ error: StoreError) {
        if case .storageCorrupt = error { enterFault(error) }
    }

    /// Records the first fault and tells the server, once.
    private func enterFault(_ error: StoreError) {
        condition.lock()
        let first = faultState == nil
        if first { faultState = error }
        condition.unlock()
        guard first else { return }
        faulted.store(true, ordering: .releasing)
        onFault(error)
    }

    /// Queues a mutation. When the queue is full or the writer is stopping, the mutation's
    /// completion is called at once (on this thread) with the error, and false is returned.
    @discardableResult
    public func submit(_ mutation: Mutation) -> Bool {
        condition.lock()
        if let faultState {
            condition.unlock()
            mutation.completion(.failure(.store(faultState)))
            return false
        }
        if stopping {
            condition.unlock()
            mutation.completion(.failure(.store(.writerStopped)))
            return false
        }
        if queue.count - queueHead >= limits.queueCapacity {
            condition.unlock()
            mutation.completion(.failure(.store(.writerOverloaded(capacity: limits.queueCapacity))))
            return false
        }
        queue.append(mutation)
        condition.signal()
        condition.unlock()
        return true
    }

    /// Mutations waiting.
    public var queueDepth: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count - queueHead
    }

    /// Counters so far.
    public var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return stats
    }

    /// Refuses new mutations, commits every queued one, and closes the database. Blocks until done.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
        checkpointer.stop()
    }

    /// Recomputes the audit chain, checks it against its anchor file and every audited entity's
    /// state against its last audit row (on the caller's thread, through its own read connection).
    public static func verifyAudit(path: String, key: AuditKey = .unkeyed) throws -> AuditVerification {
        let reader = try Connection(path: path, readOnly: true)
        let anchor: AuditAnchor?
        do {
            anchor = try AuditAnchor.read(path: AuditAnchor.path(forDatabase: path), key: key)
        } catch let error as AnchorError {
            var result = try AuditChain.verify(connection: reader, key: key, anchor: nil)
            result.problems.removeAll { $0.hasPrefix("the anchor file is missing") }
            result.problems.insert(error.description, at: 0)
            return result
        }
        return try AuditChain.verify(connection: reader, key: key, anchor: anchor)
    }

    private func run() {
        while true {
            condition.lock()
            while queue.count == queueHead && !stopping {
                if !condition.wait(until: Date(timeIntervalSinceNow: Self.fileCheckIntervalSeconds)) && faultState == nil {
                    condition.unlock()
                    checkFile()
                    condition.lock()
                }
            }
            if queue.count == queueHead {
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let end = min(queue.count, queueHead + limits.maxBatch)
            let batch = Array(queue[queueHead..<end])
            queueHead = end
            if queueHead > 1_024 && queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            condition.unlock()
            commit(batch)
        }
    }

    /// Enters a fault when the database file is no longer the one opened.
    @discardableResult
    private func checkFile() -> StoreError? {
        guard let change = FileIdentity.change(at: path, opened: identity) else { return nil }
        let error = StoreError.storageLost(reason: change)
        enterFault(error)
        return error
    }

    private func commit(_ batch: [Mutation]) {
        var results: [Result<MutationOutcome, MutationFailure>] = []
        results.reserveCapacity(batch.count)
        if let fault = fault ?? checkFile() {
            for mutation in batch { mutation.completion(.failure(.store(fault))) }
            return
        }
        context.nowMs = clockMs()
        let started = limits.metrics == nil ? 0 : WriterMetrics.nowMicros()
        do {
            try connection.run("BEGIN IMMEDIATE")
            // Re-read the chain's end inside the transaction: another process (an operator's
            // `collect-server token` command) may have appended since the last batch.
            context.chain = try AuditChain(connection: connection, key: context.chain.key)
        } catch {
            try? connection.run("ROLLBACK")
            for mutation in batch { mutation.completion(.failure(.store(Self.storeError(error)))) }
            return
        }
        for mutation in batch {
            results.append(applyOne(mutation))
            if !connection.isInTransaction { break }
        }
        if !connection.isInTransaction {
            // SQLite rolled the whole transaction back by itself (a full disk, an I/O error):
            // what ran before went with it, and nothing after may run outside a transaction.
            let failure = results.last.flatMap { result -> StoreError? in
                if case .failure(.store(let error)) = result { return error }
                return nil
            } ?? .database(code: 1, message: "the transaction was rolled back")
            results = batch.map { _ in .failure(.store(failure)) }
        } else {
            do {
                try connection.run("COMMIT")
                if let metrics = limits.metrics {
                    metrics.commitTime.observe(WriterMetrics.nowMicros() - started)
                    metrics.commits.increment()
                    metrics.batchSize.observe(Int64(batch.count))
                }
            } catch {
                try? connection.run("ROLLBACK")
                let failure = Self.storeError(error)
                results = batch.map { _ in .failure(.store(failure)) }
            }
        }
        for case .failure(.store(let error)) in results {
            if case .storageCorrupt = error { enterFault(error) }
        }
        generation.add(1, ordering: .sequentiallyConsistent)
        checkpointer.nudge()
        condition.lock()
        stats.batches += 1
        stats.largestBatch = max(stats.largestBatch, batch.count)
        for result in results {
            switch result {
            case .success(let outcome): if outcome.replayed { stats.replayed += 1 } else { stats.committed += 1 }
            case .failure: stats.failed += 1
            }
        }
        condition.unlock()
        for (mutation, result) in zip(batch, results) { mutation.completion(result) }
    }

    static func storeError(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError: error
        case let error as SQLiteError: StoreError(error)
        default: .database(code: 1, message: "\(error)")
        }
    }

    private func applyOne(_ mutation: Mutation) -> Result<MutationOutcome, MutationFailure> {
        guard mutation.isWanted() else { return .failure(.store(.abandoned)) }
        let mark = context.chain.mark
        context.actor = mutation.actor
        do {
            try connection.run("SAVEPOINT mutation")
        } catch {
            return .failure(.store(Self.storeError(error)))
        }
        do {
            if let token = mutation.idempotency, let stored = try Idempotency.lookup(token, connection: connection) {
                try connection.run("RELEASE mutation")
                return .success(MutationOutcome(response: stored, replayed: true))
            }
            context.pendingAudit.removeAll(keepingCapacity: true)
            let response = try mutation.apply(context)
            try context.flushAudit()
            if let token = mutation.idempotency {
                try Idempotency.record(token, response: response, atMs: context.nowMs, connection: connection)
            }
            try connection.run("RELEASE mutation")
            return .success(MutationOutcome(response: response, replayed: false))
        } catch {
            try? connection.run("ROLLBACK TO mutation")
            try? connection.run("RELEASE mutation")
            context.chain.restore(mark)
            switch error {
            case let storeError as StoreError: return .failure(.store(storeError))
            case let sqliteError as SQLiteError: return .failure(.store(StoreError(sqliteError)))
            default: return .failure(.refused(error))
            }
        }
    }
}
