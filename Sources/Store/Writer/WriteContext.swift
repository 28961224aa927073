import SQLiteDriver
import Crypto

/// What a mutation may use on the writer thread: the connection inside the open transaction,
/// the time of the batch, id generation and the audit log.
public final class WriteContext: @unchecked Sendable {
    // Used only on the writer thread, inside one batch.
    /// The writer's connection, inside the batch's transaction.
    let connection: Connection
    /// Who is writing.
    public internal(set) var actor: String = ""
    /// Milliseconds since the Unix epoch when the batch started.
    public internal(set) var nowMs: Int64 = 0
    var chain: AuditChain

    init(connection: Connection, chain: AuditChain) {
        self.connection = connection
        self.chain = chain
    }

    /// The next id of a sequence, e.g. `nextID("plan", prefix: "PL")` → `PL-000042`.
    public func nextID(_ sequence: String, prefix: String) throws -> String {
        let update = try connection.statement("UPDATE id_sequence SET next = next + 1 WHERE name = ? RETURNING next - 1")
        try update.bind([.text(sequence)])
        let value: Int64
        if try update.step() {
            value = update.int64(0)
            _ = try update.step()
        } else {
            try connection.statement("INSERT INTO id_sequence (name, next) VALUES (?, 2)").run([.text(sequence)])
            value = 1
        }
        let digits = String(value)
        return prefix + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Audit rows of the mutation in progress, written when it has made all its changes so each
    /// carries the digest of its entity's final state.
    var pendingAudit: [AuditEntry] = []

    /// Records an audit row for the current mutation; it is chained into the log, with the
    /// digest of the entity's state, in the same transaction once the mutation's changes are made.
    public func audit(action: String, entity: String, entityID: String, versionBefore: Int64?, versionAfter: Int64?,
                      detail: String) throws {
        pendingAudit.append(AuditEntry(atMs: nowMs, actor: actor, action: action, entity: entity, entityID: entityID,
                                       versionBefore: versionBefore, versionAfter: versionAfter, detail: detail))
    }

    /// Chains the mutation's audit rows into the log; called by the writer after `apply`.
    func flushAudit() throws {
        defer { pendingAudit.removeAll(keepingCapacity: true) }
        for entry in pendingAudit {
            let digest = try AuditedState.digest(entity: entry.entity, id: entry.entityID, connection: connection)
            try chain.append(entry, digest: digest, connection: connection)
        }
    }
}
