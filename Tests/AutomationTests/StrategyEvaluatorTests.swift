import Testing
@testable import Automation
import Domain

/// A local time from `YYYY-MM-DD` and `HH:MM`.
func at(_ date: String, _ clock: String) -> LocalDateTime {
    let parts = clock.split(separator: ":").map { Int($0)! }
    return LocalDateTime(day: day(date), hour: parts[0], minute: parts[1])!
}

/// The contact intents of a decision.
func contacts(_ decision: CaseDecision) -> [ContactIntent] {
    decision.actions.compactMap { if case .contact(let contact) = $0.kind { contact } else { nil } }
}

@Suite struct StrategyEvaluatorTests {
    let monday = day("2026-12-07")

    func evaluator(_ name: String = "se-standard.yaml") throws -> StrategyEvaluator {
        StrategyEvaluator(strategy: try loadFixture(name))
    }

    @Test func noMandateWithPhoneGetsAnSMSAtTheFirstAllowedMinute() throws {
        let decision = try evaluator().evaluate(facts("C-1", dpd: 5, asOf: monday), on: monday)
        #expect(decision.segment == "no-mandate" && decision.arm == "champion")
        #expect(decision.entry == SegmentEntry(segment: "no-mandate", day: monday))
        #expect(decision.status == .due)
        #expect(contacts(decision) == [ContactIntent(channel: .sms, template: "setup-autogiro", language: "SV",
                                                     earliest: at("2026-12-07", "08:00"), latest: at("2026-12-07", "19:59"))])
    }

    @Test func withoutAPhoneEmailAndWithoutEitherALetter() throws {
        let noPhone = try evaluator().evaluate(facts("C-1", dpd: 5, asOf: monday, phone: false), on: monday)
        #expect(contacts(noPhone).map(\.channel) == [.email])
        let neither = try evaluator().evaluate(facts("C-1", dpd: 5, asOf: monday, phone: false, email: false), on: monday)
        #expect(contacts(neither).map(\.channel) == [.letter])
        #expect(contacts(neither).first?.latest == at("2026-12-07", "23:59"))
    }

    @Test func stepsFollowTheDaysSinceEntering() throws {
        var facts = facts("C-1", dpd: 12, asOf: monday)
        facts.segmentEntry = SegmentEntry(segment: "no-mandate", day: monday.adding(days: -7))
        let seventh = try evaluator().evaluate(facts, on: monday)
        #expect(seventh.stepIndex == 3 && seventh.stepLabel == "d7 email setup-autogiro-2")
        #expect(contacts(seventh).map(\.template) == ["setup-autogiro-2"])
        #expect(seventh.entry?.day == monday.adding(days: -7))
        let eighth = try evaluator().evaluate(facts, on: monday.adding(days: 1))
        #expect(eighth.status == .waiting && eighth.actions.isEmpty && eighth.stepIndex == 3)
        facts.segmentEntry = SegmentEntry(segment: "no-mandate", day: monday.adding(days: -20))
        #expect(try evaluator().evaluate(facts, on: monday).status == .finished)
    }

    @Test func movingToAnotherSegmentStartsItsTreatment() throws {
        var facts = facts("C-1", dpd: 95, asOf: monday)
        facts.segmentEntry = SegmentEntry(segment: "early-arrears", day: monday.adding(days: -30))
        let decision = try evaluator().evaluate(facts, on: monday)
        #expect(decision.segment == "long-term-difficulty")
        #expect(decision.entry == SegmentEntry(segment: "long-term-difficulty", day: monday))
        #expect(decision.actions.map(\.kind.name) == ["HANDLER_TASK", "LETTER"])
    }

    @Test func skipRules() throws {
        let evaluator = try evaluator()
        var vulnerable = facts("C-1", dpd: 5, asOf: monday)
        vulnerable.flags = CaseFlags([CaseFlag(.vulnerable)])
        let handed = evaluator.evaluate(vulnerable, on: monday)
        #expect(handed.status == .handedToHandler(.vulnerable))
        #expect(handed.actions.map(\.kind) == [.handlerTask(template: "skip-vulnerable", day: monday)])
        var disputed = facts("C-2", dpd: 5, asOf: monday)
        disputed.flags = CaseFlags([CaseFlag(.dispute, until: monday.adding(days: 30))])
        #expect(evaluator.evaluate(disputed, on: monday).status == .skipped(.disputed))
        #expect(evaluator.evaluate(disputed, on: monday).actions.isEmpty)
        // The day after the dispute's last day the treatment runs again.
        #expect(evaluator.evaluate(disputed, on: monday.adding(days: 31)).status != .skipped(.disputed))
        var paused = facts("C-3", dpd: 5, asOf: monday)
        paused.flags = CaseFlags([CaseFlag(.hardshipPause, until: monday)])
        #expect(evaluator.evaluate(paused, on: monday).status == .skipped(.paused))
        var kept = facts("C-4", dpd: 5, asOf: monday)
        kept.planKept = true
        #expect(evaluator.evaluate(kept, on: monday).status == .skipped(.planKept))
    }

    @Test func aSaturdayOrAHolidayMovesTheContactToTheNextAllowedTime() throws {
        let saturday = day("2026-12-05")
        let weekend = try evaluator().evaluate(facts("C-1", dpd: 5, asOf: saturday), on: saturday)
        #expect(contacts(weekend).first?.earliest == at("2026-12-07", "08:00"))
        let christmasEve = day("2026-12-24")
        let holiday = try evaluator().evaluate(facts("C-1", dpd: 5, asOf: christmasEve), on: christmasEve)
        #expect(contacts(holiday).first?.earliest == at("2026-12-28", "08:00"))
        // Norway allows Saturdays 08-15.
        let norway = try evaluator("no-standard.yaml").evaluate(facts("C-1", .no, dpd: 5, asOf: saturday), on: saturday)
        #expect(contacts(norway).first?.earliest == at("2026-12-05", "08:00"))
        #expect(contacts(norway).first?.latest == at("2026-12-05", "14:59"))
    }

    @Test func lateInTheDayTheContactWaitsForTomorrow() throws {
        let decision = try evaluator().evaluate(facts("C-1", dpd: 5, asOf: monday), on: monday, fromMinute: 21 * 60 + 30)
        #expect(contacts(decision).first?.earliest == at("2026-12-08", "08:00"))
        let midday = try evaluator().evaluate(facts("C-1", dpd: 5, asOf: monday), on: monday, fromMinute: 13 * 60 + 5)
        #expect(contacts(midday).first?.earliest == at("2026-12-07", "13:05"))
    }

    @Test func theDaysMessageLimitMovesTheSMSToTomorrow() throws {
        var facts = facts("C-1", dpd: 5, asOf: monday)
        facts.history = ContactHistory(messages: [at("2026-12-07", "08:30")])
        let decision = try evaluator().evaluate(facts, on: monday)
        #expect(contacts(decision).first?.earliest == at("2026-12-08", "08:00"))
    }

    @Test func aCallOptOutHoldsTheDialerStep() throws {
        var facts = facts("C-1", dpd: 45, asOf: monday, mandate: true)
        facts.flags = CaseFlags([CaseFlag(.callOptOut)])
        // Find a champion case: the dialer is its day-5 step.
        var found = false
        for number in 0..<50 {
            facts.caseID = "C-\(number)"
            facts.segmentEntry = SegmentEntry(segment: "early-arrears", day: monday.adding(days: -5))
            let decision = try evaluator().evaluate(facts, on: monday)
            guard decision.arm == "champion" else { continue }
            #expect(decision.actions.isEmpty)
            #expect(decision.held.map(\.code) == ["CONTACT_OPTED_OUT"])
            found = true
            break
        }
        #expect(found)
    }

    @Test func reminderFeesFollowTheCountrysDatedRules() throws {
        var facts = facts("C-1", dpd: 15, asOf: monday)
        facts.segmentEntry = SegmentEntry(segment: "no-mandate", day: monday.adding(days: -10))
        let charged = try evaluator().evaluate(facts, on: monday)
        #expect(charged.actions.map(\.kind) == [.reminderFee(Money(minorUnits: 6000, currency: .sek), day: monday)])
        facts.reminderFeeAgreed = false
        #expect(try evaluator().evaluate(facts, on: monday).held.map(\.code) == ["FEE_NOT_AGREED"])
        facts.reminderFeeAgreed = true
        facts.remindersCharged = 1
        #expect(try evaluator().evaluate(facts, on: monday).held.map(\.code) == ["FEE_MAX_REMINDERS"])
        facts.remindersCharged = 0
        facts.oldestUnpaidDue = monday.adding(days: -6)
        #expect(try evaluator().evaluate(facts, on: monday).held.map(\.code) == ["FEE_TOO_EARLY"])
        // Denmark: three reminders, at least 10 days apart.
        var danish = CaseFacts(caseID: "C-2", country: .dk, oldestUnpaidDue: monday.adding(days: -25), overdue: money(50_000, .dk),
                               balance: money(90_000, .dk), hasPhone: true, hasEmail: true, directDebitMandate: false, language: "DA",
                               segmentEntry: SegmentEntry(segment: "no-mandate", day: monday.adding(days: -20)),
                               remindersCharged: 1, lastReminderFeeDay: monday.adding(days: -9))
        #expect(try evaluator("dk-standard.yaml").evaluate(danish, on: monday).held.map(\.code) == ["FEE_TOO_SOON"])
        danish.lastReminderFeeDay = monday.adding(days: -10)
        #expect(try evaluator("dk-standard.yaml").evaluate(danish, on: monday).actions.map(\.kind)
                == [.reminderFee(Money(minorUnits: 10_000, currency: .dkk), day: monday)])
    }

    @Test func reEvaluatingTheSameDayGivesTheSameDecisionAndKeys() throws {
        let evaluator = try evaluator()
        let facts = facts("C-9", dpd: 95, asOf: monday)
        let first = evaluator.evaluate(facts, on: monday)
        #expect(first == evaluator.evaluate(facts, on: monday))
        #expect(Set(first.actions.map(\.dedupeKey)).count == first.actions.count)
        #expect(first.actions.first?.dedupeKey == "C-9/se-standard@2026-12a/long-term-difficulty/champion/0/2026-12-07")
    }

    @Test func daysSinceTheLastContactChooseTheSegment() throws {
        let evaluator = try evaluator("dk-standard.yaml")
        var facts = facts("C-1", .dk, dpd: 45, asOf: monday)
        #expect(evaluator.evaluate(facts, on: monday).segment == "not-contacted-lately")  // never contacted
        facts.history = ContactHistory(calls: [at("2026-11-23", "10:00")])                 // 14 days ago
        #expect(evaluator.evaluate(facts, on: monday).segment == "not-contacted-lately")
        facts.history = ContactHistory(calls: [at("2026-11-23", "10:00")], messages: [at("2026-11-24", "09:00")])  // 13 days ago
        #expect(evaluator.evaluate(facts, on: monday).segment == "arrears")
        // A contact recorded after the day evaluated does not count for that day.
        facts.history = ContactHistory(messages: [at("2026-12-08", "09:00")])
        #expect(evaluator.evaluate(facts, on: monday).segment == "not-contacted-lately")
    }

    @Test func casesOutsideTheStrategyOrItsSegments() throws {
        let evaluator = try evaluator()
        #expect(evaluator.evaluate(facts("C-1", .no, dpd: 5, asOf: monday), on: monday).status == .outOfScope)
        let current = evaluator.evaluate(facts("C-1", dpd: 0, asOf: monday), on: monday)
        #expect(current.status == .noSegment && current.segment == nil && current.actions.isEmpty)
    }
}
