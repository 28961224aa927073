import Testing
@testable import Automation
import Domain

/// Every action automation produces lies inside the contact rules: checked over many generated
/// cases and days, weekends, bank holidays and late hours included.
@Suite struct ContactGatePropertyTests {
    /// Bank holidays and eves of the three countries, mixed into the generated days.
    static let quietDays = ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31", "2027-01-01", "2027-03-25",
                            "2027-03-26", "2027-03-29", "2027-05-17", "2027-06-05", "2027-06-25"].map(day)

    @Test(arguments: ["se-standard.yaml", "no-standard.yaml", "dk-standard.yaml"])
    func everyContactPassesTheGateAtItsEarliestAndLatestTime(_ file: String) throws {
        let evaluator = StrategyEvaluator(strategy: try loadFixture(file))
        let segments = evaluator.strategy.segments.map(\.name)
        var random = SplitMix64(seed: 0x5EED_0000 &+ UInt64(file.utf8.count))
        var contactsChecked = 0, nonContacts = 0
        let base = day("2026-11-01")
        for number in 0..<4_000 {
            let country = evaluator.strategy.countries[0]
            let today = Int.random(in: 0..<6, using: &random) == 0
                ? Self.quietDays.randomElement(using: &random)!
                : base.adding(days: Int.random(in: 0..<365, using: &random))
            let facts = Self.generate(number, country: country, on: today, segments: segments, random: &random)
            let minute = [0, 7 * 60 + 59, 12 * 60, 19 * 60 + 59, 20 * 60 + 59, 23 * 60 + 59].randomElement(using: &random)!
            let decision = evaluator.evaluate(facts, on: today, fromMinute: minute)
            let policy = RuleBook.standard.rules(for: country, on: today).contactPolicy
            if case .skipped = decision.status { #expect(decision.actions.isEmpty) }
            for action in decision.actions {
                guard case .contact(let contact) = action.kind else { nonContacts += 1; continue }
                contactsChecked += 1
                #expect(contact.earliest >= LocalDateTime(day: today, minuteOfDay: minute))
                #expect(contact.earliest <= contact.latest && contact.earliest.day == contact.latest.day)
                for time in [contact.earliest, contact.latest] {
                    let verdict = ContactGate.mayContact(contact.channel, by: .automation, at: time, country: country,
                                                         flags: facts.flags, history: facts.history, rules: policy)
                    #expect(verdict == .allowed, "\(facts.caseID) \(contact.channel) at \(time): \(verdict)")
                }
                #expect(!facts.flags.has(.vulnerable, on: today))
            }
        }
        // The generator must reach contacts and other actions, or the property says nothing.
        #expect(contactsChecked > 300)
        #expect(nonContacts > 50)
    }

    /// A case with random facts: any DPD, contact details, mandate, flags (pauses with and without
    /// an end, opt-out, vulnerability), earlier contacts at any hour and a segment entered 0–40 days ago.
    static func generate(_ number: Int, country: Country, on today: Day, segments: [String],
                         random: inout SplitMix64) -> CaseFacts {
        let dpd = Int.random(in: 0...400, using: &random)
        var facts = CaseFacts(
            caseID: "C-\(number)", country: country, oldestUnpaidDue: dpd == 0 ? nil : today.adding(days: -dpd),
            overdue: money(Int64.random(in: 0...5_000_000, using: &random), country),
            balance: money(Int64.random(in: 0...9_000_000, using: &random), country),
            hasPhone: Int.random(in: 0..<8, using: &random) != 0, hasEmail: Bool.random(using: &random),
            directDebitMandate: Bool.random(using: &random), language: ["SV", "NB", "DA", "EN"].randomElement(using: &random)!,
            brokenPromises: Int.random(in: 0...3, using: &random), planKept: Int.random(in: 0..<10, using: &random) == 0,
            segmentEntry: SegmentEntry(segment: segments.randomElement(using: &random)!, day: today.adding(days: -Int.random(in: 0...40, using: &random))),
            remindersCharged: Int.random(in: 0...3, using: &random),
            lastReminderFeeDay: Bool.random(using: &random) ? today.adding(days: -Int.random(in: 1...30, using: &random)) : nil,
            reminderFeeAgreed: Int.random(in: 0..<4, using: &random) != 0)
        var flags: [CaseFlag] = []
        if Int.random(in: 0..<20, using: &random) == 0 { flags.append(CaseFlag(.vulnerable)) }
        if Int.random(in: 0..<10, using: &random) == 0 { flags.append(CaseFlag(.callOptOut)) }
        if Int.random(in: 0..<10, using: &random) == 0 {
            let kind: CaseFlagKind = Bool.random(using: &random) ? .dispute : .hardshipPause
            let end: Day? = Int.random(in: 0..<4, using: &random) == 0 ? nil : today.adding(days: Int.random(in: -5...20, using: &random))
            flags.append(CaseFlag(kind, until: end, from: today.adding(days: -Int.random(in: 0...10, using: &random))))
        }
        facts.flags = CaseFlags(flags)
        var calls: [LocalDateTime] = [], messages: [LocalDateTime] = []
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            let time = LocalDateTime(day: today.adding(days: -Int.random(in: 0...9, using: &random)),
                                     minuteOfDay: Int.random(in: 0..<LocalDateTime.minutesPerDay, using: &random))
            if Bool.random(using: &random) { calls.append(time) } else { messages.append(time) }
        }
        facts.history = ContactHistory(calls: calls, messages: messages)
        return facts
    }
}
