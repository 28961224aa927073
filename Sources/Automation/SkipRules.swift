/// What a case in one of the skip situations gets instead of its treatment.
public enum SkipAction: String, Sendable, Hashable, CaseIterable {
    /// Nothing: the treatment waits until the situation ends.
    case skip
    /// A handler task: a person takes the case; automation does not contact the customer.
    case handler
}

/// The situations in which a segment's treatment is not run, checked in this order: vulnerable
/// customer, dispute, hardship pause, plan being kept. The contact gate refuses automatic
/// contact to a vulnerable or paused customer in any case; these rules say what happens instead.
public struct SkipRules: Sendable, Hashable {
    /// A payment plan is being kept: no reminders.
    public var planKept: SkipAction
    /// A hardship pause is in force.
    public var paused: SkipAction
    /// A dispute is open (a dispute pause is in force).
    public var disputed: SkipAction
    /// The customer is vulnerable: automation never contacts them, so `skip` or `handler` only.
    public var vulnerable: SkipAction

    /// Skip rules.
    public init(planKept: SkipAction, paused: SkipAction, disputed: SkipAction, vulnerable: SkipAction) {
        self.planKept = planKept
        self.paused = paused
        self.disputed = disputed
        self.vulnerable = vulnerable
    }

    /// Skip a kept plan, a pause and a dispute; hand a vulnerable customer to a handler.
    public static let standard = SkipRules(planKept: .skip, paused: .skip, disputed: .skip, vulnerable: .handler)
}

/// Why a case's treatment was not run on a day.
public enum SkipReason: String, Sendable, Hashable, CaseIterable {
    /// A `VULNERABLE` flag is in force.
    case vulnerable = "VULNERABLE"
    /// A `DISPUTE` flag is in force.
    case disputed = "DISPUTED"
    /// A `HARDSHIP_PAUSE` flag is in force.
    case paused = "PAUSED"
    /// A payment plan is being kept.
    case planKept = "PLAN_KEPT"
}
