import SQLiteDriver

/// A stored strategy version (its file kept whole) and, once activated, the day it is in force from.
public struct StrategyRecord: Sendable, Hashable {
    public var number: Int64
    public var name: String
    public var version: String
    public var sha256: [UInt8]
    public var text: String
    public var segments: Int
    public var appliedAtMs: Int64
    public var appliedBy: String
    /// The latest day it was activated from; nil before any activation.
    public var activeFrom: Int32?

    public init(number: Int64, name: String, version: String, sha256: [UInt8], text: String, segments: Int, appliedAtMs: Int64,
                appliedBy: String, activeFrom: Int32?) {
        self.number = number
        self.name = name
        self.version = version
        self.sha256 = sha256
        self.text = text
        self.segments = segments
        self.appliedAtMs = appliedAtMs
        self.appliedBy = appliedBy
        self.activeFrom = activeFrom
    }
}

extension Connection {
    private static let strategyColumns = """
        v.number, v.name, v.version, v.sha256, v.text, v.segments, v.applied_at_ms, v.applied_by,
        (SELECT a.active_from FROM strategy_activation a WHERE a.number = v.number ORDER BY a.seq DESC LIMIT 1)
        """

    private func strategyRecord(_ row: Statement) -> StrategyRecord {
        StrategyRecord(number: row.int64(0), name: row.text(1), version: row.text(2), sha256: row.blob(3), text: row.text(4),
                       segments: Int(row.int64(5)), appliedAtMs: row.int64(6), appliedBy: row.text(7),
                       activeFrom: row.optionalInt64(8).map { Int32($0) })
    }

    private func strategyRecords(_ sql: String, _ values: [SQLValue]) throws -> [StrategyRecord] {
        let statement = try statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        var rows: [StrategyRecord] = []
        while try statement.step() { rows.append(strategyRecord(statement)) }
        return rows
    }

    /// Every stored strategy version, oldest first.
    public func strategyRecords() throws -> [StrategyRecord] {
        try strategyRecords("SELECT \(Self.strategyColumns) FROM strategy_version v ORDER BY v.number", [])
    }

    /// A stored version by number.
    public func strategyRecord(number: Int64) throws -> StrategyRecord? {
        try strategyRecords("SELECT \(Self.strategyColumns) FROM strategy_version v WHERE v.number = ?", [.integer(number)]).first
    }

    /// The version stored with exactly these bytes.
    public func strategyRecord(sha256: [UInt8]) throws -> StrategyRecord? {
        try strategyRecords("SELECT \(Self.strategyColumns) FROM strategy_version v WHERE v.sha256 = ?", [.blob(sha256)]).first
    }

    /// Stores a new version; its number.
    public func insertStrategy(name: String, version: String, sha256: [UInt8], text: String, segments: Int, atMs: Int64, by actor: String) throws -> Int64 {
        let insert = try statement("""
            INSERT INTO strategy_version (name, version, sha256, text, segments, applied_at_ms, applied_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING number
            """)
        try insert.bind([.text(name), .text(version), .blob(sha256), .text(text), .integer(Int64(segments)), .integer(atMs), .text(actor)])
        defer { insert.reset() }
        _ = try insert.step()
        let number = insert.int64(0)
        _ = try insert.step()
        return number
    }

    /// Puts version `number` in force from `day`.
    public func activateStrategy(number: Int64, from day: Int32, atMs: Int64, by actor: String) throws {
        try statement("INSERT INTO strategy_activation (number, active_from, activated_at_ms, activated_by) VALUES (?, ?, ?, ?)")
            .run([.integer(number), .integer(Int64(day)), .integer(atMs), .text(actor)])
    }
}
