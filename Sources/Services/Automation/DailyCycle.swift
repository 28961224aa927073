import Domain
import Foundation
import Protocol
import Store

/// What one run of the daily cycle did.
public struct DailyCycleReport: Sendable, Equatable, CustomStringConvertible {
    public var country: Domain.Country
    public var asOf: Day
    /// Cases looked at.
    public var cases = 0
    /// Plans whose stored state changed (broken or completed as of the day).
    public var plansSettled = 0
    /// Cases whose stored state changed (a pause ended, a plan broke, nothing overdue any more…).
    public var statusesChanged = 0
    /// Cases that moved to another delinquency bucket (a row of bucket history each).
    public var bucketsChanged = 0
    /// Writer mutations the run used (one per page of cases).
    public var batches = 0
    public var elapsedMs: Int64 = 0

    /// Adds a page's counts (cases, settled plans, state changes, bucket moves) and its batch.
    mutating func add(page: DailyCycleReport) {
        cases += page.cases
        plansSettled += page.plansSettled
        statusesChanged += page.statusesChanged
        bucketsChanged += page.bucketsChanged
        batches += 1
    }

    /// Changes made: zero when the day is run again.
    public var changes: Int { plansSettled + statusesChanged + bucketsChanged }

    public var description: String {
        "\(country) as of \(asOf): \(cases) cases, \(plansSettled) plans settled, \(statusesChanged) statuses changed, "
            + "\(bucketsChanged) bucket moves, \(batches) batches, \(elapsedMs) ms"
    }
}

/// The daily cycle, for one country as of one day: every case's plans evaluated (installment due,
/// grace in banking days, broken, completed), its state derived again (pauses end on their last
/// day, a plan in force, nothing overdue) and its delinquency bucket kept as history. It reads
/// pages of cases and writes each page as one mutation through the group-commit writer, so that
/// handlers' calls interleave with it; every change is audited as the actor `automation`. Running a
/// day again changes nothing (every step is a function of the stored facts and the day).
extension CollectService {
    /// The audit actor of every change the cycle makes.
    public static let automationActor = "automation"
    /// Cases per writer mutation: small enough that a handler's call waits at most one page.
    public static let dailyCyclePage = 500

    /// Runs the cycle for `country` as of `asOf` (which must have come in that country), reading
    /// through `reader`; blocks until every page is durable. Refused for a day not yet come. When
    /// `isCancelled` turns true (the server stopping) it ends after the page in hand and records
    /// no completed run, so the day is run again at the next start; nil is returned then.
    @discardableResult
    public func runDailyCycle(country: Domain.Country, asOf: Day, reader: any BookReader, pageSize: Int = CollectService.dailyCyclePage,
                              isCancelled: () -> Bool = { false }) throws -> DailyCycleReport? {
        try requireDayHasCome(asOf, in: country)
        let started = clockMs()
        var report = DailyCycleReport(country: country, asOf: asOf)
        var after = ""
        while true {
            if isCancelled() { return nil }
            // The page is read and changed in one mutation: what it decides from is what it writes over.
            let from = after
            let (tally, last) = try submitAndWait { context -> (DailyCycleReport, String?) in
                var tally = DailyCycleReport(country: country, asOf: asOf)
                let page = try context.cycleCases(country: country.rawValue, after: from, limit: pageSize)
                for item in page { try self.cycle(item, asOf: asOf, context: context, tally: &tally) }
                tally.cases = page.count
                return (tally, page.last?.record.id)
            }
            guard let last else { break }
            after = last
            report.add(page: tally)
        }
        let finished = report
        _ = try submitAndWait { context in
            try context.insert(DailyRunRecord(country: country.rawValue, asOf: Int32(asOf.daysSinceEpoch), finishedAtMs: context.nowMs,
                                              cases: finished.cases, changes: finished.changes))
            return finished
        }
        report.batches += 1
        report.elapsedMs = clockMs() - started
        return report
    }

    /// The day an automation request names (`as_of`): present, and come in `country` (nothing is
    /// worked out as of a day that has not come).
    func requireDayHasCome(_ day: CalendarDate, in country: Domain.Country) throws -> Day {
        guard day != .epoch else {
            throw ServiceFailure.invalid("DAILY_CYCLE_DAY_REQUIRED", "as_of is required", field: "as_of")
        }
        let asOf = DomainBridge.day(day.daysSinceEpoch)
        try requireDayHasCome(asOf, in: country)
        return asOf
    }

    func requireDayHasCome(_ day: Day, in country: Domain.Country) throws {
        guard Int32(day.daysSinceEpoch) <= today(country.rawValue) else {
            throw ServiceFailure.invalid("DAILY_CYCLE_DAY_NOT_COME", "\(day) has not come yet in \(country); run or simulate as of today or an earlier day",
                                         field: "as_of")
        }
    }

    /// The latest day the cycle completed for `country`.
    public func latestDailyRun(country: Domain.Country, reader: any BookReader) throws -> Day? {
        try reader.read { try $0.latestDailyRun(country: country.rawValue) }.map { DomainBridge.day($0.asOf) }
    }

    /// One case as of `asOf`, inside the page's transaction, from what the page read of it.
    func cycle(_ item: CycleCase, asOf: Day, context: any WriteTransaction, tally: inout DailyCycleReport) throws {
        let record = item.record
        let caseID = record.id
        let day = Int32(asOf.daysSinceEpoch)
        var planInForce = false
        for plan in item.plans where plan.status.isOpen {
            let evaluatedPlan = evaluated(plan, country: record.country, flags: item.flags, asOf: day)
            if evaluatedPlan.status != plan.status {
                var next = evaluatedPlan
                next.version = plan.version + 1
                try context.update(next, expectedVersion: plan.version)
                try context.audit(action: "plan.\(next.status.rawValue.lowercased())", entity: "plan", entityID: plan.id,
                                  versionBefore: plan.version, versionAfter: next.version, detail: "daily cycle as of \(asOf)")
                tally.plansSettled += 1
            }
            planInForce = planInForce || evaluatedPlan.status == .active
        }
        let state = Self.caseState(flags: item.flags, planInForce: planInForce, accounts: item.accounts, on: day)
        if state != record.status {
            var next = record
            next.version += 1
            next.status = state
            try context.update(next, expectedVersion: record.version)
            try context.audit(action: "case.status", entity: "case", entityID: caseID, versionBefore: record.version,
                              versionAfter: next.version, detail: "\(record.status.rawValue) → \(state.rawValue) as of \(asOf)")
            tally.statusesChanged += 1
        }
        let daysPastDue = RecordMapping.daysPastDue(oldest: item.accounts.compactMap(\.oldestUnpaidDue).min(), today: day)
        let bucket = RecordMapping.bucket(daysPastDue)
        // A day run again, or a day before the last recorded one, leaves the history as it is.
        if item.latestBucket.map({ $0.since < day && $0.bucket != bucket }) ?? true {
            try context.insert(BucketRecord(caseID: caseID, since: day, bucket: bucket, daysPastDue: Int(daysPastDue)))
            tally.bucketsChanged += 1
        }
    }

    /// Submits `body` as one mutation of the automation actor and waits for it to be durable.
    private func submitAndWait<T: Sendable>(_ body: @escaping @Sendable (any WriteTransaction) throws -> T) throws -> T {
        try writer.submitAndWait(actor: Self.automationActor, body)
    }
}
