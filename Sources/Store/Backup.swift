import SQLiteDriver
/// Consistent copies of a live database, for operators' backups.
public enum Backup {
    /// Writes a consistent copy of the database at `path` to `destination` (which must not exist),
    /// while writers go on: `VACUUM INTO` reads one snapshot in a read transaction, so the copy
    /// holds every transaction committed before it started and none after. Returns the copy's
    /// audit head (rows, last hash).
    public static func copy(databaseAt path: String, to destination: String) throws -> (rows: Int64, lastHash: [UInt8]) {
        let reader = try Connection(path: path, readOnly: true)
        try reader.statement("VACUUM INTO ?").run([.text(destination)])
        return try auditHead(databaseAt: destination)
    }

    /// The last audit row's number and hash in the database at `path` (0 and the genesis hash
    /// when it has none).
    public static func auditHead(databaseAt path: String) throws -> (rows: Int64, lastHash: [UInt8]) {
        let head = try AuditChain.head(connection: Connection(path: path, readOnly: true))
        return (head.sequence, head.hash)
    }

    /// Anchors the audit chain of a restored database at its head, under `key`, so that later
    /// truncation shows (the anchor of the folder it came from does not describe it).
    public static func anchor(databaseAt path: String, key: AuditKey) throws {
        let head = try auditHead(databaseAt: path)
        guard head.rows > 0, key != .unkeyed else { return }
        try AuditAnchor(sequence: head.rows, hash: head.lastHash).write(path: AuditAnchor.path(forDatabase: path), key: key)
    }
}
