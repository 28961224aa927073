import Testing
@testable import Domain

@Suite("Payment plan states")
struct PaymentPlanTests {
    /// 3 × 1000 kr monthly from Monday 16 Mar 2026 (due 16 Mar, 16 Apr, 18 May — 16 May is a Saturday).
    func plan() throws -> PaymentPlan {
        let schedule = try PlanScheduler.schedule(
            PlanTerms(total: sek(300_000), installmentCount: 3, frequency: .monthly, firstDueDate: day("2026-03-16")),
            country: .se)
        return PaymentPlan(id: "P1", caseId: "C1", schedule: schedule)
    }

    @Test func newPlanIsActiveVersionOne() throws {
        let p = try plan()
        #expect(p.status == .active && p.status.name == "ACTIVE")
        #expect(p.version == 1 && p.amendments == 0)
        #expect(p.kind == .paymentPlan)
        #expect(p.total == sek(300_000) && p.outstanding == sek(300_000) && p.paid == sek(0))
        #expect(p.installments.map(\.dueDate) == ["2026-03-16", "2026-04-16", "2026-05-18"].map(day))
        #expect(p.oldestUnpaidDueDate == day("2026-03-16"))
    }

    @Test func cancelNeedsAnActivePlanAndAReason() throws {
        let cancelled = try plan().cancel(on: day("2026-03-10"), reason: "  customer paid in full elsewhere ")
        #expect(cancelled.status == .cancelled(on: day("2026-03-10"), reason: "customer paid in full elsewhere"))
        #expect(cancelled.status.name == "CANCELLED" && cancelled.version == 2)
        #expect(domainError { try cancelled.cancel(on: day("2026-03-11"), reason: "again") }?.code == "PLAN_NOT_ACTIVE")
        #expect(domainError { try plan().cancel(on: day("2026-03-10"), reason: " \n") }?.code == "PLAN_CANCEL_REASON_REQUIRED")
        let long = String(repeating: "x", count: PaymentPlan.cancelReasonLengthMax + 1)
        #expect(domainError { try plan().cancel(on: day("2026-03-10"), reason: long) }?.code == "PLAN_CANCEL_REASON_REQUIRED")
    }

    @Test func cancelReasonAtTheLengthLimitIsKept() throws {
        let reason = String(repeating: "x", count: PaymentPlan.cancelReasonLengthMax)
        #expect(try plan().cancel(on: day("2026-03-10"), reason: reason).status == .cancelled(on: day("2026-03-10"), reason: reason))
    }

    @Test func breaksTheDayAfterDuePlusGraceBankingDays() throws {
        let p = try plan()
        // Due Mon 16 Mar, grace 3 banking days: deadline Thu 19 Mar.
        #expect(p.evaluate(asOf: day("2026-03-19"), country: .se, graceBankingDays: 3).status == .active)
        let broken = p.evaluate(asOf: day("2026-03-20"), country: .se, graceBankingDays: 3)
        #expect(broken.status == .broken(on: day("2026-03-20")) && broken.version == 2)
        // Evaluating later gives the same day; evaluating a broken plan changes nothing.
        #expect(p.evaluate(asOf: day("2026-06-01"), country: .se, graceBankingDays: 3).status == .broken(on: day("2026-03-20")))
        #expect(broken.evaluate(asOf: day("2026-06-01"), country: .se, graceBankingDays: 3) == broken)
        // Grace 0: broken the day after the due date.
        #expect(p.evaluate(asOf: day("2026-03-17"), country: .se, graceBankingDays: 0).status == .broken(on: day("2026-03-17")))
    }

    @Test func graceSkipsHolidays() throws {
        // Due Thu 2 Apr 2026 in Sweden; Good Friday and Easter Monday are not banking days:
        // 3 banking days later is Thu 9 Apr.
        let schedule = try PlanScheduler.explicit([(day("2026-04-02"), sek(50_000))], country: .se)
        let p = PaymentPlan(id: "P", caseId: "C", schedule: schedule)
        #expect(p.evaluate(asOf: day("2026-04-09"), country: .se, graceBankingDays: 3).status == .active)
        #expect(p.evaluate(asOf: day("2026-04-10"), country: .se, graceBankingDays: 3).status == .broken(on: day("2026-04-10")))
    }

    @Test func partialPaymentStillBreaksAndLatePaymentDoesNotHelp() throws {
        let partly = try PaymentAllocator.allocate(sek(99_999), to: plan(), on: day("2026-03-16")).plan
        #expect(partly.evaluate(asOf: day("2026-03-20"), country: .se, graceBankingDays: 3).status == .broken(on: day("2026-03-20")))
        // Paid in full, but a day after the deadline: the plan broke on that deadline, even if the
        // evaluation runs only after the payment was posted.
        let late = try PaymentAllocator.allocate(sek(100_000), to: plan(), on: day("2026-03-20")).plan
        #expect(late.evaluate(asOf: day("2026-03-21"), country: .se, graceBankingDays: 3).status == .broken(on: day("2026-03-20")))
        let inTime = try PaymentAllocator.allocate(sek(100_000), to: plan(), on: day("2026-03-19")).plan
        #expect(inTime.evaluate(asOf: day("2026-04-01"), country: .se, graceBankingDays: 3).status == .active)
    }

    @Test func paidInstallmentsWithoutAKnownPaymentDayCountAsPaidInTime() throws {
        // As loaded from a store that keeps paid amounts but not the day they were completed.
        let p = try plan()
        let loaded = PaymentPlan(
            id: p.id, caseId: p.caseId, status: .active,
            installments: p.installments.enumerated().map { index, item in
                PlanInstallment(sequence: item.sequence, dueDate: item.dueDate, requestedDueDate: item.requestedDueDate,
                                amount: item.amount, paid: index == 0 ? item.amount : nil)
            },
            version: 4, amendments: 0)
        #expect(loaded.evaluate(asOf: day("2026-04-01"), country: .se, graceBankingDays: 3) == loaded)
        #expect(loaded.evaluate(asOf: day("2026-04-22"), country: .se, graceBankingDays: 3).status == .broken(on: day("2026-04-22")))
        let allPaid = PaymentPlan(
            id: p.id, caseId: p.caseId, status: .active,
            installments: [PlanInstallment(sequence: 1, dueDate: day("2026-03-16"), requestedDueDate: day("2026-03-16"),
                                           amount: sek(100), paid: sek(99))],
            version: 2, amendments: 0)
        let paid = try PaymentAllocator.allocate(sek(1), to: allPaid, on: day("2026-03-16")).plan
        #expect(paid.status == .completed(on: day("2026-03-16")))
    }

    @Test func anActivePlanLoadedFullyPaidIsCompletedByEvaluation() throws {
        let p = try plan()
        let loaded = PaymentPlan(
            id: p.id, caseId: p.caseId, status: .active,
            installments: p.installments.map {
                PlanInstallment(sequence: $0.sequence, dueDate: $0.dueDate, requestedDueDate: $0.requestedDueDate,
                                amount: $0.amount, paid: $0.amount)
            },
            version: 3, amendments: 0)
        #expect(loaded.evaluate(asOf: day("2026-06-01"), country: .se, graceBankingDays: 3).status == .completed(on: day("2026-06-01")))
        let newSchedule = try PlanScheduler.explicit([(day("2026-06-15"), sek(100))], country: .se)
        #expect(domainError { try loaded.amend(with: newSchedule, on: day("2026-06-01")) }?.code == "PLAN_NOTHING_OUTSTANDING")
        let payment = try PaymentAllocator.allocate(sek(500), to: loaded, on: day("2026-06-01"))
        #expect(payment.allocations.isEmpty && payment.remainder == sek(500))
    }

    @Test func amendmentReplacesTheUnpaidPart() throws {
        // 1000 kr paid (first installment) and 250 kr towards the second.
        let paid = try PaymentAllocator.allocate(sek(125_000), to: plan(), on: day("2026-03-16")).plan
        #expect(paid.outstanding == sek(175_000))
        let newSchedule = try PlanScheduler.schedule(
            PlanTerms(total: sek(175_000), installmentCount: 5, frequency: .monthly, firstDueDate: day("2026-04-30")), country: .se)
        let amended = try paid.amend(with: newSchedule, on: day("2026-04-01"))

        #expect(amended.version == paid.version + 1 && amended.amendments == 1 && amended.status == .active)
        #expect(amended.total == sek(300_000) && amended.paid == sek(125_000) && amended.outstanding == sek(175_000))
        #expect(amended.installments.count == 7)
        #expect(amended.installments.map(\.sequence) == Array(1...7))
        #expect(amended.installments[0].amount == sek(100_000) && amended.installments[0].isPaid)
        // The partly paid installment is closed at what was paid.
        #expect(amended.installments[1].amount == sek(25_000) && amended.installments[1].isPaid)
        #expect(amended.installments[1].paidInFullOn == day("2026-04-01"))
        #expect(amended.installments[2...].allSatisfy { $0.amount == sek(35_000) && $0.paid == sek(0) })
        #expect(amended.oldestUnpaidDueDate == day("2026-04-30"))
    }

    @Test func amendmentRefusals() throws {
        let p = try plan()
        let wrongSum = try PlanScheduler.explicit([(day("2026-04-30"), sek(1))], country: .se)
        #expect(domainError { try p.amend(with: wrongSum, on: day("2026-04-01")) }?.code == "PLAN_AMENDMENT_SUM_MISMATCH")
        #expect(domainError { try p.amend(with: [], on: day("2026-04-01")) }?.code == "PLAN_EMPTY")
        let otherCurrency = [ScheduledInstallment(sequence: 1, dueDate: day("2026-04-30"), requestedDueDate: day("2026-04-30"), amount: nok(300_000))]
        #expect(domainError { try p.amend(with: otherCurrency, on: day("2026-04-01")) }?.code == "PLAN_CURRENCY_MISMATCH")
        let cancelled = try p.cancel(on: day("2026-03-10"), reason: "wrong customer")
        let same = try PlanScheduler.explicit([(day("2026-04-30"), sek(300_000))], country: .se)
        #expect(domainError { try cancelled.amend(with: same, on: day("2026-04-01")) }?.code == "PLAN_NOT_ACTIVE")
        // A valid amendment turns the plan into a promise to pay.
        #expect(try p.amend(with: same, on: day("2026-03-10")).kind == .promiseToPay)
    }

    @Test func statusNames() {
        #expect(PlanStatus.completed(on: day("2026-01-01")).name == "COMPLETED")
        #expect(PlanStatus.broken(on: day("2026-01-01")).name == "BROKEN")
        #expect(PlanStatus.broken(on: day("2026-01-01")).description == "BROKEN on 2026-01-01")
        #expect(PlanStatus.active.endedOn == nil)
    }
}
