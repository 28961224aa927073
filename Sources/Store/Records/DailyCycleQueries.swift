import Domain
import SQLiteDriver

/// A case's delinquency bucket from a day on (a row of `bucket_history`).
public struct BucketRecord: Sendable, Hashable {
    public var caseID: String
    /// The first day of the bucket.
    public var since: Int32
    public var bucket: String
    /// Days past due on `since`.
    public var daysPastDue: Int

    public init(caseID: String, since: Int32, bucket: String, daysPastDue: Int) {
        self.caseID = caseID
        self.since = since
        self.bucket = bucket
        self.daysPastDue = daysPastDue
    }
}

/// One completed run of the daily cycle for a country and day.
public struct DailyRunRecord: Sendable, Hashable {
    public var country: String
    public var asOf: Int32
    public var finishedAtMs: Int64
    public var cases: Int
    public var changes: Int

    public init(country: String, asOf: Int32, finishedAtMs: Int64, cases: Int, changes: Int) {
        self.country = country
        self.asOf = asOf
        self.finishedAtMs = finishedAtMs
        self.cases = cases
        self.changes = changes
    }
}

/// What the daily cycle reads of one case: the case, its flags, plans (newest first, with their
/// installments), accounts and last recorded bucket.
public struct CycleCase: Sendable {
    public var record: CaseRecord
    public var flags: [FlagRecord] = []
    public var plans: [PlanRecord] = []
    public var accounts: [AccountRecord] = []
    public var latestBucket: BucketRecord?
    // Read only when a strategy is in force (`cycleCases(…, historySince:)`):
    /// What the strategy reads of the customer.
    public var customer: CycleCustomer?
    /// Outbound contacts recorded since the history's start.
    public var contacts: [CycleContact] = []
    /// The case's treatment.
    public var treatment: TreatmentRecord?
    /// Actions decided since the history's start, and every reminder fee.
    public var actions: [CycleAction] = []
}

/// How far back the daily cycle reads a case's contacts and actions when a strategy is in force
/// (the contact limits look back a month at most).
public struct CycleHistory: Sendable, Hashable {
    /// Contacts from this instant on (ms since the epoch).
    public var sinceMs: Int64
    /// Actions decided from this day on.
    public var sinceDay: Int32

    public init(sinceMs: Int64, sinceDay: Int32) {
        self.sinceMs = sinceMs
        self.sinceDay = sinceDay
    }
}

extension Connection {
    /// Up to `limit` cases of `country` after `afterID`, by id, with what the daily cycle reads of
    /// each. One range read per table over the page's ids (the tables are clustered by case id),
    /// instead of a keyed look-up per case and table; rows of other countries' cases in the range
    /// are passed over.
    ///
    /// With `history`, also each case's customer facts, outbound contacts and actions decided
    /// from that instant and day on, every reminder fee, and its treatment (what a strategy reads).
    public func cycleCases(country: String, after afterID: String, limit: Int, history: CycleHistory? = nil) throws -> [CycleCase] {
        let cases = try statement(history == nil
            ? "SELECT \(CaseRecord.columns) FROM collection_case WHERE id > ? AND country = ? ORDER BY id LIMIT ?"
            : """
            SELECT \(CaseRecord.columns.split(separator: ",").map { "c." + $0.drop { $0 == " " } }.joined(separator: ", ")),
              u.phone <> '', u.email <> '', u.mandate, u.language
            FROM collection_case c JOIN customer u ON u.id = c.customer_id WHERE c.id > ? AND c.country = ? ORDER BY c.id LIMIT ?
            """)
        try cases.bind([.text(afterID), .text(country), .integer(Int64(limit))])
        var page: [CycleCase] = []
        var index: [String: Int] = [:]
        while try cases.step() {
            let record = try CaseRecord(cases)
            index[record.id] = page.count
            var item = CycleCase(record: record)
            if history != nil {
                item.customer = CycleCustomer(hasPhone: cases.int64(8) != 0, hasEmail: cases.int64(9) != 0, mandate: cases.text(10),
                                              language: cases.text(11))
            }
            page.append(item)
        }
        cases.reset()
        guard let first = page.first?.record.id, let last = page.last?.record.id else { return [] }
        let range: [SQLValue] = [.text(first), .text(last)]
        let flags = try statement("SELECT \(FlagRecord.columns) FROM case_flag WHERE case_id BETWEEN ? AND ? ORDER BY case_id, kind")
        try flags.bind(range)
        while try flags.step() {
            let flag = FlagRecord(flags)
            if let at = index[flag.caseID] { page[at].flags.append(flag) }
        }
        flags.reset()
        let accounts = try statement("SELECT \(AccountRecord.columns) FROM account WHERE case_id BETWEEN ? AND ? ORDER BY case_id, number")
        try accounts.bind(range)
        while try accounts.step() {
            let account = AccountRecord(accounts)
            if let at = index[account.caseID] { page[at].accounts.append(account) }
        }
        accounts.reset()
        let plans = try statement("""
            SELECT \(PlanRecord.columns) FROM plan WHERE case_id BETWEEN ? AND ? AND status IN ('ACTIVE', 'BROKEN')
            ORDER BY case_id, created_at_ms DESC, id DESC
            """)
        try plans.bind(range)
        var planAt: [String: (Int, Int)] = [:]
        while try plans.step() {
            let plan = try PlanRecord(plans)
            guard let at = index[plan.caseID] else { continue }
            planAt[plan.id] = (at, page[at].plans.count)
            page[at].plans.append(plan)
        }
        plans.reset()
        if !planAt.isEmpty {
            let installments = try statement("""
                SELECT i.plan_id, i.sequence, i.due_on, i.requested_due_on, i.amount_minor, i.paid_minor, i.paid_in_full_on
                FROM plan p JOIN installment i ON i.plan_id = p.id
                WHERE p.case_id BETWEEN ? AND ? AND p.status IN ('ACTIVE', 'BROKEN') ORDER BY i.plan_id, i.sequence
                """)
            try installments.bind(range)
            while try installments.step() {
                guard let (at, position) = planAt[installments.text(0)] else { continue }
                page[at].plans[position].installments.append(InstallmentRecord(installments, at: 1))
            }
            installments.reset()
        }
        let buckets = try statement("SELECT case_id, since, bucket, days_past_due FROM bucket_history WHERE case_id BETWEEN ? AND ? ORDER BY case_id, since")
        try buckets.bind(range)
        while try buckets.step() {
            let caseID = buckets.text(0)
            guard let at = index[caseID] else { continue }
            page[at].latestBucket = BucketRecord(caseID: caseID, since: Int32(buckets.int64(1)), bucket: buckets.text(2),
                                                 daysPastDue: Int(buckets.int64(3)))
        }
        buckets.reset()
        if let history { try readHistory(into: &page, index: index, range: range, history) }
        return page
    }

    /// A page's contacts, actions and treatments (see `cycleCases`).
    private func readHistory(into page: inout [CycleCase], index: [String: Int], range: [SQLValue], _ history: CycleHistory) throws {
        let contacts = try statement("""
            SELECT case_id, channel, occurred_at_ms FROM contact_event
            WHERE case_id BETWEEN ? AND ? AND occurred_at_ms >= ? AND direction = 'OUTBOUND' ORDER BY case_id, occurred_at_ms
            """)
        try contacts.bind(range + [.integer(history.sinceMs)])
        while try contacts.step() {
            if let at = index[contacts.text(0)] { page[at].contacts.append(CycleContact(channel: contacts.text(1), occurredAtMs: contacts.int64(2))) }
        }
        contacts.reset()
        let actions = try statement("""
            SELECT case_id, dedupe_key, kind, decided_on, earliest_ms FROM outbox
            WHERE case_id BETWEEN ? AND ? AND (decided_on >= ? OR kind = 'REMINDER_FEE') ORDER BY case_id, dedupe_key
            """)
        try actions.bind(range + [.integer(Int64(history.sinceDay))])
        while try actions.step() {
            guard let at = index[actions.text(0)] else { continue }
            page[at].actions.append(CycleAction(dedupeKey: actions.text(1), kind: try actions.named(OutboxActionKind.self, 2, "outbox kind"),
                                                decidedOn: Int32(actions.int64(3)), earliestMs: actions.int64(4)))
        }
        actions.reset()
        let treatments = try statement("SELECT \(TreatmentRecord.columns) FROM case_treatment WHERE case_id BETWEEN ? AND ?")
        try treatments.bind(range)
        while try treatments.step() {
            let treatment = TreatmentRecord(treatments)
            if let at = index[treatment.caseID] { page[at].treatment = treatment }
        }
        treatments.reset()
    }

    /// Up to `limit` case ids of `country` after `afterID`, by id (the daily cycle's pages).
    public func caseIDs(country: String, after afterID: String, limit: Int) throws -> [String] {
        let statement = try statement("SELECT id FROM collection_case WHERE id > ? AND country = ? ORDER BY id LIMIT ?")
        try statement.bind([.text(afterID), .text(country), .integer(Int64(limit))])
        defer { statement.reset() }
        var ids: [String] = []
        while try statement.step() { ids.append(statement.text(0)) }
        return ids
    }

    /// The latest day the daily cycle completed for `country`.
    public func latestDailyRun(country: String) throws -> DailyRunRecord? {
        let statement = try statement("SELECT as_of, finished_at_ms, cases, changes FROM daily_run WHERE country = ? ORDER BY as_of DESC LIMIT 1")
        try statement.bind([.text(country)])
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return DailyRunRecord(country: country, asOf: Int32(statement.int64(0)), finishedAtMs: statement.int64(1),
                              cases: Int(statement.int64(2)), changes: Int(statement.int64(3)))
    }

    /// Records the start of a bucket (replacing a row of the same day, as a day run again would).
    public func insert(_ record: BucketRecord) throws {
        try statement("INSERT OR REPLACE INTO bucket_history (case_id, since, bucket, days_past_due) VALUES (?, ?, ?, ?)")
            .run([.text(record.caseID), .integer(Int64(record.since)), .text(record.bucket), .integer(Int64(record.daysPastDue))])
    }

    /// Records a completed run (a day run again replaces its row: its changes are the last run's).
    public func insert(_ record: DailyRunRecord) throws {
        try statement("INSERT OR REPLACE INTO daily_run (country, as_of, finished_at_ms, cases, changes) VALUES (?, ?, ?, ?, ?)")
            .run([.text(record.country), .integer(Int64(record.asOf)), .integer(record.finishedAtMs), .integer(Int64(record.cases)),
                  .integer(Int64(record.changes))])
    }
}
