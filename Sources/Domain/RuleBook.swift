/// Every country's rules as data, each entry in force from its valid-from date until the next
/// entry of the same country. Figures change by adding an entry, not by changing code.
public struct RuleBook: Sendable, Hashable {
    /// Rules in force from `validFrom` (inclusive).
    public struct Entry: Sendable, Hashable {
        /// First day the rules apply.
        public var validFrom: Day
        /// The rules; their `country` says which country the entry is for.
        public var rules: CountryRules

        /// An entry.
        public init(validFrom: Day, rules: CountryRules) {
            self.validFrom = validFrom
            self.rules = rules
        }
    }

    /// Entries per country, sorted by `validFrom`.
    private let entriesByCountry: [Country: [Entry]]

    /// A rule book. Refused (`RULEBOOK_INVALID`) when a country has no entry, two entries of a
    /// country share a valid-from date, or an amount is not in its country's currency.
    public init(entries: [Entry]) throws(DomainError) {
        var byCountry: [Country: [Entry]] = [:]
        for entry in entries {
            let country = entry.rules.country
            guard entry.rules.amounts.allSatisfy({ $0.currency == country.currency }) else {
                throw DomainError(code: DomainError.Code.ruleBookInvalid, fieldPath: "rules.\(country)",
                                  message: "amounts for \(country) from \(entry.validFrom) must be in \(country.currency)")
            }
            byCountry[country, default: []].append(entry)
        }
        for country in Country.allCases {
            guard var list = byCountry[country], !list.isEmpty else {
                throw DomainError(code: DomainError.Code.ruleBookInvalid, fieldPath: "rules.\(country)",
                                  message: "the rule book has no entry for \(country); expected one per country")
            }
            list.sort { $0.validFrom < $1.validFrom }
            for (earlier, later) in zip(list, list.dropFirst()) where earlier.validFrom == later.validFrom {
                throw DomainError(code: DomainError.Code.ruleBookInvalid, fieldPath: "rules.\(country)",
                                  message: "two entries for \(country) are valid from \(later.validFrom); expected one")
            }
            byCountry[country] = list
        }
        entriesByCountry = byCountry
    }

    /// The rules of `country` in force on `day`: the entry with the latest valid-from date on or
    /// before `day`. For a day before every entry, the earliest entry (the oldest figures known).
    public func rules(for country: Country, on day: Day) -> CountryRules {
        let list = entriesByCountry[country]!  // init guarantees an entry per country
        var chosen = list[0]
        for entry in list where entry.validFrom <= day { chosen = entry }
        return chosen.rules
    }

    /// All entries of `country`, oldest first.
    public func entries(for country: Country) -> [Entry] { entriesByCountry[country] ?? [] }
}
