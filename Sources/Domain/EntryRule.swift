/// When an account of the card ledger enters collections in a country: something is overdue by
/// at least `minimumOverdue` and the oldest unpaid due date is at least `minimumDaysPastDue`
/// days ago. Data in the rule book (`CountryRules.entryRule`), dated like every other rule; the
/// figures and why they were chosen are in `docs/INTAKE.md`.
public struct EntryRule: Sendable, Hashable {
    /// Smallest overdue amount that opens a case (in the country's currency).
    public var minimumOverdue: Money
    /// Fewest days past the oldest unpaid due date before a case opens.
    public var minimumDaysPastDue: Int

    /// A rule; `minimumOverdue` must be positive and `minimumDaysPastDue` at least 1 (a
    /// precondition: rule books are written by people, and a zero figure would open a case for
    /// every account the ledger sends).
    public init(minimumOverdue: Money, minimumDaysPastDue: Int) {
        precondition(minimumOverdue.isPositive && minimumDaysPastDue >= 1, "an entry rule needs a positive amount and at least one day")
        self.minimumOverdue = minimumOverdue
        self.minimumDaysPastDue = minimumDaysPastDue
    }

    /// True when an account with `overdue` since `oldestUnpaidDue` enters collections on `day`.
    public func admits(overdue: Money, oldestUnpaidDue: Day?, on day: Day) -> Bool {
        guard overdue.currency == minimumOverdue.currency, overdue.minorUnits >= minimumOverdue.minorUnits,
              let oldestUnpaidDue else { return false }
        return day.days(since: oldestUnpaidDue) >= minimumDaysPastDue
    }
}

/// What the intake does with a customer's account states from the ledger, decided from whether
/// the customer already has a case and whether any of the accounts enters collections by the
/// country's entry rule. A case's state afterwards (open, cured, reopened) is not decided here:
/// it is the one derivation of `CaseState.asOf` over the updated accounts.
public enum IntakeDecision: Sendable, Hashable {
    /// No case yet and an account enters collections: open a case with all of the accounts.
    case openCase
    /// No case and no account enters collections: nothing is stored ("not in collections").
    case stayOut
    /// The customer has a case (in any state): every account is kept on it, new ones added.
    case updateCase

    /// The decision for a customer who `hasCase`, whose accounts `anyEnters` by the entry rule.
    public static func decide(hasCase: Bool, anyEnters: Bool) -> IntakeDecision {
        if hasCase { return .updateCase }
        return anyEnters ? .openCase : .stayOut
    }
}

/// How a case's derived state moved when the ledger's states were applied.
public enum IntakeTransition: String, Sendable, Hashable {
    /// It was open, in plan or paused and nothing is overdue any more: closed as cured.
    case cured = "case.cured"
    /// It was closed and something is overdue again: back in treatment.
    case reopened = "case.reopened"
    /// Another change of state, or none.
    case updated = "case.updated"

    /// The transition from `before` to `after` (both from `CaseState.asOf`).
    public static func between(_ before: CaseState, _ after: CaseState) -> IntakeTransition {
        if before != .closed && after == .closed { return .cured }
        if before == .closed && after != .closed { return .reopened }
        return .updated
    }
}

/// Bounds of the card ledger's intake, shared by the server and `collectctl intake`.
public enum IntakeLimits {
    /// Most account states in one batch: large enough to amortise a writer mutation, small
    /// enough that handlers' writes wait only milliseconds behind one.
    public static let statesPerBatchMax = 500
    /// Longest batch id.
    public static let batchIDMaxCharacters = 128
    /// Most refused states a refusal lists one by one (the rest are counted).
    public static let problemsListedMax = 100
}
