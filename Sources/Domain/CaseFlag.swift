/// A flag that changes how a case is treated. The raw values are the names stored and sent.
public enum CaseFlagKind: String, Sendable, Hashable, CaseIterable {
    /// A vulnerable customer: personal handling by a handler only; automation never contacts
    /// them, and the next action is always a handler's. Not a pause: plans and payments go on.
    case vulnerable = "VULNERABLE"
    /// The debt is disputed: collection pauses until the dispute is resolved or its pause ends.
    case dispute = "DISPUTE"
    /// Hardship (illness, unemployment): collection pauses until a date.
    case hardshipPause = "HARDSHIP_PAUSE"
    /// The customer opted out of phone calls (handler and dialer alike).
    case callOptOut = "CALL_OPT_OUT"

    /// True for the flags that pause collection.
    public var pausesCollection: Bool { self == .dispute || self == .hardshipPause }
}

/// One flag on a case with the days it applies: from the day it was set (nil: always) through
/// its last day (nil: until removed).
public struct CaseFlag: Sendable, Hashable {
    /// What the flag is.
    public var kind: CaseFlagKind
    /// The last day the flag applies, inclusive; nil when it applies until removed.
    public var until: Day?
    /// The day the flag was set, from which it applies; nil when that is not known. A pause set
    /// today does not reach back: an installment that broke before it stays broken.
    public var from: Day?

    /// A flag of `kind` that applies from `from` through `until`.
    public init(_ kind: CaseFlagKind, until: Day? = nil, from: Day? = nil) {
        self.kind = kind
        self.until = until
        self.from = from
    }

    /// Whether the flag applies on `day`: from the day it was set; it lifts on the day after its `until`.
    public func isInForce(on day: Day) -> Bool {
        (from.map { $0 <= day } ?? true) && (until.map { day <= $0 } ?? true)
    }
}

/// The flags of one case, read as of a day.
public struct CaseFlags: Sendable, Hashable {
    /// Every flag stored on the case, in force or not.
    public var all: [CaseFlag]

    /// The flags of a case.
    public init(_ all: [CaseFlag] = []) { self.all = all }

    /// The flags that apply on `day`.
    public func inForce(on day: Day) -> [CaseFlag] { all.filter { $0.isInForce(on: day) } }

    /// Whether a flag of `kind` applies on `day`.
    public func has(_ kind: CaseFlagKind, on day: Day) -> Bool {
        all.contains { $0.kind == kind && $0.isInForce(on: day) }
    }

    /// The pause in force on `day`, if any: a dispute wins over hardship (it freezes more), and
    /// of two pauses of the same kind the one that lasts longer.
    public func pause(on day: Day) -> CaseFlag? {
        let pauses = inForce(on: day).filter(\.kind.pausesCollection)
        return pauses.max { lhs, rhs in
            if lhs.kind != rhs.kind { return lhs.kind == .hardshipPause }
            return (lhs.until ?? Day(unchecked: Day.daysSinceEpochMax)) < (rhs.until ?? Day(unchecked: Day.daysSinceEpochMax))
        }
    }

    /// The first day on or after `day` with no pause in force; nil when a pause has no end.
    public func firstDayWithoutPause(onOrAfter day: Day) -> Day? {
        var current = day
        // Pauses may chain (a hardship pause set to start as a dispute ends); each step moves past one.
        for _ in 0...all.count {
            guard let pause = pause(on: current) else { return current }
            guard let until = pause.until, let next = until.advanced(byDays: 1) else { return nil }
            current = next
        }
        return pause(on: current) == nil ? current : nil
    }
}
