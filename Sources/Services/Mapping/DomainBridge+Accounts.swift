import Domain
import Store

/// Stored accounts as the domain's positions, and back.
extension DomainBridge {
    /// A stored account as the allocation sees it. The store keeps 0 ≤ overdue ≤ balance and
    /// credit ≥ 0 for every row written since migration 6; anything else (a row written by hand)
    /// is read within those bounds rather than trusted, so it cannot stop the server.
    static func accountPosition(_ record: AccountRecord) -> AccountPosition {
        let currency = Domain.Currency(rawValue: record.currency) ?? .sek
        let balance = max(0, record.balanceMinor)
        return AccountPosition(number: record.number, balance: Domain.Money(minorUnits: balance, currency: currency),
                               overdue: Domain.Money(minorUnits: min(max(0, record.overdueMinor), balance), currency: currency),
                               oldestUnpaidDue: record.oldestUnpaidDue.map(day),
                               credit: Domain.Money(minorUnits: max(0, record.creditMinor), currency: currency))
    }

    /// `record` with the balances of `position`.
    static func accountRecord(_ position: AccountPosition, over record: AccountRecord) -> AccountRecord {
        var next = record
        next.balanceMinor = position.balance.minorUnits
        next.overdueMinor = position.overdue.minorUnits
        next.oldestUnpaidDue = position.oldestUnpaidDue.map(days)
        next.creditMinor = position.credit.minorUnits
        return next
    }
}
