import Domain
import Protocol
import Store

/// The case view's next action: the treatment rules (`Domain.NextActionRule`) over the case's
/// facts, at the first time the contact gate allows. The answer depends only on the snapshot and
/// the day, so a held GetCase answer stays right for the day it was made for.
enum NextActionPlanner {
    static func next(for snapshot: CaseSnapshot, today: Int32, ruleBook: RuleBook) -> NextAction? {
        guard let country = Domain.Country(rawValue: snapshot.caseRecord.country) else { return nil }
        let day = DomainBridge.day(today)
        let rules = ruleBook.rules(for: country, on: day).contactPolicy
        guard let planned = NextActionRule.next(ContactFacts.caseFacts(snapshot, country: country), today: day, rules: rules) else {
            return nil
        }
        return NextAction(channel: ContactChannel(name: planned.channel.rawValue) ?? .unspecified,
                          dueOn: RecordMapping.date(DomainBridge.days(planned.notBefore.day)),
                          description: planned.description,
                          notBeforeMs: country.unixSeconds(of: planned.notBefore) * 1_000,
                          byHandler: planned.initiator == .handler)
    }
}
