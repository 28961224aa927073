/// The department's limits for payment plans and promises to pay in one country.
///
/// These figures are department policy, not law; they live in `RuleBook` entries with valid-from
/// dates so that they can change without a release of the rules engine's logic.
public struct PlanPolicy: Sendable, Hashable {
    /// Most installments one plan may have.
    public var maxInstallments: Int
    /// The last installment may be due at most this many months after the day the plan is agreed.
    public var maxDurationMonths: Int
    /// Smallest installment; a total below it may still be paid as a single installment.
    public var minInstallment: Money
    /// The first installment must be due within this many days of the day the plan is agreed.
    public var firstDueWithinDays: Int
    /// Banking days after a due date by which an installment must be paid before the plan breaks.
    public var graceBankingDays: Int

    /// A policy; figures must be positive (grace may be 0).
    public init(maxInstallments: Int, maxDurationMonths: Int, minInstallment: Money,
                firstDueWithinDays: Int, graceBankingDays: Int) {
        precondition(maxInstallments >= 1 && maxDurationMonths >= 1 && firstDueWithinDays >= 0
                     && graceBankingDays >= 0 && minInstallment.isPositive, "invalid plan policy")
        self.maxInstallments = maxInstallments
        self.maxDurationMonths = maxDurationMonths
        self.minInstallment = minInstallment
        self.firstDueWithinDays = firstDueWithinDays
        self.graceBankingDays = graceBankingDays
    }
}
