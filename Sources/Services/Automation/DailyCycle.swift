import Automation
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
    /// The strategy in force for the country on the day (`name@version`), nil when none.
    public var strategy: String?
    /// Cases whose treatment changed (segment, arm, entry day or step; or ended).
    public var treatmentsChanged = 0
    /// Actions written to the outbox (a day run again writes none).
    public var actionsScheduled = 0
    /// Steps due that produced no action (no phone, the contact rules, the fee rules).
    public var stepsHeld = 0
    /// Time spent resting between pages while handlers' calls came in (`CycleYield`).
    public var restedMs: Int64 = 0
    /// Writer mutations the run used (one per page of cases).
    public var batches = 0
    public var elapsedMs: Int64 = 0

    /// Adds a page's counts (cases, settled plans, state changes, bucket moves) and its batch.
    mutating func add(page: DailyCycleReport) {
        cases += page.cases
        plansSettled += page.plansSettled
        statusesChanged += page.statusesChanged
        bucketsChanged += page.bucketsChanged
        treatmentsChanged += page.treatmentsChanged
        actionsScheduled += page.actionsScheduled
        stepsHeld += page.stepsHeld
        batches += 1
    }

    /// Changes made: zero when the day is run again.
    public var changes: Int { plansSettled + statusesChanged + bucketsChanged + treatmentsChanged + actionsScheduled }

    public var description: String {
        "\(country) as of \(asOf): \(cases) cases, \(plansSettled) plans settled, \(statusesChanged) statuses changed, "
            + "\(bucketsChanged) bucket moves, strategy \(strategy ?? "none"), \(treatmentsChanged) treatments changed, "
            + "\(actionsScheduled) actions scheduled, \(stepsHeld) steps held, \(batches) batches, \(elapsedMs) ms (\(restedMs) ms making way for calls)"
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
        let strategy = try strategyInForce(country: country, asOf: asOf, reader: reader)
        report.strategy = strategy.map { "\($0.evaluator.strategy.name)@\($0.evaluator.strategy.version)" }
        let history = strategy.map { _ in Self.cycleHistory(asOf: asOf) }
        var after = ""
        while true {
            if isCancelled() { return nil }
            let callsBefore = cycleYield.callsNoted
            let pageStarted = ContinuousClock.now
            // The page is read and changed in one mutation: what it decides from is what it writes over.
            let from = after
            let (tally, last) = try submitAndWait { context -> (DailyCycleReport, String?) in
                var tally = DailyCycleReport(country: country, asOf: asOf)
                let page = try context.cycleCases(country: country.rawValue, after: from, limit: pageSize, history: history)
                for item in page { try self.cycle(item, asOf: asOf, strategy: strategy, context: context, tally: &tally) }
                tally.cases = page.count
                return (tally, page.last?.record.id)
            }
            guard let last else { break }
            after = last
            report.add(page: tally)
            // Handlers' calls came in while the page was worked: rest before the next one.
            let pageMs = Int((ContinuousClock.now - pageStarted) / .milliseconds(1))
            let rest = cycleYield.restMs(afterPageOf: pageMs, callsBefore: callsBefore)
            if rest > 0 {
                Thread.sleep(forTimeInterval: Double(rest) / 1_000)
                report.restedMs += Int64(rest)
            }
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

    /// One case as of `asOf`, inside the page's transaction, from what the page read of it: its
    /// plans settled, its state derived, its bucket kept, and with a strategy in force its
    /// segment, arm and step recorded and the actions of the day written to the outbox. Every
    /// change moves the case's version once (cached case views are made again) and is audited.
    func cycle(_ item: CycleCase, asOf: Day, strategy: CycleStrategy?, context: any WriteTransaction, tally: inout DailyCycleReport) throws {
        let record = item.record
        let caseID = record.id
        let day = Int32(asOf.daysSinceEpoch)
        var planInForce = false
        var plans: [PlanRecord] = []
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
            plans.append(evaluatedPlan)
        }
        var next = record
        next.status = Self.caseState(flags: item.flags, planInForce: planInForce, accounts: item.accounts, on: day)
        var audits: [(action: String, detail: String)] = []
        if next.status != record.status {
            audits.append(("case.status", "\(record.status.rawValue) → \(next.status.rawValue) as of \(asOf)"))
            tally.statusesChanged += 1
        }
        if let strategy {
            try treat(item, plans: plans, asOf: asOf, strategy: strategy, next: &next, audits: &audits,
                      context: context, tally: &tally)
        }
        if let first = audits.first {
            // One audit row for all the day did to the case (its state digest is taken once): the
            // first change names it (case.status, else case.treatment, else outbox.scheduled).
            next.version = record.version + 1
            try context.update(next, expectedVersion: record.version)
            try context.audit(action: first.action, entity: "case", entityID: caseID, versionBefore: record.version,
                              versionAfter: next.version, detail: audits.map(\.detail).joined(separator: "; "))
        }
        let daysPastDue = RecordMapping.daysPastDue(oldest: item.accounts.compactMap(\.oldestUnpaidDue).min(), today: day)
        let bucket = RecordMapping.bucket(daysPastDue)
        // A day run again, or a day before the last recorded one, leaves the history as it is.
        if item.latestBucket.map({ $0.since < day && $0.bucket != bucket }) ?? true {
            try context.insert(BucketRecord(caseID: caseID, since: day, bucket: bucket, daysPastDue: Int(daysPastDue)))
            tally.bucketsChanged += 1
        }
    }

    /// The strategy's decision for a case in treatment: its treatment kept, its segment on the
    /// case, its actions in the outbox (one row per dedupe key). A case with nothing overdue, or
    /// one no segment takes, leaves its treatment.
    private func treat(_ item: CycleCase, plans: [PlanRecord], asOf: Day, strategy: CycleStrategy, next: inout CaseRecord,
                       audits: inout [(action: String, detail: String)], context: any WriteTransaction, tally: inout DailyCycleReport) throws {
        let caseID = item.record.id
        let day = Int32(asOf.daysSinceEpoch)
        guard let country = Domain.Country(rawValue: item.record.country) else { return }
        let decision: CaseDecision? = Self.inTreatment(item)
            ? strategy.evaluator.evaluate(Self.caseFacts(item, country: country, plans: plans, asOf: asOf), on: asOf, fromMinute: strategy.fromMinute) : nil
        guard let decision, let segment = decision.segment, let arm = decision.arm, let entry = decision.entry else {
            if item.treatment != nil {
                _ = try context.deleteTreatment(caseID: caseID)
                audits.append(("case.treatment", !Self.inTreatment(item) ? "treatment ended: nothing is overdue as of \(asOf)"
                                                                  : "treatment ended: no segment of \(strategy.label) takes the case as of \(asOf)"))
                tally.treatmentsChanged += 1
            }
            if next.segment != "" && item.treatment != nil { next.segment = "" }
            return
        }
        let treatment = TreatmentRecord(caseID: caseID, strategyNumber: strategy.number, strategy: strategy.label, segment: segment, arm: arm,
                                        segmentSince: Int32(entry.day.daysSinceEpoch), step: Self.stepName(decision), decidedOn: day)
        if !(item.treatment.map { $0.decidesTheSame(as: treatment) } ?? false) {
            try context.upsert(treatment)
            audits.append(("case.treatment", "\(strategy.label): segment \(segment) arm \(arm) since \(entry.day), step \(treatment.step)"))
            tally.treatmentsChanged += 1
        }
        next.segment = segment
        tally.stepsHeld += decision.held.count
        var scheduled: [String] = []
        // A key the page read is written already (a day run again): no insert tried.
        let known = item.actions.isEmpty ? [] : Set(item.actions.map(\.dedupeKey))
        for action in decision.actions where !known.contains(action.dedupeKey) {
            let row = Self.outboxRecord(action, country: country, language: item.customer?.language.uppercased() ?? "", day: day, nowMs: context.nowMs)
            if try context.insert(row) {
                scheduled.append("\(row.kind.rawValue) \(row.template)")
                tally.actionsScheduled += 1
            }
        }
        if !scheduled.isEmpty {
            audits.append(("outbox.scheduled", "scheduled \(scheduled.joined(separator: ", "))"))
        }
    }

    /// Whether a strategy treats the case at all: something is overdue (a cured case is left
    /// alone whatever a segment's predicate says). The simulation counts by the same rule.
    static func inTreatment(_ item: CycleCase) -> Bool {
        Domain.Money.clampedSum(item.accounts.map(\.overdueMinor)) > 0
    }

    /// What the case view and the treatment row say of where a case is in its treatment: the
    /// latest step whose day has come (kept after the last step: a day passing is no change of
    /// the case, so it moves no version), or why the treatment is held.
    static func stepName(_ decision: CaseDecision) -> String {
        switch decision.status {
        case .skipped(let reason): "skipped: \(reason.rawValue)"
        case .handedToHandler(let reason): "handler: \(reason.rawValue)"
        case .due, .waiting, .finished, .outOfScope, .noSegment: decision.stepLabel ?? "before the first step"
        }
    }

    /// The outbox row of an action decided on `day` for a case of `country`.
    static func outboxRecord(_ action: ActionIntent, country: Domain.Country, language: String, day: Int32, nowMs: Int64) -> OutboxRecord {
        let dayStartMs = { (local: LocalDateTime) in country.unixSeconds(of: local) * 1_000 }
        let wholeDay = (dayStartMs(LocalDateTime(day: DomainBridge.day(day), minuteOfDay: 0)),
                        dayStartMs(LocalDateTime(day: DomainBridge.day(day), minuteOfDay: LocalDateTime.minutesPerDay - 1)))
        var row = OutboxRecord(caseID: action.caseID, dedupeKey: action.dedupeKey, kind: .handlerTask, template: "", language: language,
                               decidedOn: day, earliestMs: wholeDay.0, latestMs: wholeDay.1, amountMinor: 0,
                               currency: country.currency.rawValue, status: .pending, createdAtMs: nowMs)
        switch action.kind {
        case .contact(let contact):
            row.kind = OutboxActionKind(contact.channel) ?? .letter
            row.template = contact.template
            row.language = contact.language
            row.earliestMs = dayStartMs(contact.earliest)
            row.latestMs = Swift.max(row.earliestMs, dayStartMs(contact.latest))
        case .handlerTask(let template, _):
            row.kind = .handlerTask
            row.template = template
        case .reminderFee(let money, _):
            row.kind = .reminderFee
            row.template = "reminder-fee"
            row.amountMinor = money.minorUnits
        }
        return row
    }

    /// Activations looked through for the one in force in a country (each country's latest is
    /// among the latest few; a book with more activations than this since its last for a
    /// country has none in force there).
    static let strategyActivationsRead = 200

    /// The strategy in force for `country` on `asOf`, made ready to evaluate: of the versions
    /// activated from that day or earlier, the latest activated whose countries include it (a
    /// Swedish strategy activated does not end the Norwegian one); nil when there is none.
    func strategyInForce(country: Domain.Country, asOf: Day, reader: any BookReader) throws -> CycleStrategy? {
        let day = Int32(asOf.daysSinceEpoch)
        let activated = try reader.read { try $0.strategyActivations(onOrBefore: day, limit: Self.strategyActivationsRead) }
        var seen = Set<Int64>()
        for record in activated where seen.insert(record.number).inserted {
            let strategy: Strategy
            do {
                strategy = try StrategyFile.load(record.text, file: "strategy #\(record.number)", rules: ruleBook, asOf: asOf)
            } catch {
                throw ServiceFailure(.failedPrecondition, "STRATEGY_IN_FORCE_INVALID",
                                     "strategy #\(record.number) (\(record.name)@\(record.version)) activated on or before \(asOf) is refused by this build's rules: "
                                        + (error.issues.first?.description ?? ""))
            }
            guard strategy.countries.contains(country) else { continue }
            // Today, contacts are placed from the minute the cycle runs; a day caught up, from its start.
            let now = country.localDateTime(unixSeconds: clockMs() / 1_000)
            return CycleStrategy(number: record.number, evaluator: StrategyEvaluator(strategy: strategy, rules: ruleBook),
                                 fromMinute: now.day == asOf ? now.minuteOfDay : 0)
        }
        return nil
    }

    /// Submits `body` as one mutation of the automation actor and waits for it to be durable.
    private func submitAndWait<T: Sendable>(_ body: @escaping @Sendable (any WriteTransaction) throws -> T) throws -> T {
        try writer.submitAndWait(actor: Self.automationActor, body)
    }
}

/// The strategy the daily cycle applies to one country's cases.
struct CycleStrategy: Sendable {
    /// Its stored version number.
    let number: Int64
    let evaluator: StrategyEvaluator
    /// The local minute of the day contacts are placed from.
    let fromMinute: Int

    var label: String { "\(evaluator.strategy.name)@\(evaluator.strategy.version)" }
}
