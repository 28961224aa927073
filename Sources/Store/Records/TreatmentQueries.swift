import Domain
import SQLiteDriver

/// What the strategy in force did with a case (a row of `case_treatment`).
public struct TreatmentRecord: Sendable, Hashable {
    public var caseID: String
    /// The stored strategy version (`strategy_version.number`) that decided it.
    public var strategyNumber: Int64
    /// The strategy as `name@version`.
    public var strategy: String
    public var segment: String
    public var arm: String
    /// The day the case entered the segment: day 0 of its treatment.
    public var segmentSince: Int32
    /// The step the case is at (the labels of its latest treatment day that has come), or where
    /// it stands when no step applies (`skipped: PAUSED`, `waiting`, `finished`).
    public var step: String
    /// The day of the decision.
    public var decidedOn: Int32

    public init(caseID: String, strategyNumber: Int64, strategy: String, segment: String, arm: String, segmentSince: Int32, step: String, decidedOn: Int32) {
        self.caseID = caseID
        self.strategyNumber = strategyNumber
        self.strategy = strategy
        self.segment = segment
        self.arm = arm
        self.segmentSince = segmentSince
        self.step = step
        self.decidedOn = decidedOn
    }

    /// Equal in what the decision says (segment, arm, entry day, step, strategy), whatever the day.
    public func decidesTheSame(as other: TreatmentRecord) -> Bool {
        strategyNumber == other.strategyNumber && segment == other.segment && arm == other.arm && segmentSince == other.segmentSince
            && step == other.step
    }
}

/// What an outbox row asks for.
public enum OutboxActionKind: String, Sendable, Hashable, CaseIterable {
    case sms = "SMS"
    case email = "EMAIL"
    case dialer = "DIALER"
    case letter = "LETTER"
    case handlerTask = "HANDLER_TASK"
    case reminderFee = "REMINDER_FEE"

    /// The kind of a contact on `channel` (a handler's phone call is never an outbox action).
    public init?(_ channel: OutboundChannel) {
        switch channel {
        case .sms: self = .sms
        case .email: self = .email
        case .dialer: self = .dialer
        case .letter: self = .letter
        case .phone: return nil
        }
    }

    /// The contact channel, nil for a handler task or a fee.
    public var channel: OutboundChannel? {
        switch self {
        case .sms: .sms
        case .email: .email
        case .dialer: .dialer
        case .letter: .letter
        case .handlerTask, .reminderFee: nil
        }
    }
}

/// Where an outbox row is in its life. Delivery (sent, failed, …) is the channel worker's.
public enum OutboxActionStatus: String, Sendable, Hashable, CaseIterable {
    /// Decided, not yet taken by a worker.
    case pending = "PENDING"
}

/// An action the daily cycle decided (a row of `outbox`). Holds no personal data: the worker
/// that delivers it reads the customer's phone or address at send time.
public struct OutboxRecord: Sendable, Hashable {
    public var caseID: String
    /// One row per key, whatever the number of runs of the day that decided it.
    public var dedupeKey: String
    public var kind: OutboxActionKind
    public var template: String
    /// The customer's language (upper-case code), for the template.
    public var language: String
    public var decidedOn: Int32
    /// The earliest and latest instant allowed to send (ms since the epoch, UTC): the contact
    /// rules' window in the customer's local time. A task or fee has its decision day's bounds.
    public var earliestMs: Int64
    public var latestMs: Int64
    /// A reminder fee's amount (0 otherwise), in `currency`.
    public var amountMinor: Int64
    public var currency: String
    public var status: OutboxActionStatus
    public var createdAtMs: Int64

    public init(caseID: String, dedupeKey: String, kind: OutboxActionKind, template: String, language: String, decidedOn: Int32,
                earliestMs: Int64, latestMs: Int64, amountMinor: Int64, currency: String, status: OutboxActionStatus, createdAtMs: Int64) {
        self.caseID = caseID
        self.dedupeKey = dedupeKey
        self.kind = kind
        self.template = template
        self.language = language
        self.decidedOn = decidedOn
        self.earliestMs = earliestMs
        self.latestMs = latestMs
        self.amountMinor = amountMinor
        self.currency = currency
        self.status = status
        self.createdAtMs = createdAtMs
    }
}

/// What an outbox listing asks for; every filter is ANDed, an empty one matches all.
public struct OutboxFilter: Sendable, Hashable {
    /// Countries whose cases' actions are listed (the caller's scope); never empty.
    public var countries: [String]
    public var caseID: String?
    public var kind: OutboxActionKind?
    public var status: OutboxActionStatus
    /// Actions whose earliest instant is at or after / before these (ms since the epoch).
    public var fromMs: Int64?
    public var beforeMs: Int64?

    public init(countries: [String], caseID: String? = nil, kind: OutboxActionKind? = nil, status: OutboxActionStatus = .pending,
                fromMs: Int64? = nil, beforeMs: Int64? = nil) {
        self.countries = countries
        self.caseID = caseID
        self.kind = kind
        self.status = status
        self.fromMs = fromMs
        self.beforeMs = beforeMs
    }
}

/// The keyset position of an outbox row in a listing (by earliest instant, case, key).
public struct OutboxCursor: Sendable, Hashable {
    public var earliestMs: Int64
    public var caseID: String
    public var dedupeKey: String

    public init(earliestMs: Int64, caseID: String, dedupeKey: String) {
        self.earliestMs = earliestMs
        self.caseID = caseID
        self.dedupeKey = dedupeKey
    }
}

/// What the daily cycle reads of a case's customer and recent history when a strategy is in force.
public struct CycleCustomer: Sendable, Hashable {
    public var hasPhone: Bool
    public var hasEmail: Bool
    public var mandate: String
    public var language: String
}

/// What the daily cycle reads of an action it decided earlier: enough for the contact limits,
/// the reminder fees charged, and to know a key it has already written.
public struct CycleAction: Sendable, Hashable {
    public var dedupeKey: String
    public var kind: OutboxActionKind
    public var decidedOn: Int32
    public var earliestMs: Int64
}

/// An outbound contact a handler or the dialer recorded (for the contact limits).
public struct CycleContact: Sendable, Hashable {
    public var channel: String
    public var occurredAtMs: Int64
}

extension OutboxRecord {
    static let columns = "case_id, dedupe_key, kind, template, language, decided_on, earliest_ms, latest_ms, amount_minor, currency, status, created_at_ms"

    init(_ row: Statement) throws {
        self.init(caseID: row.text(0), dedupeKey: row.text(1), kind: try row.named(OutboxActionKind.self, 2, "outbox kind"), template: row.text(3),
                  language: row.text(4), decidedOn: Int32(row.int64(5)), earliestMs: row.int64(6), latestMs: row.int64(7),
                  amountMinor: row.int64(8), currency: row.text(9), status: try row.named(OutboxActionStatus.self, 10, "outbox status"),
                  createdAtMs: row.int64(11))
    }
}

extension TreatmentRecord {
    static let columns = "case_id, strategy_number, strategy, segment, arm, segment_since, step, decided_on"

    init(_ row: Statement) {
        self.init(caseID: row.text(0), strategyNumber: row.int64(1), strategy: row.text(2), segment: row.text(3), arm: row.text(4),
                  segmentSince: Int32(row.int64(5)), step: row.text(6), decidedOn: Int32(row.int64(7)))
    }
}

extension Connection {
    /// The versions activated from `day` or earlier, latest activation first (a version once for
    /// each of its activations), at most `limit`: the first of them that covers a country is the
    /// one in force there.
    public func strategyActivations(onOrBefore day: Int32, limit: Int) throws -> [StrategyRecord] {
        let statement = try statement("""
            SELECT a.number, a.active_from FROM strategy_activation a WHERE a.active_from <= ? ORDER BY a.active_from DESC, a.seq DESC LIMIT ?
            """)
        try statement.bind([.integer(Int64(day)), .integer(Int64(limit))])
        var activations: [(Int64, Int32)] = []
        while try statement.step() { activations.append((statement.int64(0), Int32(statement.int64(1)))) }
        statement.reset()
        return try activations.compactMap { number, from in
            try strategyRecord(number: number).map { record in
                var record = record
                record.activeFrom = from
                return record
            }
        }
    }

    /// A case's treatment.
    public func treatmentRecord(caseID: String) throws -> TreatmentRecord? {
        let statement = try statement("SELECT \(TreatmentRecord.columns) FROM case_treatment WHERE case_id = ?")
        try statement.bind([.text(caseID)])
        defer { statement.reset() }
        return try statement.step() ? TreatmentRecord(statement) : nil
    }

    /// The latest actions of a case, latest earliest instant first.
    public func outboxRecords(caseID: String, limit: Int) throws -> [OutboxRecord] {
        let statement = try statement("""
            SELECT \(OutboxRecord.columns) FROM outbox WHERE case_id = ? ORDER BY earliest_ms DESC, dedupe_key DESC LIMIT ?
            """)
        try statement.bind([.text(caseID), .integer(Int64(limit))])
        defer { statement.reset() }
        var rows: [OutboxRecord] = []
        while try statement.step() { rows.append(try OutboxRecord(statement)) }
        return rows
    }

    /// A page of actions matching `filter`, by earliest instant, after `cursor`.
    public func outboxRecords(_ filter: OutboxFilter, after cursor: OutboxCursor?, limit: Int) throws -> [OutboxRecord] {
        var conditions = ["o.status = ?"]
        var values: [SQLValue] = [.text(filter.status.rawValue)]
        conditions.append("c.country IN (\(filter.countries.map { _ in "?" }.joined(separator: ", ")))")
        values += filter.countries.map { .text($0) }
        if let caseID = filter.caseID {
            conditions.append("o.case_id = ?")
            values.append(.text(caseID))
        }
        if let kind = filter.kind {
            conditions.append("o.kind = ?")
            values.append(.text(kind.rawValue))
        }
        if let from = filter.fromMs {
            conditions.append("o.earliest_ms >= ?")
            values.append(.integer(from))
        }
        if let before = filter.beforeMs {
            conditions.append("o.earliest_ms < ?")
            values.append(.integer(before))
        }
        if let cursor {
            conditions.append("(o.earliest_ms, o.case_id, o.dedupe_key) > (?, ?, ?)")
            values += [.integer(cursor.earliestMs), .text(cursor.caseID), .text(cursor.dedupeKey)]
        }
        let columns = OutboxRecord.columns.split(separator: ",").map { "o." + $0.drop { $0 == " " } }.joined(separator: ", ")
        let statement = try statement("""
            SELECT \(columns) FROM outbox o JOIN collection_case c ON c.id = o.case_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY o.earliest_ms, o.case_id, o.dedupe_key LIMIT ?
            """)
        try statement.bind(values + [.integer(Int64(limit))])
        defer { statement.reset() }
        var rows: [OutboxRecord] = []
        while try statement.step() { rows.append(try OutboxRecord(statement)) }
        return rows
    }

    /// Writes a case's treatment (replacing the one it had).
    public func upsert(_ record: TreatmentRecord) throws {
        try statement("""
            INSERT INTO case_treatment (\(TreatmentRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (case_id) DO UPDATE SET strategy_number = excluded.strategy_number, strategy = excluded.strategy, segment = excluded.segment,
              arm = excluded.arm, segment_since = excluded.segment_since, step = excluded.step, decided_on = excluded.decided_on
            """).run([.text(record.caseID), .integer(record.strategyNumber), .text(record.strategy), .text(record.segment), .text(record.arm),
                      .integer(Int64(record.segmentSince)), .text(record.step), .integer(Int64(record.decidedOn))])
    }

    /// Ends a case's treatment; false when it had none.
    public func deleteTreatment(caseID: String) throws -> Bool {
        try statement("DELETE FROM case_treatment WHERE case_id = ?").run([.text(caseID)])
        return changes > 0
    }

    /// Adds an action unless one of the same case and key is there; false when it was.
    public func insert(_ record: OutboxRecord) throws -> Bool {
        try statement("INSERT OR IGNORE INTO outbox (\(OutboxRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .run([.text(record.caseID), .text(record.dedupeKey), .text(record.kind.rawValue), .text(record.template), .text(record.language),
                  .integer(Int64(record.decidedOn)), .integer(record.earliestMs), .integer(record.latestMs), .integer(record.amountMinor),
                  .text(record.currency), .text(record.status.rawValue), .integer(record.createdAtMs)])
        return changes > 0
    }
}
