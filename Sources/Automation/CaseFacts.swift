import Domain

/// What automation knows of one case: built by the server from its records, read here as of a
/// day. Plain values only, so evaluation is pure and needs no database.
public struct CaseFacts: Sendable, Hashable {
    /// The case's id; with the strategy's name and version it fixes the case's arm.
    public var caseID: String
    /// The customer's country: its calendar, hours, limits and fee rules apply.
    public var country: Country
    /// The oldest unpaid due date over the case's accounts, nil when nothing is unpaid.
    public var oldestUnpaidDue: Day?
    /// The overdue amount, in the country's currency.
    public var overdue: Money
    /// The balance, in the country's currency.
    public var balance: Money
    /// Whether a phone number is on file.
    public var hasPhone: Bool
    /// Whether an e-mail address is on file.
    public var hasEmail: Bool
    /// Whether a direct-debit mandate is active.
    public var directDebitMandate: Bool
    /// The customer's language, an upper-case code (SV, NB, DA, EN).
    public var language: String
    /// Promises to pay broken so far.
    public var brokenPromises: Int
    /// The case's flags (vulnerable, dispute, hardship pause, call opt-out), each with its days.
    public var flags: CaseFlags
    /// Whether a payment plan is being kept on the day evaluated.
    public var planKept: Bool
    /// The outbound contacts so far, in the customer's local time.
    public var history: ContactHistory
    /// The segment the case was in and the day it entered it, nil when it had none yet.
    public var segmentEntry: SegmentEntry?
    /// Reminder fees charged on this claim so far.
    public var remindersCharged: Int
    /// The day the last reminder fee was charged, nil when none was.
    public var lastReminderFeeDay: Day?
    /// Whether the customer agreed to reminder fees when the debt arose (required in Sweden).
    public var reminderFeeAgreed: Bool

    /// Facts of one case.
    public init(caseID: String, country: Country, oldestUnpaidDue: Day?, overdue: Money, balance: Money,
                hasPhone: Bool, hasEmail: Bool, directDebitMandate: Bool, language: String,
                brokenPromises: Int = 0, flags: CaseFlags = CaseFlags(), planKept: Bool = false,
                history: ContactHistory = ContactHistory(), segmentEntry: SegmentEntry? = nil,
                remindersCharged: Int = 0, lastReminderFeeDay: Day? = nil, reminderFeeAgreed: Bool = true) {
        self.caseID = caseID
        self.country = country
        self.oldestUnpaidDue = oldestUnpaidDue
        self.overdue = overdue
        self.balance = balance
        self.hasPhone = hasPhone
        self.hasEmail = hasEmail
        self.directDebitMandate = directDebitMandate
        self.language = language
        self.brokenPromises = brokenPromises
        self.flags = flags
        self.planKept = planKept
        self.history = history
        self.segmentEntry = segmentEntry
        self.remindersCharged = remindersCharged
        self.lastReminderFeeDay = lastReminderFeeDay
        self.reminderFeeAgreed = reminderFeeAgreed
    }
}

/// The segment a case is in and the day it entered it: day 0 of its treatment.
public struct SegmentEntry: Sendable, Hashable {
    /// The segment's name.
    public var segment: String
    /// The day the case entered it.
    public var day: Day

    /// An entry.
    public init(segment: String, day: Day) {
        self.segment = segment
        self.day = day
    }
}

/// A case as seen on one day: the facts and what follows from them on that day.
struct CaseView {
    let facts: CaseFacts
    let day: Day
    let daysPastDue: Int
    let bucket: String
    init(_ facts: CaseFacts, on day: Day, buckets: BucketScheme) {
        self.facts = facts
        self.day = day
        daysPastDue = Domain.daysPastDue(oldestUnpaidDueDate: facts.oldestUnpaidDue, asOf: day)
        bucket = buckets.bucket(forDaysPastDue: daysPastDue)
    }

    /// Days since the last outbound contact on or before the day; `Int64.max` when the case was
    /// never contacted. Computed only for the predicates that ask.
    var daysSinceLastContact: Int64 {
        var last: Day?
        for time in facts.history.calls where time.day <= day { last = Swift.max(last ?? time.day, time.day) }
        for time in facts.history.messages where time.day <= day { last = Swift.max(last ?? time.day, time.day) }
        return last.map { Int64(day.days(since: $0)) } ?? Int64.max
    }
}
