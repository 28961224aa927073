import Testing
@testable import Domain

@Suite("Next action: what the strategy does next, at a time the rules allow")
struct NextActionRuleTests {
    let policy = RuleBook.standard.rules(for: .no, on: day("2026-12-01")).contactPolicy

    func facts(overdueSince: String? = "2026-10-01", installment: OpenInstallment? = nil, phone: Bool = true, email: Bool = true,
               mandate: Bool = false, flags: [CaseFlag] = [], calls: [LocalDateTime] = []) -> CaseContactFacts {
        CaseContactFacts(country: .no, oldestUnpaidDue: overdueSince.map(day), nextInstallment: installment, hasPhone: phone,
                         hasEmail: email, mandateActive: mandate, flags: CaseFlags(flags), history: ContactHistory(calls: calls))
    }

    @Test func aLongDelayGetsAHandlersCallAtTheFirstAllowedTime() throws {
        let next = try #require(NextActionRule.next(facts(), today: day("2026-12-02"), rules: policy))
        #expect(next.channel == .phone && next.initiator == .handler)
        #expect(next.notBefore == at("2026-12-02", "08:00"))
    }

    @Test func neverOnChristmasDayNorRightAfterTodaysCall() throws {
        let christmas = try #require(NextActionRule.next(facts(), today: day("2026-12-25"), rules: policy))
        #expect(christmas.notBefore == at("2026-12-28", "08:00"))
        let calledToday = try #require(NextActionRule.next(facts(calls: [at("2026-12-02", "10:00")]), today: day("2026-12-02"), rules: policy))
        #expect(calledToday.channel == .phone && calledToday.notBefore == at("2026-12-03", "08:00"))
    }

    @Test func aVulnerableCustomerWhoOptedOutOfCallsIsNotCalledAndNotTextedByAutomation() {
        let next = NextActionRule.next(facts(flags: [CaseFlag(.vulnerable), CaseFlag(.callOptOut)]), today: day("2026-12-02"), rules: policy)
        #expect(next == nil)
    }

    @Test func anOptedOutCustomerGetsATextInstead() throws {
        let next = try #require(NextActionRule.next(facts(flags: [CaseFlag(.callOptOut)]), today: day("2026-12-02"), rules: policy))
        #expect(next.channel == .sms && next.initiator == .automation)
    }

    @Test func withoutAPhoneNumberEmailWithoutEitherALetter() throws {
        let early = facts(overdueSince: "2026-11-25", phone: false)
        #expect(try #require(NextActionRule.next(early, today: day("2026-12-02"), rules: policy)).channel == .email)
        let nothing = facts(overdueSince: "2026-11-25", phone: false, email: false)
        #expect(try #require(NextActionRule.next(nothing, today: day("2026-12-02"), rules: policy)).channel == .letter)
    }

    @Test func withoutAPhoneALongDelayGetsAWrittenRequestToGetInTouch() throws {
        let next = try #require(NextActionRule.next(facts(phone: false), today: day("2026-12-02"), rules: policy))
        #expect(next.channel == .email && next.initiator == .automation)
        #expect(next.description.contains("get in touch"))
    }

    @Test func aPausedCaseWaitsForThePauseToEnd() throws {
        let paused = facts(flags: [CaseFlag(.hardshipPause, until: day("2026-12-10"))])
        let next = try #require(NextActionRule.next(paused, today: day("2026-12-02"), rules: policy))
        #expect(next.notBefore == at("2026-12-11", "08:00"))
        #expect(NextActionRule.next(facts(flags: [CaseFlag(.dispute)]), today: day("2026-12-02"), rules: policy) == nil)
    }

    @Test func aKeptPlanGetsANoticeThreeDaysBeforeItsInstallment() throws {
        let plan = facts(installment: OpenInstallment(planID: "PL-000001", sequence: 2, due: day("2026-12-14")))
        let next = try #require(NextActionRule.next(plan, today: day("2026-12-02"), rules: policy))
        #expect(next.channel == .sms && next.notBefore == at("2026-12-11", "08:00"))
        #expect(next.description.contains("installment 2"))
    }

    @Test func nothingOverdueNothingToDo() {
        #expect(NextActionRule.next(facts(overdueSince: nil), today: day("2026-12-02"), rules: policy) == nil)
        #expect(NextActionRule.next(facts(overdueSince: "2026-12-02"), today: day("2026-12-02"), rules: policy) == nil)
    }
}

@Suite("Local time to an instant and back")
struct LocalInstantTests {
    @Test func roundTripsInWinterAndSummer() {
        for (country, date, clock) in [(Country.se, "2026-01-15", "08:00"), (.no, "2026-07-01", "20:59"), (.dk, "2026-10-25", "03:00")] {
            let local = at(date, clock)
            #expect(country.localDateTime(unixSeconds: country.unixSeconds(of: local)) == local)
        }
        // 08:00 in Oslo on 2 December 2026 is 07:00 UTC.
        #expect(Country.no.unixSeconds(of: at("2026-12-02", "08:00")) == Int64(day("2026-12-02").daysSinceEpoch) * 86_400 + 7 * 3600)
    }
}
