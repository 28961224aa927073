import Testing
@testable import Automation
import Domain

/// Each condition of a predicate, read from a file, matches exactly the cases it says.
@Suite struct SegmentPredicateTests {
    let monday = day("2026-12-07")

    /// The predicate of `when` in a one-segment Swedish and Norwegian strategy.
    func predicate(_ when: String) throws -> SegmentPredicate {
        let text = """
        strategy: p
        version: "1"
        countries: [SE, NO]
        segments:
          - name: s
            when: \(when)
            treatment: [{day: 0, action: wait}]
        """
        return try StrategyFile.load(text, file: "p.yaml", asOf: monday).segments[0].predicate
    }

    func matches(_ when: String, _ facts: CaseFacts) throws -> Bool {
        try predicate(when).matches(CaseView(facts, on: monday, buckets: .standard))
    }

    @Test func dpdAndBuckets() throws {
        #expect(try matches("{dpd: {min: 30, max: 59}}", facts("C", dpd: 30, asOf: monday)))
        #expect(try matches("{dpd: {min: 30, max: 59}}", facts("C", dpd: 59, asOf: monday)))
        #expect(try !matches("{dpd: {min: 30, max: 59}}", facts("C", dpd: 29, asOf: monday)))
        #expect(try !matches("{dpd: {min: 30, max: 59}}", facts("C", dpd: 60, asOf: monday)))
        #expect(try matches("{buckets: [\"60-89\", \"90+\"]}", facts("C", dpd: 60, asOf: monday)))
        #expect(try !matches("{buckets: [\"60-89\", \"90+\"]}", facts("C", dpd: 59, asOf: monday)))
        #expect(try matches("{buckets: [current]}", facts("C", dpd: 0, asOf: monday)))
    }

    @Test func amountsPerCurrencyInMinorUnits() throws {
        let when = "{overdue: {SEK: {min: \"1 500,00\"}, NOK: {max: \"100\"}}, balance: {SEK: {max: \"10 000\"}, NOK: {}}}"
        var swedish = facts("C", dpd: 5, asOf: monday)   // overdue 1 500.00 SEK, balance 10 000.00 SEK
        #expect(try matches(when, swedish))
        swedish.overdue = Money(minorUnits: 149_999, currency: .sek)
        #expect(try !matches(when, swedish))
        swedish.overdue = Money(minorUnits: 150_000, currency: .sek)
        swedish.balance = Money(minorUnits: 1_000_001, currency: .sek)
        #expect(try !matches(when, swedish))
        var norwegian = facts("C", .no, dpd: 5, asOf: monday)  // overdue 1 500.00 NOK: above NOK's max
        #expect(try !matches(when, norwegian))
        norwegian.overdue = Money(minorUnits: 10_000, currency: .nok)
        #expect(try matches(when, norwegian))
    }

    @Test func contactDetailsMandateAndLanguage() throws {
        #expect(try matches("{has_phone: false}", facts("C", dpd: 5, asOf: monday, phone: false)))
        #expect(try !matches("{has_phone: false}", facts("C", dpd: 5, asOf: monday)))
        #expect(try matches("{has_email: false}", facts("C", dpd: 5, asOf: monday, email: false)))
        #expect(try !matches("{has_email: true}", facts("C", dpd: 5, asOf: monday, email: false)))
        #expect(try matches("{direct_debit: true}", facts("C", dpd: 5, asOf: monday, mandate: true)))
        #expect(try !matches("{direct_debit: true}", facts("C", dpd: 5, asOf: monday)))
        var english = facts("C", dpd: 5, asOf: monday)
        english.language = "EN"
        #expect(try matches("{languages: [EN]}", english))
        #expect(try !matches("{languages: [EN]}", facts("C", dpd: 5, asOf: monday)))
        #expect(try matches("{countries: [NO]}", facts("C", .no, dpd: 5, asOf: monday)))
        #expect(try !matches("{countries: [NO]}", facts("C", dpd: 5, asOf: monday)))
    }

    @Test func brokenPromisesAndFlagsOnTheDay() throws {
        var facts = facts("C", dpd: 5, asOf: monday)
        facts.brokenPromises = 2
        #expect(try matches("{broken_promises: {min: 2}}", facts))
        #expect(try !matches("{broken_promises: {max: 1}}", facts))
        facts.flags = CaseFlags([CaseFlag(.callOptOut, until: monday.adding(days: -1))])  // lifted yesterday
        #expect(try matches("{flags: {CALL_OPT_OUT: false}}", facts))
        facts.flags = CaseFlags([CaseFlag(.callOptOut, until: monday)])
        #expect(try matches("{flags: {CALL_OPT_OUT: true}}", facts))
        #expect(try !matches("{flags: {CALL_OPT_OUT: true, VULNERABLE: true}}", facts))
    }

    @Test func anEmptyPredicateMatchesEveryCase() throws {
        #expect(try matches("{}", facts("C", dpd: 0, asOf: monday)))
        #expect(try matches("{}", facts("C", .no, dpd: 400, asOf: monday, mandate: true, phone: false, email: false)))
    }
}
