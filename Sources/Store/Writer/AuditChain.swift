import Crypto

/// One row of the audit log: who did what to which entity, with the versions before and after.
public struct AuditEntry: Sendable, Hashable {
    public var atMs: Int64
    public var actor: String
    public var action: String
    public var entity: String
    public var entityID: String
    public var versionBefore: Int64?
    public var versionAfter: Int64?
    public var detail: String

    /// The bytes hashed for the chain: every field, separated so that no two rows collide.
    func canonicalBytes(sequence: Int64) -> [UInt8] {
        func field(_ value: String) -> String { "\(value.utf8.count):\(value)" }
        let text = [String(sequence), String(atMs), field(actor), field(action), field(entity), field(entityID),
                    versionBefore.map(String.init) ?? "-", versionAfter.map(String.init) ?? "-", field(detail)]
            .joined(separator: "|")
        return Array(text.utf8)
    }
}

/// The hash chain over the audit log: each row's hash is SHA-256(previous hash ‖ row), so a
/// changed, removed or reordered row breaks every hash after it.
struct AuditChain {
    static let genesis = [UInt8](repeating: 0, count: 32)
    private(set) var lastSequence: Int64
    private(set) var lastHash: [UInt8]

    /// The chain's end as stored.
    init(connection: Connection) throws {
        let statement = try connection.statement("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        if try statement.step() {
            lastSequence = statement.int64(0)
            lastHash = statement.blob(1)
        } else {
            lastSequence = 0
            lastHash = Self.genesis
        }
        statement.reset()
    }

    /// Where the chain stands, to be restored when a savepoint is rolled back.
    var mark: (Int64, [UInt8]) { (lastSequence, lastHash) }

    mutating func restore(_ mark: (Int64, [UInt8])) {
        lastSequence = mark.0
        lastHash = mark.1
    }

    static func hash(previous: [UInt8], entry: AuditEntry, sequence: Int64) -> [UInt8] {
        Digest.sha256(previous + entry.canonicalBytes(sequence: sequence))
    }

    mutating func append(_ entry: AuditEntry, connection: Connection) throws {
        let sequence = lastSequence + 1
        let hash = Self.hash(previous: lastHash, entry: entry, sequence: sequence)
        try connection.statement("""
            INSERT INTO audit (seq, at_ms, actor, action, entity, entity_id, version_before, version_after, detail, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.integer(sequence), .integer(entry.atMs), .text(entry.actor), .text(entry.action), .text(entry.entity),
                      .text(entry.entityID), entry.versionBefore.map(SQLValue.integer) ?? .null,
                      entry.versionAfter.map(SQLValue.integer) ?? .null, .text(entry.detail), .blob(lastHash), .blob(hash)])
        lastSequence = sequence
        lastHash = hash
    }
}

/// The result of checking the audit chain.
public struct AuditVerification: Sendable, Equatable {
    /// Rows checked.
    public var rows: Int64
    /// The first row whose hash does not match, nil when the chain verifies.
    public var firstBrokenSequence: Int64?

    /// Creates a result.
    public init(rows: Int64, firstBrokenSequence: Int64?) {
        self.rows = rows
        self.firstBrokenSequence = firstBrokenSequence
    }

    /// True when every row verified.
    public var isIntact: Bool { firstBrokenSequence == nil }
}

extension AuditChain {
    /// Recomputes every hash from the start.
    static func verify(connection: Connection) throws -> AuditVerification {
        let statement = try connection.statement("""
            SELECT seq, at_ms, actor, action, entity, entity_id, version_before, version_after, detail, prev_hash, hash
            FROM audit ORDER BY seq
            """)
        var previous = genesis
        var expectedSequence: Int64 = 1
        var rows: Int64 = 0
        defer { statement.reset() }
        while try statement.step() {
            let sequence = statement.int64(0)
            let entry = AuditEntry(atMs: statement.int64(1), actor: statement.text(2), action: statement.text(3),
                                   entity: statement.text(4), entityID: statement.text(5),
                                   versionBefore: statement.optionalInt64(6), versionAfter: statement.optionalInt64(7),
                                   detail: statement.text(8))
            rows += 1
            let hash = hash(previous: previous, entry: entry, sequence: sequence)
            if sequence != expectedSequence || statement.blob(9) != previous || statement.blob(10) != hash {
                return AuditVerification(rows: rows, firstBrokenSequence: sequence)
            }
            previous = hash
            expectedSequence += 1
        }
        return AuditVerification(rows: rows, firstBrokenSequence: nil)
    }
}
