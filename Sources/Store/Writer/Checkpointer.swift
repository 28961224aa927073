import SQLiteDriver
import Foundation

/// Copies the WAL back into the database file on its own thread and connection, so the single
/// writer never stops to checkpoint (SQLite's automatic checkpoint runs inside the committing
/// connection, which made it a tenth of the writer's time under load).
///
/// PASSIVE checkpoints never block the writer or readers; they copy what no reader still
/// needs. They run at most once per `interval` (the writer's nudges after each batch fold into
/// the next one): a page that many batches change (a case, an index leaf) is then copied into
/// the database once instead of once per batch, which halved the bytes written per durable
/// payment (bench/RESULTS.md, fifth session). Durability does not depend on it: every commit is
/// in the fsynced WAL before it is acknowledged. `stop()` does a last checkpoint that also
/// truncates the WAL.
final class Checkpointer: @unchecked Sendable {
    // `condition` guards `pending` and `stopping`; the connection is used only on `thread`.
    private let connection: Connection
    private let condition = NSCondition()
    private var pending = false
    private var stopping = false
    private var stopped = false
    private let interval: TimeInterval

    private let anchorPath: String
    private let auditKey: AuditKey
    private var anchored: AuditAnchor?

    private let metrics: WriterMetrics?

    init(path: String, auditKey: AuditKey, interval: TimeInterval = 1, metrics: WriterMetrics? = nil) throws {
        self.metrics = metrics
        connection = try Connection(path: path, readOnly: false)
        self.interval = interval
        self.auditKey = auditKey
        anchorPath = AuditAnchor.path(forDatabase: path)
        // The thread holds `self` until stop() ends it.
        let thread = Thread { self.run() }
        thread.name = "collect-checkpoint"
        thread.start()
    }

    /// Asks for a checkpoint soon (after a batch committed).
    func nudge() {
        condition.lock()
        pending = true
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread after a final checkpoint that empties the WAL. Blocks until done.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            let due = Date(timeIntervalSinceNow: interval)
            while !stopping && Date() < due { _ = condition.wait(until: due) }
            let last = stopping
            pending = false
            condition.unlock()
            // A failed checkpoint (busy, I/O) is retried on the next round; the WAL keeps the data.
            let started = WriterMetrics.nowMicros()
            try? connection.execute(last ? "PRAGMA wal_checkpoint(TRUNCATE)" : "PRAGMA wal_checkpoint(PASSIVE)")
            metrics?.checkpointTime.observe(WriterMetrics.nowMicros() - started)
            anchorAuditHead()
            if last {
                condition.lock()
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }

    /// Writes the audit chain's committed head to the anchor file when it moved. A failure is
    /// retried next round; the anchor only lags.
    private func anchorAuditHead() {
        guard auditKey.scheme > 0, let head = try? AuditChain.head(connection: connection), head.sequence > 0,
              head != anchored else { return }
        if (try? head.write(path: anchorPath, key: auditKey)) != nil { anchored = head }
    }
}
