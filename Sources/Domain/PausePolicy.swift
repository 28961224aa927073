/// How long collection may be paused in one country. A pause is set with its last day; one
/// longer than these limits is refused, so every pause ends and is looked at again.
///
/// What a pause freezes (`docs/DOMAIN.md`, "Pauses"): every outbound contact, by handlers and
/// automation alike; reminders and fees; new plans and changes to plans (a disputed debt is not
/// rescheduled); and the breaking of a plan, since an installment that falls due during a pause
/// is judged with its grace counted from the first day after the pause. Payments are still
/// taken and allocated, and inbound contacts (the customer calls in) are still recorded.
public struct PausePolicy: Sendable, Hashable {
    /// Longest dispute pause in days, counted from the day it is set (the day itself is day 0).
    public var maxDisputeDays: Int
    /// Longest hardship pause in days, counted likewise.
    public var maxHardshipDays: Int

    /// Limits; both must be positive.
    public init(maxDisputeDays: Int, maxHardshipDays: Int) {
        precondition(maxDisputeDays > 0 && maxHardshipDays > 0, "pause limits must be positive")
        self.maxDisputeDays = maxDisputeDays
        self.maxHardshipDays = maxHardshipDays
    }

    /// The department's standard: a dispute is looked at again within 90 days, hardship within 180.
    public static let standard = PausePolicy(maxDisputeDays: 90, maxHardshipDays: 180)

    /// The longest pause of `kind` in days, nil for a flag that is not a pause.
    public func maxDays(for kind: CaseFlagKind) -> Int? {
        switch kind {
        case .dispute: maxDisputeDays
        case .hardshipPause: maxHardshipDays
        case .vulnerable, .callOptOut: nil
        }
    }

    /// Checks a flag about to be set on `today`: a pause needs its last day, today or later and
    /// within the country's longest pause; other flags may carry a last day that is not past.
    public func validate(_ flag: CaseFlag, today: Day) throws(DomainError) {
        if let until = flag.until, until < today {
            throw DomainError(code: DomainError.Code.flagUntilInPast, fieldPath: "until",
                              message: "until (\(until)) must be today (\(today)) or later")
        }
        guard let maxDays = maxDays(for: flag.kind) else { return }
        guard let until = flag.until else {
            throw DomainError(code: DomainError.Code.flagUntilRequired, fieldPath: "until",
                              message: "a \(flag.kind.rawValue) pause needs its last day (until), at most \(maxDays) days ahead")
        }
        let days = until.days(since: today)
        if days > maxDays {
            throw DomainError(code: DomainError.Code.pauseTooLong, fieldPath: "until",
                              message: "a \(flag.kind.rawValue) pause may last at most \(maxDays) days (until \(today.adding(days: maxDays))), not until \(until)")
        }
    }
}
