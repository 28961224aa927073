import Testing
@testable import Domain

@Suite("Rule book")
struct RuleBookTests {
    let today = day("2026-03-02")

    @Test func standardFiguresFromTheMission() {
        let se = RuleBook.standard.rules(for: .se, on: today)
        #expect(se.reminderFeeCap == sek(6000))
        #expect(se.reminderFeeRequiresPriorAgreement)
        #expect(se.collectionDemandFeeCap == sek(18_000))
        #expect(se.collectionDemandPaymentDays == 8)
        #expect(se.planFeeCap == sek(17_000))
        #expect(se.lateInterestMarginBasisPoints == 800 && se.lateInterestResetMonths == 6)

        let no = RuleBook.standard.rules(for: .no, on: today)
        #expect(no.reminderFeeCap == nok(3500) && no.maxReminders == 2)
        #expect(no.minDaysAfterDueBeforeReminder == 14 && no.reminderPaymentDays == 14)
        let calls = no.contactPolicy
        #expect(calls.maxCallsPerDay == 1 && calls.maxCallsPerWeek == 5 && calls.maxCallsPerMonth == 15)
        #expect(calls.weekdayWindow == 480..<1260 && calls.saturdayWindow == 480..<900 && calls.sundayWindow == nil)
        #expect(!calls.callsOnHolidays)

        let dk = RuleBook.standard.rules(for: .dk, on: today)
        #expect(dk.reminderFeeCap == dkk(10_000) && dk.maxReminders == 3 && dk.minDaysBetweenReminders == 10)
        #expect(dk.lastReminderMustWarnOfCosts)
    }

    @Test func everyCountrysAmountsAreInItsCurrency() {
        for country in Country.allCases {
            let rules = RuleBook.standard.rules(for: country, on: today)
            #expect(rules.country == country)
            #expect(rules.amounts.allSatisfy { $0.currency == country.currency })
        }
    }

    @Test func choosesTheEntryInForceOnTheDay() throws {
        var raised = RuleBook.standard.rules(for: .no, on: today)
        raised.reminderFeeCap = nok(3700)
        let book = try RuleBook(entries: Country.allCases.map {
            RuleBook.Entry(validFrom: day("2024-01-01"), rules: RuleBook.standard.rules(for: $0, on: today))
        } + [RuleBook.Entry(validFrom: day("2027-01-01"), rules: raised)])

        #expect(book.rules(for: .no, on: day("2026-12-31")).reminderFeeCap == nok(3500))
        #expect(book.rules(for: .no, on: day("2027-01-01")).reminderFeeCap == nok(3700))
        #expect(book.rules(for: .no, on: day("2030-06-01")).reminderFeeCap == nok(3700))
        // Before the first entry: the oldest figures known.
        #expect(book.rules(for: .no, on: day("2010-01-01")).reminderFeeCap == nok(3500))
        #expect(book.rules(for: .se, on: day("2027-06-01")).reminderFeeCap == sek(6000))
    }

    @Test func refusesAnIncompleteOrInconsistentBook() {
        let se = RuleBook.standard.rules(for: .se, on: today)
        let missing = domainError { try RuleBook(entries: [RuleBook.Entry(validFrom: today, rules: se)]) }
        #expect(missing?.code == "RULEBOOK_INVALID")
        #expect(missing?.message.contains("no entry for NO") == true)

        let all = Country.allCases.map { RuleBook.Entry(validFrom: today, rules: RuleBook.standard.rules(for: $0, on: today)) }
        #expect(domainError { try RuleBook(entries: all + [all[0]]) }?.code == "RULEBOOK_INVALID")

        var wrongCurrency = se
        wrongCurrency.reminderFeeCap = nok(6000)
        #expect(domainError { try RuleBook(entries: all + [RuleBook.Entry(validFrom: day("2027-01-01"), rules: wrongCurrency)]) }?.code == "RULEBOOK_INVALID")
    }

    @Test func countriesKnowCurrencyAndZone() {
        #expect(Country.se.currency == .sek && Country.no.currency == .nok && Country.dk.currency == .dkk)
        #expect(Country.allCases.map(\.timeZoneIdentifier) == ["Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen"])
    }
}
