/// A way of reaching a customer that the contact rules govern.
public enum OutboundChannel: String, Sendable, Hashable, CaseIterable {
    /// A handler's phone call.
    case phone = "PHONE"
    /// The automatic dialer (a phone call too: same hours, limits and opt-out).
    case dialer = "DIALER"
    /// A text message.
    case sms = "SMS"
    /// An e-mail.
    case email = "EMAIL"
    /// A letter by post: no hours or limits, but a pause holds it too.
    case letter = "LETTER"

    /// Phone and dialer: calls, which count against the call limits and obey a call opt-out.
    public var isCall: Bool { self == .phone || self == .dialer }
    /// SMS and e-mail: written messages, which count against the message limits.
    public var isMessage: Bool { self == .sms || self == .email }
}

/// Who starts an outbound contact.
public enum ContactInitiator: String, Sendable, Hashable {
    /// A handler, in person.
    case handler
    /// The daily cycle, the delivery worker or the dialer's list: never to a vulnerable customer.
    case automation
}

/// The outbound contacts a customer has had, as local times in the customer's country.
public struct ContactHistory: Sendable, Hashable {
    /// Calls (phone and dialer), answered or not: an attempt counts.
    public var calls: [LocalDateTime]
    /// Written messages (SMS and e-mail).
    public var messages: [LocalDateTime]

    /// A history; the order of the times does not matter.
    public init(calls: [LocalDateTime] = [], messages: [LocalDateTime] = []) {
        self.calls = calls
        self.messages = messages
    }

    /// Calls in the same local day, ISO week and month as `time`.
    public func callCounts(at time: LocalDateTime) -> CallCounts {
        CallCounts(today: calls.count { $0.day == time.day },
                   thisWeek: calls.count { $0.day.startOfWeek == time.day.startOfWeek },
                   thisMonth: calls.count { $0.day.startOfMonth == time.day.startOfMonth })
    }

    /// Messages in the same local day and ISO week as `time`.
    func messageCounts(at time: LocalDateTime) -> (today: Int, thisWeek: Int) {
        (messages.count { $0.day == time.day }, messages.count { $0.day.startOfWeek == time.day.startOfWeek })
    }
}

/// Good collection practice for every outbound contact, recorded by a handler or planned by
/// automation: pauses, vulnerability, opt-out, holidays, hours in the customer's local time and
/// the limits per day, week and month. Pure: the caller supplies the case's flags and history.
public enum ContactGate {
    /// Codes the gate adds to `ContactRules.Code`.
    public enum Code {
        /// A dispute or hardship pause is in force.
        public static let casePaused = "CONTACT_CASE_PAUSED"
        /// Automation may not contact a vulnerable customer: a handler must.
        public static let vulnerablePersonalOnly = "CONTACT_VULNERABLE_PERSONAL_ONLY"
        /// The day's message limit is reached.
        public static let messageLimitDay = "CONTACT_MESSAGE_LIMIT_DAY"
        /// The week's message limit is reached.
        public static let messageLimitWeek = "CONTACT_MESSAGE_LIMIT_WEEK"
        /// All codes of the gate, its own and `ContactRules`'.
        public static let all = [casePaused, vulnerablePersonalOnly, messageLimitDay, messageLimitWeek]
    }

    /// Steps `nextAllowed` takes before giving up; each step moves past one obstacle (a pause,
    /// a closed day, a full day, week or month), so a year of them is far more than enough.
    public static let searchStepsMax = 400

    /// Whether an outbound contact on `channel` by `initiator` may happen at local time `time`,
    /// checked in this order: vulnerable customer (automation only), pause, call opt-out,
    /// holidays and hours (not for letters), then the call or message limits.
    public static func mayContact(_ channel: OutboundChannel, by initiator: ContactInitiator, at time: LocalDateTime,
                                  country: Country, flags: CaseFlags, history: ContactHistory,
                                  rules: ContactPolicy) -> ContactDecision {
        if let refusal = standingRefusal(channel, by: initiator, on: time.day, flags: flags) { return refusal }
        if let pause = flags.pause(on: time.day) {
            let end = pause.until.map { "through \($0)" } ?? "until it is lifted"
            return .refused(code: Code.casePaused, message: "the case is paused (\(pause.kind.rawValue) \(end)): no \(channel.rawValue.lowercased()) contact")
        }
        if channel == .letter { return .allowed }
        if channel.isCall {
            return ContactRules.mayCall(at: time, country: country, callsSoFar: history.callCounts(at: time),
                                        optedOut: false, rules: rules)
        }
        let calendar = ContactRules.mayCall(at: time, country: country, callsSoFar: .none, optedOut: false, rules: rules)
        guard calendar.isAllowed else { return calendar }
        let counts = history.messageCounts(at: time)
        if counts.today >= rules.maxMessagesPerDay {
            return .refused(code: Code.messageLimitDay, message: "already \(counts.today) of at most \(rules.maxMessagesPerDay) messages today")
        }
        if counts.thisWeek >= rules.maxMessagesPerWeek {
            return .refused(code: Code.messageLimitWeek, message: "already \(counts.thisWeek) of at most \(rules.maxMessagesPerWeek) messages this week")
        }
        return .allowed
    }

    /// The earliest local time at or after `time` when `mayContact` allows the contact, nil when
    /// no time will (opted out, vulnerable for automation, a pause without an end, or nothing
    /// within `searchStepsMax` steps).
    public static func nextAllowed(_ channel: OutboundChannel, by initiator: ContactInitiator, onOrAfter time: LocalDateTime,
                                   country: Country, flags: CaseFlags, history: ContactHistory,
                                   rules: ContactPolicy) -> LocalDateTime? {
        var candidate = time
        for _ in 0..<searchStepsMax {
            let decision = mayContact(channel, by: initiator, at: candidate, country: country, flags: flags,
                                      history: history, rules: rules)
            guard let code = decision.code else { return candidate }
            guard let next = skip(past: code, from: candidate, channel: channel, country: country, flags: flags, rules: rules),
                  next > candidate else { return nil }
            candidate = next
        }
        return nil
    }

    /// Refusals no waiting cures, nil when there is none.
    static func standingRefusal(_ channel: OutboundChannel, by initiator: ContactInitiator, on day: Day,
                                flags: CaseFlags) -> ContactDecision? {
        if initiator == .automation, flags.has(.vulnerable, on: day) {
            return .refused(code: Code.vulnerablePersonalOnly, message: "the customer is vulnerable: only a handler may contact them")
        }
        if channel.isCall, flags.has(.callOptOut, on: day) {
            return .refused(code: ContactRules.Code.optedOut, message: "the customer has opted out of phone calls")
        }
        return nil
    }

    /// The first moment after `time` that may get past the refusal `code`.
    static func skip(past code: String, from time: LocalDateTime, channel: OutboundChannel, country: Country,
                     flags: CaseFlags, rules: ContactPolicy) -> LocalDateTime? {
        func startOf(_ day: Day?) -> LocalDateTime? { day.map { LocalDateTime(day: $0, minuteOfDay: 0) } }
        switch code {
        case Code.casePaused:
            return startOf(flags.firstDayWithoutPause(onOrAfter: time.day))
        case ContactRules.Code.holiday, ContactRules.Code.outsideHours:
            if let start = ContactRules.nextCallWindowStart(onOrAfter: time, country: country, rules: rules), start > time {
                return start
            }
            return startOf(time.day.advanced(byDays: 1))
        case ContactRules.Code.limitDay, Code.messageLimitDay:
            return startOf(time.day.advanced(byDays: 1))
        case ContactRules.Code.limitWeek, Code.messageLimitWeek:
            return startOf(time.day.startOfWeek.advanced(byDays: 7))
        case ContactRules.Code.limitMonth:
            return startOf(time.day.startOfMonth.advanced(byMonths: 1))
        default:
            return nil
        }
    }
}

/// Whether a contact was made by the department (outbound) or by the customer (inbound).
public enum ContactDirection: String, Sendable, Hashable, CaseIterable {
    case inbound = "INBOUND"
    case outbound = "OUTBOUND"
}
