import Automation
import Domain
import Store

/// What automation knows of a case, built from what the daily cycle reads of a page of cases
/// (`cycleCases` with a history): the one builder for the cycle and for `strategy simulate`, so a
/// simulation shows what the cycle will do.
extension CollectService {
    /// Days of contacts and decided actions read for the contact limits (the longest, a month).
    static let cycleHistoryDays = 40

    /// How far back a cycle as of `day` reads contacts and actions.
    static func cycleHistory(asOf day: Day) -> CycleHistory {
        let since = Int32(day.daysSinceEpoch) - Int32(cycleHistoryDays)
        return CycleHistory(sinceMs: Int64(since) * 86_400_000, sinceDay: since)
    }

    /// The facts of `item` (read with a history) as of `day`, whose plans evaluated as of the day
    /// are `plans`. Actions decided on the day itself (or later) are not among them: a decision
    /// must not depend on itself, or a day run again would decide otherwise (a "not contacted
    /// lately" segment left because of the call it just scheduled).
    static func caseFacts(_ item: CycleCase, country: Domain.Country, plans: [PlanRecord], asOf day: Day) -> CaseFacts {
        let dayNumber = Int32(day.daysSinceEpoch)
        let accounts = item.accounts
        let money = { (minor: Int64) in Domain.Money(minorUnits: minor, currency: country.currency) }
        var history = ContactFacts.history(item.contacts.map { ($0.channel, $0.occurredAtMs) }, country: country)
        var fees = 0
        var lastFee: Day?
        for action in item.actions where action.decidedOn < dayNumber {
            if action.kind == .reminderFee {
                fees += 1
                lastFee = Swift.max(lastFee ?? DomainBridge.day(action.decidedOn), DomainBridge.day(action.decidedOn))
            }
            // Decided contacts count against the limits as if sent at their earliest time.
            guard let channel = action.kind.channel else { continue }
            let local = country.localDateTime(unixSeconds: action.earliestMs / 1_000)
            if channel.isCall { history.calls.append(local) } else if channel.isMessage { history.messages.append(local) }
        }
        let customer = item.customer
        return CaseFacts(
            caseID: item.record.id, country: country, oldestUnpaidDue: accounts.compactMap(\.oldestUnpaidDue).min().map(DomainBridge.day),
            overdue: money(Domain.Money.clampedSum(accounts.map(\.overdueMinor))), balance: money(Domain.Money.clampedSum(accounts.map(\.balanceMinor))),
            hasPhone: customer?.hasPhone ?? false, hasEmail: customer?.hasEmail ?? false, directDebitMandate: customer?.mandate == "ACTIVE",
            language: (customer?.language ?? "").uppercased(), brokenPromises: plans.filter { $0.status == .broken }.count,
            flags: ContactFacts.pauses(item.flags), planKept: plans.contains { $0.status == .active }, history: history,
            segmentEntry: item.treatment.map { SegmentEntry(segment: $0.segment, day: DomainBridge.day($0.segmentSince)) },
            remindersCharged: fees, lastReminderFeeDay: lastFee)
    }
}
