import Domain
import Protocol
import Store

/// Plans: preview, create, amend, cancel, read.
extension CollectService {
    func country(_ code: String) -> Domain.Country { Domain.Country(rawValue: code) ?? .se }

    /// The schedule for `terms` on `caseRecord`, checked against the country's policy in force
    /// today; the first violation refuses it.
    func checkedSchedule(_ terms: Protocol.PlanTerms, caseRecord: CaseRecord, connection: any RecordReading)
        throws -> (schedule: [ScheduledInstallment], total: Domain.Money, frequency: Domain.PlanFrequency?, violations: [PlanViolation]) {
        let country = country(caseRecord.country)
        let (schedule, total, frequency) = try DomainBridge.schedule(terms, country: country)
        guard total.currency == country.currency else {
            throw ServiceFailure.invalid("PLAN_CURRENCY_MISMATCH", "a plan in \(country.rawValue) is in \(country.currency.rawValue)", field: "terms.total.currency")
        }
        let today = DomainBridge.day(self.today(caseRecord.country))
        let policy = ruleBook.rules(for: country, on: today).planPolicy
        // The validator names schedule positions (`installments[2].amount`); say them in the
        // request's terms: the explicit installment given, or the total the schedule came from.
        var violations = PlanValidator.violations(schedule, total: total, country: country, policy: policy, today: today).map { violation in
            guard violation.fieldPath.hasPrefix("installments[") else { return violation }
            let path = terms.explicitInstallments.isEmpty ? "terms.total" : "terms.explicit_" + violation.fieldPath
            return PlanViolation(code: violation.code, fieldPath: path, message: violation.message)
        }
        let owed = try Domain.Money.sum(try connection.accountRecords(caseID: caseRecord.id).map {
            Domain.Money(minorUnits: max(0, $0.balanceMinor), currency: total.currency)
        }, currency: total.currency)
        if total.minorUnits > owed.minorUnits {
            violations.append(PlanViolation(code: "PLAN_TOTAL_EXCEEDS_DEBT", fieldPath: "terms.total",
                                            message: "the plan's total (\(total.formatted(style: .nordic)) \(total.currency.rawValue)) is more than "
                                                + "the \(owed.formatted(style: .nordic)) \(owed.currency.rawValue) owed on the case"))
        }
        return (schedule, total, frequency, violations)
    }

    func previewPlan(_ request: PreviewPlanRequest, _ call: Call) throws -> PreviewPlanResponse {
        try require(.readCases, call.principal)
        try DomainBridge.checkAmounts(request.terms)
        let checked = try call.reader.read { records in
            let record = try scopedCase(request.caseId, call.principal, records)
            return try checkedSchedule(request.terms, caseRecord: record, connection: records)
        }
        return PreviewPlanResponse(
            installments: DomainBridge.installments(checked.schedule, currency: request.terms.total.currency),
            problems: checked.violations.map { ErrorDetail(code: $0.code, fieldPath: $0.fieldPath, message: $0.message) },
            kind: checked.schedule.count == 1 ? .promiseToPay : .paymentPlan)
    }

    func createPlan(_ request: CreatePlanRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> PlanResponse {
        try require(.managePlans, principal)
        try DomainBridge.checkAmounts(request.terms)
        let record = try scopedCase(request.caseId, principal, context)
        try checkVersion(request.expectedCaseVersion, current: record.version, entity: "case", id: record.id, field: "expected_case_version")
        try refuseIfDisputed(record, context: context, action: "agreeing a plan")
        let settled = try context.planRecords(caseID: record.id).filter { $0.status == .active }
            .map { try settleStatus($0, country: record.country, context: context) }
        if let active = settled.first(where: { $0.status == .active }) {
            throw ServiceFailure(.failedPrecondition, "PLAN_ALREADY_ACTIVE", "case \(record.id) already has active plan \(active.id); amend or cancel it",
                                 facts: [ErrorFact(key: "plan_id", value: active.id)])
        }
        let checked = try checkedSchedule(request.terms, caseRecord: record, connection: context)
        if let first = checked.violations.first { throw ServiceFailure.invalid(first.code, first.message, field: first.fieldPath) }
        let plan = PlanRecord(id: try context.nextID("plan", prefix: "PL"), caseID: record.id,
                              kind: Domain.PlanKind(installmentCount: checked.schedule.count), status: .active, statusOn: nil,
                              cancelReason: "", currency: checked.total.currency.rawValue, totalMinor: checked.total.minorUnits,
                              frequency: DomainBridge.frequencyName(checked.frequency), version: 1, amendments: 0,
                              createdAtMs: context.nowMs, createdBy: principal.name,
                              installments: DomainBridge.installmentRecords(checked.schedule))
        try context.insert(plan)
        try context.audit(action: "plan.create", entity: "plan", entityID: plan.id, versionBefore: nil, versionAfter: 1,
                          detail: "\(plan.kind) \(plan.totalMinor) \(plan.currency) in \(plan.installments.count)")
        let next = try bumpCase(record, context: context, action: "case.plan.create", detail: plan.id)
        return PlanResponse(plan: RecordMapping.plan(plan, today: today(record.country)), caseVersion: UInt64(next.version))
    }

    /// Refuses (CASE_DISPUTED) a plan change on a case with a dispute in force today: a disputed
    /// debt is not rescheduled. A hardship pause allows plans; an expired dispute no longer holds.
    func refuseIfDisputed(_ record: CaseRecord, context: any WriteTransaction, action: String) throws {
        let flags = ContactFacts.pauses(try context.flagRecords(caseID: record.id))
        let today = DomainBridge.day(self.today(record.country))
        guard let dispute = flags.inForce(on: today).first(where: { $0.kind == .dispute }) else { return }
        let until = dispute.until.map { " (until \($0))" } ?? ""
        throw ServiceFailure(.failedPrecondition, "CASE_DISPUTED", "case \(record.id) is disputed\(until); resolve the dispute before \(action)")
    }

    /// A plan the caller may change, in scope, at the version the caller read.
    func scopedPlan(_ id: String, expected: UInt64, _ principal: Principal, _ connection: any RecordReading) throws -> (PlanRecord, CaseRecord) {
        try requireID(id, field: "plan_id", code: "PLAN_ID")
        guard let plan = try connection.planRecord(id: id) else { throw ServiceFailure.notFound("PLAN_NOT_FOUND", "no plan \(id)", field: "plan_id") }
        let caseRecord = try scopedCase(plan.caseID, principal, connection)
        try checkVersion(expected, current: plan.version, entity: "plan", id: id)
        return (evaluated(plan, country: caseRecord.country, flags: try connection.flagRecords(caseID: caseRecord.id)), caseRecord)
    }

    func amendPlan(_ request: AmendPlanRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> PlanResponse {
        try require(.managePlans, principal)
        try requireText(request.reason, field: "reason", code: "PLAN_AMEND_REASON", max: Limits.reasonMaxCharacters)
        try DomainBridge.checkAmounts(request.terms)
        let (record, caseRecord) = try scopedPlan(request.planId, expected: request.expectedVersion, principal, context)
        try refuseIfDisputed(caseRecord, context: context, action: "changing its plan")
        let checked = try checkedSchedule(request.terms, caseRecord: caseRecord, connection: context)
        if let first = checked.violations.first { throw ServiceFailure.invalid(first.code, first.message, field: first.fieldPath) }
        let today = DomainBridge.day(self.today(caseRecord.country))
        let amended = try DomainBridge.paymentPlan(record).amend(with: checked.schedule, on: today)
        try context.recordHistory(of: record, replacedAtMs: context.nowMs, by: principal.name, reason: request.reason)
        var next = DomainBridge.planRecord(amended, over: record)
        next.frequency = DomainBridge.frequencyName(checked.frequency)
        try context.update(next, expectedVersion: record.version)
        try context.audit(action: "plan.amend", entity: "plan", entityID: record.id, versionBefore: record.version,
                          versionAfter: next.version, detail: request.reason)
        let caseNext = try bumpCase(caseRecord, context: context, action: "case.plan.amend", detail: record.id)
        return PlanResponse(plan: RecordMapping.plan(next, today: DomainBridge.days(today)), caseVersion: UInt64(caseNext.version))
    }

    func cancelPlan(_ request: CancelPlanRequest, _ principal: Principal, _ context: any WriteTransaction) throws -> PlanResponse {
        try require(.managePlans, principal)
        try requireText(request.reason, field: "reason", code: "PLAN_CANCEL_REASON", max: Limits.reasonMaxCharacters)
        let (record, caseRecord) = try scopedPlan(request.planId, expected: request.expectedVersion, principal, context)
        let today = DomainBridge.day(self.today(caseRecord.country))
        let cancelled = try DomainBridge.paymentPlan(record).cancel(on: today, reason: request.reason)
        let next = DomainBridge.planRecord(cancelled, over: record)
        try context.update(next, expectedVersion: record.version)
        try context.audit(action: "plan.cancel", entity: "plan", entityID: record.id, versionBefore: record.version,
                          versionAfter: next.version, detail: request.reason)
        let caseNext = try bumpCase(caseRecord, context: context, action: "case.plan.cancel", detail: record.id)
        return PlanResponse(plan: RecordMapping.plan(next, today: DomainBridge.days(today)), caseVersion: UInt64(caseNext.version))
    }

    func getPlan(_ request: GetPlanRequest, _ call: Call) throws -> GetPlanResponse {
        try require(.readCases, call.principal)
        try requireID(request.planId, field: "plan_id", code: "PLAN_ID")
        return try call.reader.read { connection in
            guard let plan = try connection.planRecord(id: request.planId) else {
                throw ServiceFailure.notFound("PLAN_NOT_FOUND", "no plan \(request.planId)", field: "plan_id")
            }
            let caseRecord = try scopedCase(plan.caseID, call.principal, connection)
            let today = today(caseRecord.country)
            let history = request.includeHistory ? try connection.planHistory(id: plan.id, current: plan) : []
            let flags = try connection.flagRecords(caseID: caseRecord.id)
            return GetPlanResponse(plan: RecordMapping.plan(evaluated(plan, country: caseRecord.country, flags: flags), today: today),
                                   history: history.map { RecordMapping.plan($0, today: today) })
        }
    }

    func listPlans(_ request: ListPlansRequest, _ call: Call) throws -> ListPlansResponse {
        try require(.readCases, call.principal)
        return try call.reader.read { connection in
            let caseRecord = try scopedCase(request.caseId, call.principal, connection)
            let today = today(caseRecord.country)
            let flags = try connection.flagRecords(caseID: caseRecord.id)
            return ListPlansResponse(plans: try connection.planRecords(caseID: caseRecord.id).map {
                RecordMapping.plan(evaluated($0, country: caseRecord.country, flags: flags), today: today)
            })
        }
    }
}

/// Broken-plan detection: a plan's state is drawn from its facts (installments, due dates, the
/// value dates that paid them in full) as of a day in its country (an installment not fully paid
/// by its due date plus the policy's grace in banking days breaks it; everything paid completes
/// it). Reads show the state as of today; a payment is allocated against the state as of its
/// value date. A break is not stored by a payment (only facts are), so a payment made in time but
/// recorded late, or a clock that ran ahead, cannot leave a plan broken; it is stored only when a
/// new plan replaces the broken one.
extension CollectService {
    /// Grace in banking days of `country`'s plan policy in force on `day`.
    func graceBankingDays(_ country: Domain.Country, on day: Day) -> Int {
        ruleBook.rules(for: country, on: day).planPolicy.graceBankingDays
    }

    /// `record` as of `day` (default: today in its country), at the same version, with the
    /// case's pauses (`flags`) holding off a break while they are in force.
    func evaluated(_ record: PlanRecord, country code: String, flags: [FlagRecord], asOf day: Int32? = nil) -> PlanRecord {
        guard record.status == .active || record.status == .broken else { return record }
        let country = country(code)
        let asOf = DomainBridge.day(day ?? self.today(code))
        let plan = DomainBridge.paymentPlan(record).asOf(asOf, country: country, graceBankingDays: graceBankingDays(country, on: asOf),
                                                         pauses: ContactFacts.pauses(flags))
        return DomainBridge.planRecord(plan, over: record)
    }

    /// Evaluates a plan inside a mutation and stores a status change (a new plan version, audited)
    /// before the mutation goes on: used when a new plan replaces a broken one, which is then
    /// broken for good.
    func settleStatus(_ record: PlanRecord, country: String, context: any WriteTransaction) throws -> PlanRecord {
        let evaluatedRecord = evaluated(record, country: country, flags: try context.flagRecords(caseID: record.caseID))
        guard evaluatedRecord.status != record.status else { return record }
        var next = evaluatedRecord
        next.version = record.version + 1
        try context.update(next, expectedVersion: record.version)
        try context.audit(action: "plan.\(next.status.rawValue.lowercased())", entity: "plan", entityID: record.id, versionBefore: record.version,
                          versionAfter: next.version, detail: "evaluated as of \(DomainBridge.day(today(country)))")
        return next
    }
}
