/// Days past due as of `asOf`, counted from the oldest unpaid due date: 0 when nothing is unpaid
/// (`nil`) or the date has not passed yet, 1 on the day after the due date, and so on.
public func daysPastDue(oldestUnpaidDueDate: Day?, asOf: Day) -> Int {
    guard let due = oldestUnpaidDueDate, asOf > due else { return 0 }
    return asOf.days(since: due)
}
