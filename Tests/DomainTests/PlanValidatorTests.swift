import Testing
@testable import Domain

@Suite("Plan validation")
struct PlanValidatorTests {
    let today = day("2026-03-02")
    let policy = RuleBook.standard.rules(for: .se, on: day("2026-03-02")).planPolicy

    func terms(total: Int64 = 1_200_000, count: Int = 6, frequency: PlanFrequency = .monthly,
               first: String = "2026-03-16") -> PlanTerms {
        PlanTerms(total: sek(total), installmentCount: count, frequency: frequency, firstDueDate: day(first))
    }

    func violations(_ terms: PlanTerms) throws -> [PlanViolation] {
        let schedule = try PlanScheduler.schedule(terms, country: .se)
        return PlanValidator.violations(schedule, total: terms.total, country: .se, policy: policy, today: today)
    }

    func explicitViolations(_ items: [(String, Money)], total: Money) throws -> [PlanViolation] {
        let schedule = try PlanScheduler.explicit(items.map { (day($0.0), $0.1) }, country: .se)
        return PlanValidator.violations(schedule, total: total, country: .se, policy: policy, today: today)
    }

    @Test func aValidPlanHasNoViolations() throws {
        #expect(try violations(terms()).isEmpty)
        #expect(try violations(terms(count: 24, first: "2026-04-01")).isEmpty)  // last 2028-03-01, within 24 months
        #expect(try violations(terms(total: 15_000, count: 1, first: "2026-03-02")).isEmpty)  // due today, 150 kr < minimum but whole debt
        #expect(try violations(terms(count: 1, first: "2026-04-01")).isEmpty)  // 30 days: the last allowed first date
    }

    @Test func tooManyInstallments() throws {
        let found = try violations(terms(total: 10_000_000, count: 25, frequency: .weekly))
        #expect(found.map(\.code) == ["PLAN_TOO_MANY_INSTALLMENTS"])
        #expect(found[0].fieldPath == "terms.installment_count")
        #expect(found[0].message.contains("at most 24"))
    }

    @Test func tooLong() throws {
        // 24 monthly from 1 Apr 2026 ends 1 Mar 2028: fine. From 31 Mar it ends 29 Feb 2028: fine.
        // 13 installments every 2 months is impossible with the frequencies, so use an explicit one.
        let found = try explicitViolations([("2026-03-16", sek(60_000)), ("2028-03-03", sek(60_000))], total: sek(120_000))
        #expect(found.map(\.code) == ["PLAN_TOO_LONG"])
        #expect(found[0].message.contains("2028-03-02"))
        #expect(try explicitViolations([("2026-03-16", sek(60_000)), ("2028-03-02", sek(60_000))], total: sek(120_000)).isEmpty)
    }

    @Test func installmentTooSmall() throws {
        let found = try violations(terms(total: 100_000, count: 6))  // 1000 kr / 6 = 166.67 < 200
        #expect(found.map(\.code) == ["PLAN_INSTALLMENT_TOO_SMALL"])
        #expect(found[0].fieldPath == "installments[0].amount")
        #expect(found[0].message.contains("200.00 SEK"))
        #expect(try violations(terms(total: 120_000, count: 6)).isEmpty)  // exactly 200 kr each
    }

    @Test func installmentNotPositive() throws {
        let found = try explicitViolations([("2026-03-16", sek(50_000)), ("2026-04-16", sek(0))], total: sek(50_000))
        #expect(found.map(\.code) == ["PLAN_INSTALLMENT_NOT_POSITIVE"])
        #expect(found[0].fieldPath == "installments[1].amount")
    }

    @Test func firstDueTooLateAndInThePast() throws {
        let late = try violations(terms(first: "2026-04-02"))
        #expect(late.map(\.code) == ["PLAN_FIRST_DUE_TOO_LATE"])
        #expect(late[0].fieldPath == "terms.first_due_date")
        let past = try violations(terms(first: "2026-03-01"))
        #expect(past.map(\.code) == ["PLAN_FIRST_DUE_IN_PAST"])
        #expect(past[0].fieldPath == "terms.first_due_date")
    }

    @Test func totalNotPositiveEmptyAndCurrency() {
        let empty = PlanValidator.violations([], total: sek(0), country: .se, policy: policy, today: today)
        #expect(empty.map(\.code) == ["PLAN_TOTAL_NOT_POSITIVE", "PLAN_EMPTY"])
        #expect(empty.map(\.fieldPath) == ["terms.total", "installments"])

        let item = ScheduledInstallment(sequence: 1, dueDate: day("2026-03-16"), requestedDueDate: day("2026-03-16"), amount: nok(50_000))
        let currency = PlanValidator.violations([item], total: nok(50_000), country: .se, policy: policy, today: today)
        #expect(currency.map(\.code) == ["PLAN_CURRENCY_MISMATCH", "PLAN_CURRENCY_MISMATCH"])
        #expect(currency.map(\.fieldPath) == ["terms.total", "installments[0].amount"])
    }

    @Test func sumMismatch() throws {
        let found = try explicitViolations([("2026-03-16", sek(50_000)), ("2026-04-16", sek(50_000))], total: sek(100_001))
        #expect(found.map(\.code) == ["PLAN_SUM_MISMATCH"])
        #expect(found[0].message.contains("1000.01 SEK") && found[0].message.contains("1000.00 SEK"))
        let huge = Money(minorUnits: .max, currency: .sek)
        let overflow = try explicitViolations([("2026-03-16", huge), ("2026-04-16", huge)], total: huge)
        #expect(overflow.map(\.code) == ["PLAN_SUM_MISMATCH"])
    }

    @Test func dueDatesNotAscending() throws {
        let found = try explicitViolations([("2026-03-20", sek(50_000)), ("2026-03-20", sek(50_000))], total: sek(100_000))
        #expect(found.map(\.code) == ["PLAN_DUE_DATES_NOT_ASCENDING"])
        #expect(found[0].fieldPath == "installments[1].due_date")
    }

    @Test func severalRulesAreAllReported() throws {
        let found = try violations(terms(total: 100_000, count: 30, frequency: .monthly, first: "2026-05-01"))
        #expect(found.map(\.code) == ["PLAN_TOO_MANY_INSTALLMENTS", "PLAN_INSTALLMENT_TOO_SMALL",
                                      "PLAN_FIRST_DUE_TOO_LATE", "PLAN_TOO_LONG"])
        // Each violation converts to an error with the same code and field.
        #expect(found[0].error.code == found[0].code && found[0].error.fieldPath == found[0].fieldPath)
    }
}
