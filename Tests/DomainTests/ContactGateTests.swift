import Testing
@testable import Domain

@Suite("Contact gate: every outbound contact, recorded or planned")
struct ContactGateTests {
    func rules(_ country: Country = .no) -> ContactPolicy {
        RuleBook.standard.rules(for: country, on: day("2026-12-01")).contactPolicy
    }

    func decide(_ channel: OutboundChannel, by initiator: ContactInitiator = .handler, _ date: String, _ clock: String,
                country: Country = .no, flags: [CaseFlag] = [], history: ContactHistory = ContactHistory()) -> ContactDecision {
        ContactGate.mayContact(channel, by: initiator, at: at(date, clock), country: country, flags: CaseFlags(flags),
                               history: history, rules: rules(country))
    }

    func next(_ channel: OutboundChannel, by initiator: ContactInitiator = .handler, _ date: String, _ clock: String,
              country: Country = .no, flags: [CaseFlag] = [], history: ContactHistory = ContactHistory()) -> LocalDateTime? {
        ContactGate.nextAllowed(channel, by: initiator, onOrAfter: at(date, clock), country: country, flags: CaseFlags(flags),
                                history: history, rules: rules(country))
    }

    @Test func aCallAtFourInTheMorningIsRefusedAndTheNextAllowedTimeIsEightOClock() {
        #expect(decide(.phone, "2026-12-02", "04:00").code == "CONTACT_OUTSIDE_HOURS")
        #expect(next(.phone, "2026-12-02", "04:00") == at("2026-12-02", "08:00"))
    }

    @Test func textsKeepTheSameHoursAsCalls() {
        #expect(decide(.sms, by: .automation, "2026-12-02", "04:00").code == "CONTACT_OUTSIDE_HOURS")
        #expect(decide(.email, by: .automation, "2026-12-02", "21:30").code == "CONTACT_OUTSIDE_HOURS")
        #expect(decide(.sms, by: .automation, "2026-12-02", "12:00") == .allowed)
    }

    @Test func christmasDayIsClosedAndTheNextCallIsAfterBoxingDay() {
        #expect(decide(.phone, "2026-12-25", "10:00").code == "CONTACT_HOLIDAY")
        // 24–26 December are closed; 26 December 2026 is a Saturday (a holiday), 27 a Sunday.
        #expect(next(.phone, "2026-12-24", "09:00") == at("2026-12-28", "08:00"))
    }

    @Test func theSecondCallOfADayIsRefusedAndMovesToTomorrow() {
        let today = ContactHistory(calls: [at("2026-12-02", "09:00")])
        #expect(decide(.phone, "2026-12-02", "10:00", history: today).code == "CONTACT_LIMIT_DAY")
        #expect(decide(.dialer, by: .automation, "2026-12-02", "10:00", history: today).code == "CONTACT_LIMIT_DAY")
        #expect(next(.phone, "2026-12-02", "10:00", history: today) == at("2026-12-03", "08:00"))
    }

    @Test func sevenCallsInADayNeverPass() {
        var history = ContactHistory()
        var accepted = 0
        for hour in 9...15 {
            let time = at("2026-12-02", "\(hour):00")
            if decide(.phone, "2026-12-02", "\(hour):00", history: history).isAllowed {
                accepted += 1
                history.calls.append(time)
            }
        }
        #expect(accepted == 1)
    }

    @Test func aFullWeekMovesToNextMondayAndAFullMonthToTheFirst() {
        let week = ContactHistory(calls: ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"].map { at($0, "10:00") })
        #expect(decide(.phone, "2026-12-05", "10:00", history: week).code == "CONTACT_LIMIT_WEEK")
        #expect(next(.phone, "2026-12-05", "10:00", history: week) == at("2026-12-07", "08:00"))
        let month = ContactHistory(calls: (1...15).map { at("2026-09-\($0 < 10 ? "0" : "")\($0)", "10:00") })
        #expect(decide(.phone, "2026-09-28", "10:00", history: month).code == "CONTACT_LIMIT_MONTH")
        #expect(next(.phone, "2026-09-28", "10:00", history: month) == at("2026-10-01", "08:00"))
    }

    @Test func messagesHaveTheirOwnLimits() {
        let sent = ContactHistory(messages: [at("2026-12-02", "09:00")])
        #expect(decide(.sms, by: .automation, "2026-12-02", "12:00", history: sent).code == "CONTACT_MESSAGE_LIMIT_DAY")
        #expect(decide(.phone, "2026-12-02", "12:00", history: sent) == .allowed)
        let week = ContactHistory(messages: ["2026-11-30", "2026-12-01", "2026-12-02"].map { at($0, "09:00") })
        #expect(decide(.email, by: .automation, "2026-12-03", "12:00", history: week).code == "CONTACT_MESSAGE_LIMIT_WEEK")
        #expect(next(.email, by: .automation, "2026-12-03", "12:00", history: week) == at("2026-12-07", "08:00"))
    }

    @Test func anOptedOutCustomerIsNeverCalledButMayGetALetter() {
        let flags = [CaseFlag(.callOptOut)]
        #expect(decide(.phone, "2026-12-02", "12:00", flags: flags).code == "CONTACT_OPTED_OUT")
        #expect(decide(.dialer, by: .automation, "2026-12-02", "12:00", flags: flags).code == "CONTACT_OPTED_OUT")
        #expect(next(.phone, "2026-12-02", "12:00", flags: flags) == nil)
        #expect(decide(.sms, by: .automation, "2026-12-02", "12:00", flags: flags) == .allowed)
    }

    @Test func aDisputedCaseGetsNoContactUntilThePauseEnds() {
        let flags = [CaseFlag(.dispute, until: day("2026-12-10"))]
        #expect(decide(.sms, by: .automation, "2026-12-02", "12:00", flags: flags).code == "CONTACT_CASE_PAUSED")
        #expect(decide(.phone, "2026-12-02", "12:00", flags: flags).code == "CONTACT_CASE_PAUSED")
        #expect(decide(.letter, by: .automation, "2026-12-10", "12:00", flags: flags).code == "CONTACT_CASE_PAUSED")
        // Lifts on the day after its last day: 11 December 2026 is a Friday.
        #expect(decide(.phone, "2026-12-11", "12:00", flags: flags) == .allowed)
        #expect(next(.sms, by: .automation, "2026-12-02", "12:00", flags: flags) == at("2026-12-11", "08:00"))
        #expect(next(.phone, "2026-12-02", "12:00", flags: [CaseFlag(.dispute)]) == nil)
    }

    @Test func chainedPausesAreSkippedTogether() {
        let flags = [CaseFlag(.dispute, until: day("2026-12-10")), CaseFlag(.hardshipPause, until: day("2026-12-20"))]
        #expect(CaseFlags(flags).firstDayWithoutPause(onOrAfter: day("2026-12-02")) == day("2026-12-21"))
        #expect(next(.phone, "2026-12-02", "12:00", flags: flags) == at("2026-12-21", "08:00"))
    }

    @Test func automationNeverContactsAVulnerableCustomerButAHandlerMay() {
        let flags = [CaseFlag(.vulnerable)]
        #expect(decide(.sms, by: .automation, "2026-12-02", "12:00", flags: flags).code == "CONTACT_VULNERABLE_PERSONAL_ONLY")
        #expect(decide(.dialer, by: .automation, "2026-12-02", "12:00", flags: flags).code == "CONTACT_VULNERABLE_PERSONAL_ONLY")
        #expect(next(.sms, by: .automation, "2026-12-02", "12:00", flags: flags) == nil)
        #expect(decide(.phone, by: .handler, "2026-12-02", "12:00", flags: flags) == .allowed)
        #expect(decide(.phone, by: .handler, "2026-12-02", "22:00", flags: flags).code == "CONTACT_OUTSIDE_HOURS")
    }

    @Test func lettersIgnoreHoursAndLimits() {
        let busy = ContactHistory(calls: [at("2026-12-02", "09:00")], messages: [at("2026-12-02", "09:00")])
        #expect(decide(.letter, by: .automation, "2026-12-25", "03:00", history: busy) == .allowed)
    }

    @Test func everyAllowedTimeFoundIsAllowedOverAYearOfStarts() {
        var random = SplitMix64(seed: 42)
        let flagSets: [[CaseFlag]] = [[], [CaseFlag(.hardshipPause, until: day("2026-03-20"))], [CaseFlag(.callOptOut)]]
        for _ in 0..<500 {
            let start = LocalDateTime(day: day("2026-01-01").adding(days: Int(random.next() % 365)), minuteOfDay: Int(random.next() % 1440))
            let country = Country.allCases[Int(random.next() % 3)]
            let channel = OutboundChannel.allCases[Int(random.next() % 5)]
            let flags = CaseFlags(flagSets[Int(random.next() % 3)])
            let history = ContactHistory(calls: [start.day.adding(days: -1), start.day].map { LocalDateTime(day: $0, minuteOfDay: 600) })
            let policy = rules(country)
            guard let found = ContactGate.nextAllowed(channel, by: .automation, onOrAfter: start, country: country, flags: flags,
                                                      history: history, rules: policy) else {
                #expect(channel.isCall && flags.has(.callOptOut, on: start.day))
                continue
            }
            #expect(found >= start)
            #expect(ContactGate.mayContact(channel, by: .automation, at: found, country: country, flags: flags,
                                           history: history, rules: policy) == .allowed)
        }
    }
}
