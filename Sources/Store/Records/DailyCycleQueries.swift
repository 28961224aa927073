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

extension Connection {
    /// Up to `limit` case ids of `country` after `afterID`, by id (the daily cycle's pages).
    public func caseIDs(country: String, after afterID: String, limit: Int) throws -> [String] {
        let statement = try statement("SELECT id FROM collection_case WHERE id > ? AND country = ? ORDER BY id LIMIT ?")
        try statement.bind([.text(afterID), .text(country), .integer(Int64(limit))])
        defer { statement.reset() }
        var ids: [String] = []
        while try statement.step() { ids.append(statement.text(0)) }
        return ids
    }

    /// The case's bucket as last recorded.
    public func latestBucket(caseID: String) throws -> BucketRecord? {
        let statement = try statement("SELECT since, bucket, days_past_due FROM bucket_history WHERE case_id = ? ORDER BY since DESC LIMIT 1")
        try statement.bind([.text(caseID)])
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return BucketRecord(caseID: caseID, since: Int32(statement.int64(0)), bucket: statement.text(1), daysPastDue: Int(statement.int64(2)))
    }

    /// Every bucket the case has had, oldest first.
    public func bucketHistory(caseID: String) throws -> [BucketRecord] {
        let statement = try statement("SELECT since, bucket, days_past_due FROM bucket_history WHERE case_id = ? ORDER BY since")
        try statement.bind([.text(caseID)])
        defer { statement.reset() }
        var rows: [BucketRecord] = []
        while try statement.step() {
            rows.append(BucketRecord(caseID: caseID, since: Int32(statement.int64(0)), bucket: statement.text(1),
                                     daysPastDue: Int(statement.int64(2))))
        }
        return rows
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
