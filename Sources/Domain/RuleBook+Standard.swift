extension RuleBook {
    /// Valid-from date of the standard entries: the figures as found when Collect was built.
    /// Earlier days get the same figures (see `rules(for:on:)`).
    public static let standardValidFrom = Day(year: 2024, month: 1, day: 1)!

    /// The department's rule book: the statutory figures from the mission (see `docs/DOMAIN.md`)
    /// and the department's own plan and contact policy.
    public static let standard: RuleBook = {
        do {
            return try RuleBook(entries: [
                Entry(validFrom: standardValidFrom, rules: sweden),
                Entry(validFrom: standardValidFrom, rules: norway),
                Entry(validFrom: standardValidFrom, rules: denmark),
            ])
        } catch {
            preconditionFailure("the standard rule book is invalid: \(error)")
        }
    }()

    private static func money(_ major: Int64, _ currency: Currency) -> Money {
        Money(minorUnits: major * currency.minorUnitsPerMajor, currency: currency)
    }

    private static func hours(_ from: Int, _ to: Int) -> Range<Int> { (from * 60)..<(to * 60) }

    /// Sweden: inkassolagen / lagen om ersättning för inkassokostnader and räntelagen.
    static let sweden = CountryRules(
        country: .se,
        reminderFeeCap: money(60, .sek), reminderFeeRequiresPriorAgreement: true,
        maxReminders: 1, minDaysBetweenReminders: 14, minDaysAfterDueBeforeReminder: 7,
        reminderPaymentDays: 10, lastReminderMustWarnOfCosts: false,
        collectionDemandFeeCap: money(180, .sek), collectionDemandPaymentDays: 8,
        planFeeCap: money(170, .sek),
        lateInterestMarginBasisPoints: 800, lateInterestResetMonths: 6,
        planPolicy: PlanPolicy(maxInstallments: 24, maxDurationMonths: 24, minInstallment: money(200, .sek),
                               firstDueWithinDays: 30, graceBankingDays: 3),
        contactPolicy: ContactPolicy(weekdayWindow: hours(8, 20), saturdayWindow: nil, sundayWindow: nil,
                                     callsOnHolidays: false, maxCallsPerDay: 1, maxCallsPerWeek: 5, maxCallsPerMonth: 15),
        // docs/INTAKE.md, "The entry rule": a payment in transit over a weekend and a bank day has
        // arrived by day 5; below 100 kr a contact costs more than it brings in.
        entryRule: EntryRule(minimumOverdue: money(100, .sek), minimumDaysPastDue: 5)
    )

    /// Norway: inkassoloven / inkassoforskriften, forsinkelsesrenteloven and the rules for phone contact.
    static let norway = CountryRules(
        country: .no,
        reminderFeeCap: money(35, .nok), reminderFeeRequiresPriorAgreement: false,
        maxReminders: 2, minDaysBetweenReminders: 14, minDaysAfterDueBeforeReminder: 14,
        reminderPaymentDays: 14, lastReminderMustWarnOfCosts: false,
        collectionDemandFeeCap: nil, collectionDemandPaymentDays: nil, planFeeCap: nil,
        lateInterestMarginBasisPoints: 800, lateInterestResetMonths: 6,
        planPolicy: PlanPolicy(maxInstallments: 24, maxDurationMonths: 24, minInstallment: money(200, .nok),
                               firstDueWithinDays: 30, graceBankingDays: 3),
        contactPolicy: ContactPolicy(weekdayWindow: hours(8, 21), saturdayWindow: hours(8, 15), sundayWindow: nil,
                                     callsOnHolidays: false, maxCallsPerDay: 1, maxCallsPerWeek: 5, maxCallsPerMonth: 15),
        entryRule: EntryRule(minimumOverdue: money(100, .nok), minimumDaysPastDue: 5)
    )

    /// Denmark: renteloven §9b (rykkergebyr) and §5 (morarente).
    static let denmark = CountryRules(
        country: .dk,
        reminderFeeCap: money(100, .dkk), reminderFeeRequiresPriorAgreement: false,
        maxReminders: 3, minDaysBetweenReminders: 10, minDaysAfterDueBeforeReminder: 10,
        reminderPaymentDays: 10, lastReminderMustWarnOfCosts: true,
        collectionDemandFeeCap: nil, collectionDemandPaymentDays: nil, planFeeCap: nil,
        lateInterestMarginBasisPoints: 800, lateInterestResetMonths: 6,
        planPolicy: PlanPolicy(maxInstallments: 24, maxDurationMonths: 24, minInstallment: money(150, .dkk),
                               firstDueWithinDays: 30, graceBankingDays: 3),
        contactPolicy: ContactPolicy(weekdayWindow: hours(8, 20), saturdayWindow: hours(10, 14), sundayWindow: nil,
                                     callsOnHolidays: false, maxCallsPerDay: 1, maxCallsPerWeek: 5, maxCallsPerMonth: 15),
        // 75 DKK is about the value of 100 SEK or NOK; Betalingsservice pays on the first bank
        // day of the month, so day 5 also covers a collection that lands over a weekend.
        entryRule: EntryRule(minimumOverdue: money(75, .dkk), minimumDaysPastDue: 5)
    )
}
