import Testing
@testable import Domain

@Suite("Plan schedules")
struct PlanSchedulerTests {
    @Test func remainderGoesOneOreAtATimeToTheFirstInstallments() throws {
        let schedule = try PlanScheduler.schedule(
            PlanTerms(total: sek(10_000), installmentCount: 3, frequency: .monthly, firstDueDate: day("2026-03-16")),
            country: .se)
        #expect(schedule.map(\.amount) == [sek(3334), sek(3333), sek(3333)])
        #expect(schedule.map(\.sequence) == [1, 2, 3])

        let seven = try PlanScheduler.schedule(
            PlanTerms(total: sek(100_005), installmentCount: 7, frequency: .weekly, firstDueDate: day("2026-03-16")),
            country: .se)
        #expect(seven.map(\.amount.minorUnits) == [14_287, 14_287, 14_287, 14_286, 14_286, 14_286, 14_286])
    }

    @Test func monthlyClampsAndKeepsTheOriginalDayOfMonth() throws {
        let schedule = try PlanScheduler.schedule(
            PlanTerms(total: sek(40_000), installmentCount: 4, frequency: .monthly, firstDueDate: day("2024-01-31")),
            country: .se)
        #expect(schedule.map(\.requestedDueDate) == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"].map(day))
        // 31 Mar 2024 is Easter Sunday, 1 Apr Easter Monday: moved to Tuesday 2 Apr.
        #expect(schedule.map(\.dueDate) == ["2024-01-31", "2024-02-29", "2024-04-02", "2024-04-30"].map(day))

        let nonLeap = try PlanScheduler.schedule(
            PlanTerms(total: nok(30_000), installmentCount: 3, frequency: .monthly, firstDueDate: day("2026-01-31")),
            country: .no)
        #expect(nonLeap.map(\.requestedDueDate) == ["2026-01-31", "2026-02-28", "2026-03-31"].map(day))
        // 31 Jan 2026 is a Saturday: due Monday 2 Feb; 28 Feb a Saturday: due Monday 2 Mar.
        #expect(nonLeap.map(\.dueDate) == ["2026-02-02", "2026-03-02", "2026-03-31"].map(day))
    }

    @Test func weeklyAndBiweeklyStepFromTheRequestedDates() throws {
        // Weekly from Thursday 26 Mar 2026 in Norway: 2 Apr is Maundy Thursday → Tuesday 7 Apr,
        // but the next one is still 9 Apr.
        let weekly = try PlanScheduler.schedule(
            PlanTerms(total: nok(30_000), installmentCount: 3, frequency: .weekly, firstDueDate: day("2026-03-26")),
            country: .no)
        #expect(weekly.map(\.requestedDueDate) == ["2026-03-26", "2026-04-02", "2026-04-09"].map(day))
        #expect(weekly.map(\.dueDate) == ["2026-03-26", "2026-04-07", "2026-04-09"].map(day))

        let biweekly = try PlanScheduler.schedule(
            PlanTerms(total: dkk(30_000), installmentCount: 3, frequency: .biweekly, firstDueDate: day("2026-05-01")),
            country: .dk)
        #expect(biweekly.map(\.requestedDueDate) == ["2026-05-01", "2026-05-15", "2026-05-29"].map(day))
        // 15 May 2026 is the Friday after Ascension, a Danish bank closing day.
        #expect(biweekly.map(\.dueDate) == ["2026-05-01", "2026-05-18", "2026-05-29"].map(day))
    }

    @Test func aPromiseToPayIsAOneInstallmentPlan() throws {
        let terms = PlanTerms(total: sek(50_000), installmentCount: 1, frequency: .monthly, firstDueDate: day("2026-06-19"))
        let schedule = try PlanScheduler.schedule(terms, country: .se)
        #expect(terms.kind == .promiseToPay)
        #expect(schedule.count == 1 && schedule[0].amount == sek(50_000))
        #expect(schedule[0].dueDate == day("2026-06-22"))  // Midsummer Eve → Monday
    }

    @Test func refusesTermsThatCannotMakeASchedule() {
        func code(_ terms: PlanTerms, _ country: Country = .se) -> String? {
            domainError { try PlanScheduler.schedule(terms, country: country) }?.code
        }
        let first = day("2026-03-16")
        #expect(code(PlanTerms(total: sek(100), installmentCount: 0, frequency: .weekly, firstDueDate: first)) == "PLAN_EMPTY")
        #expect(code(PlanTerms(total: sek(100), installmentCount: 521, frequency: .weekly, firstDueDate: first)) == "PLAN_TOO_MANY_INSTALLMENTS")
        #expect(code(PlanTerms(total: sek(0), installmentCount: 2, frequency: .weekly, firstDueDate: first)) == "PLAN_TOTAL_NOT_POSITIVE")
        #expect(code(PlanTerms(total: nok(100), installmentCount: 2, frequency: .weekly, firstDueDate: first)) == "PLAN_CURRENCY_MISMATCH")
        #expect(code(PlanTerms(total: sek(100), installmentCount: 2, frequency: .monthly, firstDueDate: day("2200-12-01"))) == "PLAN_DATE_OUT_OF_RANGE")
        #expect(code(PlanTerms(total: sek(100), installmentCount: 2, frequency: .monthly, firstDueDate: day("9999-12-01"))) == "PLAN_DATE_OUT_OF_RANGE")
    }

    @Test func hardInstallmentBoundIsInclusive() throws {
        let terms = PlanTerms(total: sek(52_000), installmentCount: PlanScheduler.installmentCountMax,
                              frequency: .weekly, firstDueDate: day("2026-03-16"))
        #expect(try PlanScheduler.schedule(terms, country: .se).count == 520)
        let items = Array(repeating: (day("2026-03-16"), sek(1)), count: PlanScheduler.installmentCountMax + 1)
        #expect(domainError { try PlanScheduler.explicit(items, country: .se) }?.code == "PLAN_TOO_MANY_INSTALLMENTS")
    }

    @Test func explicitScheduleMovesDatesAndKeepsOrder() throws {
        let schedule = try PlanScheduler.explicit([(day("2026-12-24"), sek(500_00)), (day("2027-01-15"), sek(250_00))], country: .se)
        #expect(schedule.map(\.dueDate) == [day("2026-12-28"), day("2027-01-15")])
        #expect(schedule.map(\.sequence) == [1, 2])
        #expect(domainError { try PlanScheduler.explicit([], country: .se) }?.code == "PLAN_EMPTY")
        let mismatch = domainError { try PlanScheduler.explicit([(day("2026-12-01"), sek(1)), (day("2026-12-08"), dkk(1))], country: .se) }
        #expect(mismatch?.code == "PLAN_CURRENCY_MISMATCH" && mismatch?.fieldPath == "installments[1].amount")
    }

    @Test func propertySchedulesSumExactlyAndLandOnBankingDays() throws {
        var rng = SeededGenerator(seed: 20_260_302)
        for _ in 0..<3000 {
            let country = Country.allCases.randomElement(using: &rng)!
            let total = Money(minorUnits: Int64.random(in: 1...50_000_000_00, using: &rng), currency: country.currency)
            let count = Int.random(in: 1...60, using: &rng)
            let frequency = PlanFrequency.allCases.randomElement(using: &rng)!
            let first = day("2024-01-01").adding(days: Int.random(in: 0...1500, using: &rng))
            let schedule = try PlanScheduler.schedule(
                PlanTerms(total: total, installmentCount: count, frequency: frequency, firstDueDate: first), country: country)

            #expect(try Money.sum(schedule.map(\.amount), currency: total.currency) == total)
            #expect(schedule.count == count)
            let amounts = schedule.map(\.amount.minorUnits)
            #expect(amounts.max()! - amounts.min()! <= 1)
            #expect(amounts == amounts.sorted(by: >))
            for item in schedule {
                #expect(HolidayCalendar.isBankingDay(item.dueDate, country: country))
                #expect(item.dueDate >= item.requestedDueDate && item.dueDate.days(since: item.requestedDueDate) <= 6)
            }
            #expect(zip(schedule, schedule.dropFirst()).allSatisfy { $0.dueDate < $1.dueDate })
            if frequency == .monthly {
                #expect(schedule.allSatisfy { $0.requestedDueDate.day == min(first.day, Day.daysIn(month: $0.requestedDueDate.month, year: $0.requestedDueDate.year)) })
            }
        }
    }
}
