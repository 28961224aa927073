import SQLiteDriver
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

/// The chain over the audit log: each row's hash is MAC(previous hash ‖ row ‖ state digest)
/// under the data folder's audit key (`AuditKey`), so a changed, removed or reordered row breaks
/// every hash after it, and nobody without the key can compute a chain that verifies. Rows written
/// before keys (scheme 0) keep their plain SHA-256 hashes; a keyed row may follow them, never the
/// other way round.
struct AuditChain {
    static let genesis = [UInt8](repeating: 0, count: 32)
    private(set) var lastSequence: Int64
    private(set) var lastHash: [UInt8]
    let key: AuditKey

    /// The chain's end as stored.
    init(connection: Connection, key: AuditKey) throws {
        self.key = key
        let end = try Self.head(connection: connection)
        lastSequence = end.sequence
        lastHash = end.hash
    }

    /// The last row's number and hash as `connection` sees them (0 and the genesis hash for an
    /// empty log): the writer's starting point, the anchor's content, a backup's head.
    static func head(connection: Connection) throws -> AuditAnchor {
        let statement = try connection.statement("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        defer { statement.reset() }
        guard try statement.step() else { return AuditAnchor(sequence: 0, hash: genesis) }
        return AuditAnchor(sequence: statement.int64(0), hash: statement.blob(1))
    }

    /// Where the chain stands, to be restored when a savepoint is rolled back.
    var mark: (Int64, [UInt8]) { (lastSequence, lastHash) }

    mutating func restore(_ mark: (Int64, [UInt8])) {
        lastSequence = mark.0
        lastHash = mark.1
    }

    /// A row's hash: scheme 0 is SHA-256 over the previous hash and the row (the chain as first
    /// built); scheme 1 adds the state digest and is keyed.
    static func hash(previous: [UInt8], entry: AuditEntry, sequence: Int64, digest: [UInt8]?, key: AuditKey) -> [UInt8] {
        var bytes = previous + entry.canonicalBytes(sequence: sequence)
        if key.scheme > 0 { bytes += Array("|\(digest?.count ?? 0):".utf8) + (digest ?? []) }
        return key.mac(bytes)
    }

    mutating func append(_ entry: AuditEntry, digest: [UInt8]?, connection: Connection) throws {
        let sequence = lastSequence + 1
        let hash = Self.hash(previous: lastHash, entry: entry, sequence: sequence, digest: digest, key: key)
        try connection.statement("""
            INSERT INTO audit (seq, at_ms, actor, action, entity, entity_id, version_before, version_after, detail, prev_hash, hash,
                               scheme, state_digest)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.integer(sequence), .integer(entry.atMs), .text(entry.actor), .text(entry.action), .text(entry.entity),
                      .text(entry.entityID), entry.versionBefore.map(SQLValue.integer) ?? .null,
                      entry.versionAfter.map(SQLValue.integer) ?? .null, .text(entry.detail), .blob(lastHash), .blob(hash),
                      .integer(key.scheme), digest.map(SQLValue.blob) ?? .null])
        lastSequence = sequence
        lastHash = hash
    }
}

/// The result of checking the audit log.
public struct AuditVerification: Sendable, Equatable {
    /// Rows checked.
    public var rows: Int64
    /// The first row whose hash does not match, nil when the chain verifies.
    public var firstBrokenSequence: Int64?
    /// Everything else found wrong, one sentence each: a truncated chain (against the anchor),
    /// an entity whose tables differ from its last audited state, an unkeyed row after keyed ones.
    public var problems: [String]
    /// Entities whose current state was compared with their last audited state.
    public var entitiesCompared: Int

    /// Creates a result.
    public init(rows: Int64, firstBrokenSequence: Int64?, problems: [String] = [], entitiesCompared: Int = 0) {
        self.rows = rows
        self.firstBrokenSequence = firstBrokenSequence
        self.problems = problems
        self.entitiesCompared = entitiesCompared
    }

    /// True when every row verified and nothing else was found.
    public var isIntact: Bool { firstBrokenSequence == nil && problems.isEmpty }

    public static func == (lhs: AuditVerification, rhs: AuditVerification) -> Bool {
        lhs.rows == rhs.rows && lhs.firstBrokenSequence == rhs.firstBrokenSequence && lhs.problems == rhs.problems
    }
}

extension AuditChain {
    /// Entities whose problems are listed one by one; past this, a count.
    static let problemsListedMax = 20

    /// Recomputes every hash from the start, checks the chain against its anchor (when one is
    /// given) and every audited entity's state against its last audit row.
    static func verify(connection: Connection, key: AuditKey, anchor: AuditAnchor?) throws -> AuditVerification {
        let statement = try connection.statement("""
            SELECT seq, at_ms, actor, action, entity, entity_id, version_before, version_after, detail, prev_hash, hash,
                   scheme, state_digest
            FROM audit ORDER BY seq
            """)
        var previous = genesis
        var expectedSequence: Int64 = 1
        var rows: Int64 = 0
        var problems: [String] = []
        var keyedSeen = false
        var anchorFound = false
        var lastState: [String: (sequence: Int64, digest: [UInt8])] = [:]
        defer { statement.reset() }
        while try statement.step() {
            let sequence = statement.int64(0)
            let entry = AuditEntry(atMs: statement.int64(1), actor: statement.text(2), action: statement.text(3),
                                   entity: statement.text(4), entityID: statement.text(5),
                                   versionBefore: statement.optionalInt64(6), versionAfter: statement.optionalInt64(7),
                                   detail: statement.text(8))
            let scheme = statement.int64(11)
            let digest = statement.isNull(12) ? nil : statement.blob(12)
            rows += 1
            if scheme == 1 && key.scheme == 0 {
                problems.append("row \(sequence) is keyed, and no key was given to check it")
                return AuditVerification(rows: rows, firstBrokenSequence: sequence, problems: problems)
            }
            if scheme == 0 && keyedSeen {
                problems.append("row \(sequence) is not keyed although keyed rows come before it: the chain was rewritten")
                return AuditVerification(rows: rows, firstBrokenSequence: sequence, problems: problems)
            }
            keyedSeen = keyedSeen || scheme == 1
            let rowKey = scheme == 1 ? key : AuditKey.unkeyed
            let hash = hash(previous: previous, entry: entry, sequence: sequence, digest: scheme == 1 ? digest : nil, key: rowKey)
            if sequence != expectedSequence || statement.blob(9) != previous || statement.blob(10) != hash {
                return AuditVerification(rows: rows, firstBrokenSequence: sequence, problems: problems)
            }
            if let anchor, anchor.sequence == sequence {
                anchorFound = true
                if anchor.hash != hash { problems.append("row \(sequence) is not the row the anchor recorded: the chain was rewritten") }
            }
            if let digest { lastState[entry.entity + "\u{0}" + entry.entityID] = (sequence, digest) }
            previous = hash
            expectedSequence += 1
        }
        if let anchor, !anchorFound {
            problems.append("the anchor records \(anchor.sequence) rows, the table has \(rows): rows were removed from the end")
        } else if anchor == nil && keyedSeen {
            problems.append("the anchor file is missing: a truncated chain cannot be told from a whole one")
        }
        var compared = 0, differing = 0
        for (name, last) in lastState.sorted(by: { $0.key < $1.key }) where last.digest.first == AuditedState.version {
            let parts = name.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let now = try AuditedState.digest(entity: parts[0], id: parts[1], connection: connection) else { continue }
            compared += 1
            if now != last.digest {
                differing += 1
                if differing <= problemsListedMax {
                    problems.append("\(parts[0]) \(parts[1]) differs from its last audited state (row \(last.sequence)): changed outside the server")
                }
            }
        }
        if differing > problemsListedMax { problems.append("\(differing - problemsListedMax) more entities differ from their audited state") }
        return AuditVerification(rows: rows, firstBrokenSequence: nil, problems: problems, entitiesCompared: compared)
    }
}
