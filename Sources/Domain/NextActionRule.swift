/// The next open installment of a plan being kept.
public struct OpenInstallment: Sendable, Hashable {
    /// The plan's id.
    public var planID: String
    /// The installment's number in the plan, from 1.
    public var sequence: Int
    /// Its due date.
    public var due: Day

    /// An open installment.
    public init(planID: String, sequence: Int, due: Day) {
        self.planID = planID
        self.sequence = sequence
        self.due = due
    }
}

/// What the treatment rules need to know of a case to choose its next contact, as of a day.
public struct CaseContactFacts: Sendable, Hashable {
    /// The customer's country: its calendar, hours and limits apply.
    public var country: Country
    /// The oldest unpaid due date over the case's accounts, nil when nothing is unpaid.
    public var oldestUnpaidDue: Day?
    /// The next open installment of a plan being kept, nil when there is none.
    public var nextInstallment: OpenInstallment?
    /// Whether a phone number is on file.
    public var hasPhone: Bool
    /// Whether an e-mail address is on file.
    public var hasEmail: Bool
    /// Whether a direct-debit mandate (autogiro, AvtaleGiro, Betalingsservice) is active.
    public var mandateActive: Bool
    /// The case's flags.
    public var flags: CaseFlags
    /// The outbound contacts so far, in the customer's local time.
    public var history: ContactHistory

    /// Facts of one case.
    public init(country: Country, oldestUnpaidDue: Day?, nextInstallment: OpenInstallment?,
                hasPhone: Bool, hasEmail: Bool, mandateActive: Bool, flags: CaseFlags, history: ContactHistory) {
        self.country = country
        self.oldestUnpaidDue = oldestUnpaidDue
        self.nextInstallment = nextInstallment
        self.hasPhone = hasPhone
        self.hasEmail = hasEmail
        self.mandateActive = mandateActive
        self.flags = flags
        self.history = history
    }
}

/// A contact the treatment rules propose, at the earliest time the contact gate allows it.
public struct PlannedContact: Sendable, Hashable {
    /// The channel to use.
    public var channel: OutboundChannel
    /// Who makes it: automation, or a handler in person.
    public var initiator: ContactInitiator
    /// The earliest local time it is allowed (in the customer's country).
    public var notBefore: LocalDateTime
    /// What it is for, for the handler.
    public var description: String
}

/// The treatment rules of `../shared/docs/MISSION.md` for the next contact on a case: nothing
/// while a pause lasts (the contact waits for its end); a notice before the next installment of
/// a plan being kept; personal contact for a vulnerable customer or a longer delay; a text (SMS,
/// or e-mail without a phone, or a letter without either) otherwise. Every proposal has passed
/// the contact gate: it names the first time that is allowed, never one that is not.
public enum NextActionRule {
    /// Days before an installment's due date that its notice goes out.
    public static let noticeLeadDays = 3
    /// From this many days past due, a handler calls to agree a plan.
    public static let personalContactFromDaysPastDue = 30

    /// The next contact on a case as of `today`, nil when there is nothing to do or nothing is
    /// allowed (a pause without an end, every channel refused).
    public static func next(_ facts: CaseContactFacts, today: Day, rules: ContactPolicy) -> PlannedContact? {
        guard let start = facts.flags.firstDayWithoutPause(onOrAfter: today) else { return nil }
        guard let intent = intent(facts, asOf: start) else { return nil }
        let textChannel: OutboundChannel = facts.hasPhone ? .sms : facts.hasEmail ? .email : .letter
        var candidates: [(OutboundChannel, ContactInitiator, String)] = []
        if let personal = intent.personal, facts.hasPhone { candidates.append((.phone, .handler, personal)) }
        if let written = intent.written { candidates.append((textChannel, .automation, written)) }
        for (channel, initiator, description) in candidates {
            if let time = ContactGate.nextAllowed(channel, by: initiator, onOrAfter: LocalDateTime(day: intent.from, minuteOfDay: 0),
                                                  country: facts.country, flags: facts.flags, history: facts.history, rules: rules) {
                return PlannedContact(channel: channel, initiator: initiator, notBefore: time, description: description)
            }
        }
        return nil
    }

    /// What the case needs, from which day, whether a person should do it, and what to write
    /// when a person cannot (no phone, calls opted out).
    static func intent(_ facts: CaseContactFacts, asOf day: Day) -> Intent? {
        let vulnerable = facts.flags.has(.vulnerable, on: day)
        if let next = facts.nextInstallment {
            let from = Swift.max(day, next.due.adding(days: -noticeLeadDays))
            let text = "Notice before installment \(next.sequence) of plan \(next.planID)"
            return Intent(from: from, personal: vulnerable ? "Call before installment \(next.sequence) of plan \(next.planID) (vulnerable customer)" : nil,
                          written: text)
        }
        let dpd = daysPastDue(oldestUnpaidDueDate: facts.oldestUnpaidDue, asOf: day)
        if dpd == 0 { return nil }
        if vulnerable { return Intent(from: day, personal: "Personal contact by a handler (vulnerable customer)", written: nil) }
        if dpd >= personalContactFromDaysPastDue {
            return Intent(from: day, personal: "Call: agree a payment plan", written: "Ask the customer to get in touch to agree a payment plan")
        }
        if !facts.mandateActive { return Intent(from: day, personal: nil, written: "Ask the customer to get in touch and set up direct debit") }
        return Intent(from: day, personal: nil, written: "Payment reminder")
    }

    /// What a case needs: a handler's call (`personal`), a written contact (`written`), or the
    /// call with the written contact as the fallback when no call is allowed.
    struct Intent {
        var from: Day
        var personal: String?
        var written: String?
    }
}
