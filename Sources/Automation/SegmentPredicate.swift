import Domain

/// Conditions over a case's facts as of a day; a case matches when every condition given holds
/// (a missing condition matches anything). Used for segments and for a step's `if`.
public struct SegmentPredicate: Sendable, Hashable {
    /// The case's country is one of these.
    public var countries: Set<Country>?
    /// Days past due as of the day, within these bounds.
    public var daysPastDue: IntBounds?
    /// The delinquency bucket (of `BucketScheme.standard`) is one of these labels.
    public var buckets: Set<String>?
    /// The overdue amount in minor units, bounds per currency; a case whose currency has no
    /// bounds here does not match (the validator requires every currency in scope).
    public var overdue: [Currency: IntBounds]?
    /// The balance in minor units, bounds per currency (as `overdue`).
    public var balance: [Currency: IntBounds]?
    /// A phone number is (true) or is not (false) on file.
    public var hasPhone: Bool?
    /// An e-mail address is or is not on file.
    public var hasEmail: Bool?
    /// A direct-debit mandate (autogiro, AvtaleGiro, Betalingsservice) is or is not active.
    public var directDebit: Bool?
    /// The customer's language is one of these (upper-case codes: SV, NB, DA, EN).
    public var languages: Set<String>?
    /// The count of earlier broken promises, within these bounds.
    public var brokenPromises: IntBounds?
    /// Flags that must be in force (true) or not in force (false) on the day.
    public var flags: [CaseFlagKind: Bool]
    /// Days since the last outbound contact, within these bounds; a case never contacted counts
    /// as infinitely long ago (it meets any `min` and no `max`).
    public var daysSinceLastContact: IntBounds?

    /// A predicate; with no arguments it matches every case.
    public init(countries: Set<Country>? = nil, daysPastDue: IntBounds? = nil, buckets: Set<String>? = nil,
                overdue: [Currency: IntBounds]? = nil, balance: [Currency: IntBounds]? = nil,
                hasPhone: Bool? = nil, hasEmail: Bool? = nil, directDebit: Bool? = nil,
                languages: Set<String>? = nil, brokenPromises: IntBounds? = nil,
                flags: [CaseFlagKind: Bool] = [:], daysSinceLastContact: IntBounds? = nil) {
        self.countries = countries
        self.daysPastDue = daysPastDue
        self.buckets = buckets
        self.overdue = overdue
        self.balance = balance
        self.hasPhone = hasPhone
        self.hasEmail = hasEmail
        self.directDebit = directDebit
        self.languages = languages
        self.brokenPromises = brokenPromises
        self.flags = flags
        self.daysSinceLastContact = daysSinceLastContact
    }

    /// Whether the case, as seen on its day, meets every condition.
    func matches(_ view: CaseView) -> Bool {
        let facts = view.facts
        if let countries, !countries.contains(facts.country) { return false }
        if let daysPastDue, !daysPastDue.contains(Int64(view.daysPastDue)) { return false }
        if let buckets, !buckets.contains(view.bucket) { return false }
        if let overdue, !(overdue[facts.overdue.currency]?.contains(facts.overdue.minorUnits) ?? false) { return false }
        if let balance, !(balance[facts.balance.currency]?.contains(facts.balance.minorUnits) ?? false) { return false }
        if let hasPhone, hasPhone != facts.hasPhone { return false }
        if let hasEmail, hasEmail != facts.hasEmail { return false }
        if let directDebit, directDebit != facts.directDebitMandate { return false }
        if let languages, !languages.contains(facts.language) { return false }
        if let brokenPromises, !brokenPromises.contains(Int64(facts.brokenPromises)) { return false }
        for (kind, required) in flags where facts.flags.has(kind, on: view.day) != required { return false }
        if let daysSinceLastContact, !daysSinceLastContact.contains(view.daysSinceLastContact) { return false }
        return true
    }
}
