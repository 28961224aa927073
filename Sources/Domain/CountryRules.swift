/// The collection rules of one country as in force from one date: fees, reminders, late interest,
/// plan policy and contact policy. Instances live in a `RuleBook`, never in logic.
public struct CountryRules: Sendable, Hashable {
    /// The country these rules are for; every amount is in its currency.
    public var country: Country
    /// Highest reminder fee per reminder (SE påminnelseavgift, NO purregebyr, DK rykkergebyr).
    public var reminderFeeCap: Money
    /// Whether a reminder fee may be charged only if agreed when the debt arose (Sweden).
    public var reminderFeeRequiresPriorAgreement: Bool
    /// Most reminders whose fee may be charged for one claim.
    public var maxReminders: Int
    /// Fewest days between two reminders.
    public var minDaysBetweenReminders: Int
    /// Fewest days after the due date before the first reminder.
    public var minDaysAfterDueBeforeReminder: Int
    /// Fewest days a reminder must give the customer to pay.
    public var reminderPaymentDays: Int
    /// Whether the last reminder must warn of further costs (Denmark).
    public var lastReminderMustWarnOfCosts: Bool
    /// Highest fee for a collection demand (SE inkassokrav), nil where not set by this rule book.
    public var collectionDemandFeeCap: Money?
    /// Fewest days a collection demand must give the customer to pay, nil where not set.
    public var collectionDemandPaymentDays: Int?
    /// Highest fee for setting up an installment plan, nil where not set.
    public var planFeeCap: Money?
    /// Late interest above the reference rate, in basis points (800 = 8 percentage points).
    public var lateInterestMarginBasisPoints: Int
    /// Months between resets of the reference rate used for late interest.
    public var lateInterestResetMonths: Int
    /// Limits for plans and promises to pay.
    public var planPolicy: PlanPolicy
    /// Limits for phone contact and written messages.
    public var contactPolicy: ContactPolicy
    /// Longest pauses (dispute, hardship).
    public var pausePolicy: PausePolicy
    /// When an account of the card ledger enters collections (`docs/INTAKE.md`).
    public var entryRule: EntryRule

    /// Rules for `country`; the money amounts must be in the country's currency.
    public init(
        country: Country, reminderFeeCap: Money, reminderFeeRequiresPriorAgreement: Bool,
        maxReminders: Int, minDaysBetweenReminders: Int, minDaysAfterDueBeforeReminder: Int,
        reminderPaymentDays: Int, lastReminderMustWarnOfCosts: Bool,
        collectionDemandFeeCap: Money?, collectionDemandPaymentDays: Int?, planFeeCap: Money?,
        lateInterestMarginBasisPoints: Int, lateInterestResetMonths: Int,
        planPolicy: PlanPolicy, contactPolicy: ContactPolicy, pausePolicy: PausePolicy = .standard, entryRule: EntryRule
    ) {
        self.country = country
        self.reminderFeeCap = reminderFeeCap
        self.reminderFeeRequiresPriorAgreement = reminderFeeRequiresPriorAgreement
        self.maxReminders = maxReminders
        self.minDaysBetweenReminders = minDaysBetweenReminders
        self.minDaysAfterDueBeforeReminder = minDaysAfterDueBeforeReminder
        self.reminderPaymentDays = reminderPaymentDays
        self.lastReminderMustWarnOfCosts = lastReminderMustWarnOfCosts
        self.collectionDemandFeeCap = collectionDemandFeeCap
        self.collectionDemandPaymentDays = collectionDemandPaymentDays
        self.planFeeCap = planFeeCap
        self.lateInterestMarginBasisPoints = lateInterestMarginBasisPoints
        self.lateInterestResetMonths = lateInterestResetMonths
        self.planPolicy = planPolicy
        self.contactPolicy = contactPolicy
        self.pausePolicy = pausePolicy
        self.entryRule = entryRule
    }

    /// Every amount in these rules, for currency checks.
    var amounts: [Money] {
        [reminderFeeCap, planPolicy.minInstallment, entryRule.minimumOverdue] + [collectionDemandFeeCap, planFeeCap].compactMap { $0 }
    }
}
