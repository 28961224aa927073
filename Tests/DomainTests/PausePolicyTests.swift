import Testing
@testable import Domain

@Suite("Pauses: how long, when they lift, what they freeze")
struct PausePolicyTests {
    let policy = PausePolicy.standard
    let today = day("2026-12-02")

    @Test func aPauseNeedsItsLastDayWithinTheCountrysLongest() {
        #expect(domainError { try policy.validate(CaseFlag(.hardshipPause), today: today) }?.code == "FLAG_UNTIL_REQUIRED")
        #expect(domainError { try policy.validate(CaseFlag(.dispute), today: today) }?.code == "FLAG_UNTIL_REQUIRED")
        #expect(domainError { try policy.validate(CaseFlag(.hardshipPause, until: day("2026-12-01")), today: today) }?.code == "FLAG_UNTIL_IN_PAST")
        #expect(domainError { try policy.validate(CaseFlag(.hardshipPause, until: today.adding(days: 180)), today: today) } == nil)
        let tooLong = domainError { try policy.validate(CaseFlag(.hardshipPause, until: today.adding(days: 181)), today: today) }
        #expect(tooLong?.code == "PAUSE_TOO_LONG")
        #expect(tooLong?.fieldPath == "until")
        #expect(tooLong?.message.contains("180 days") == true)
        #expect(domainError { try policy.validate(CaseFlag(.dispute, until: day("2036-01-01")), today: today) }?.code == "PAUSE_TOO_LONG")
        #expect(domainError { try policy.validate(CaseFlag(.dispute, until: today.adding(days: 90)), today: today) } == nil)
    }

    @Test func flagsThatAreNotPausesNeedNoEnd() {
        #expect(domainError { try policy.validate(CaseFlag(.vulnerable), today: today) } == nil)
        #expect(domainError { try policy.validate(CaseFlag(.callOptOut), today: today) } == nil)
    }

    @Test func aPauseLiftsOnTheDayAfterItsLastDay() {
        let flags = CaseFlags([CaseFlag(.hardshipPause, until: day("2026-12-10"))])
        #expect(flags.pause(on: day("2026-12-10"))?.kind == .hardshipPause)
        #expect(flags.pause(on: day("2026-12-11")) == nil)
        #expect(flags.firstDayWithoutPause(onOrAfter: day("2026-12-02")) == day("2026-12-11"))
        #expect(flags.firstDayWithoutPause(onOrAfter: day("2026-12-12")) == day("2026-12-12"))
    }

    @Test func aDisputeWinsOverHardshipWhenBothApply() {
        let flags = CaseFlags([CaseFlag(.hardshipPause, until: day("2026-12-31")), CaseFlag(.dispute, until: day("2026-12-05"))])
        #expect(flags.pause(on: day("2026-12-03"))?.kind == .dispute)
        #expect(flags.pause(on: day("2026-12-06"))?.kind == .hardshipPause)
    }

    @Test func everyCountryHasPauseLimits() {
        for country in Country.allCases {
            let rules = RuleBook.standard.rules(for: country, on: today)
            #expect(rules.pausePolicy.maxDays(for: .dispute) ?? 0 > 0)
            #expect(rules.pausePolicy.maxDays(for: .hardshipPause) ?? 0 > 0)
        }
    }
}
