import Testing
@testable import Domain

/// The country's entry rule (docs/INTAKE.md) and the intake's decisions, without a database.
@Suite struct EntryRuleTests {
    static let day = Day(year: 2026, month: 11, day: 30)!

    @Test func eachCountryHasItsRuleInItsCurrency() {
        for country in Country.allCases {
            let rule = RuleBook.standard.rules(for: country, on: Self.day).entryRule
            #expect(rule.minimumOverdue.currency == country.currency)
            #expect(rule.minimumDaysPastDue == 5)
        }
        #expect(RuleBook.standard.rules(for: .se, on: Self.day).entryRule.minimumOverdue.minorUnits == 10_000)
        #expect(RuleBook.standard.rules(for: .dk, on: Self.day).entryRule.minimumOverdue.minorUnits == 7_500)
    }

    /// At the amount and the day the rule admits; a minor unit less or a day fewer it does not.
    @Test func theRuleAdmitsAtItsEdges() {
        let rule = EntryRule(minimumOverdue: Money(minorUnits: 10_000, currency: .sek), minimumDaysPastDue: 5)
        let fiveDaysAgo = Self.day.adding(days: -5)
        #expect(rule.admits(overdue: Money(minorUnits: 10_000, currency: .sek), oldestUnpaidDue: fiveDaysAgo, on: Self.day))
        #expect(!rule.admits(overdue: Money(minorUnits: 9_999, currency: .sek), oldestUnpaidDue: fiveDaysAgo, on: Self.day))
        #expect(!rule.admits(overdue: Money(minorUnits: 10_000, currency: .sek), oldestUnpaidDue: Self.day.adding(days: -4), on: Self.day))
        #expect(!rule.admits(overdue: Money(minorUnits: 10_000, currency: .sek), oldestUnpaidDue: nil, on: Self.day))
        #expect(!rule.admits(overdue: Money(minorUnits: 10_000, currency: .nok), oldestUnpaidDue: fiveDaysAgo, on: Self.day))
    }

    /// The rule is dated data: a later entry of the rule book changes it from its day on.
    @Test func aLaterEntryChangesTheRuleFromItsDay() throws {
        var stricter = RuleBook.standard.rules(for: .se, on: Self.day)
        stricter.entryRule = EntryRule(minimumOverdue: Money(minorUnits: 50_000, currency: .sek), minimumDaysPastDue: 10)
        let from = Day(year: 2027, month: 1, day: 1)!
        let book = try RuleBook(entries: RuleBook.standard.entries(for: .se) + RuleBook.standard.entries(for: .no)
            + RuleBook.standard.entries(for: .dk) + [RuleBook.Entry(validFrom: from, rules: stricter)])
        #expect(book.rules(for: .se, on: Self.day).entryRule.minimumDaysPastDue == 5)
        #expect(book.rules(for: .se, on: from).entryRule.minimumDaysPastDue == 10)
    }

    @Test func decisionsAndTransitions() {
        #expect(IntakeDecision.decide(hasCase: false, anyEnters: true) == .openCase)
        #expect(IntakeDecision.decide(hasCase: false, anyEnters: false) == .stayOut)
        #expect(IntakeDecision.decide(hasCase: true, anyEnters: false) == .updateCase)
        #expect(IntakeTransition.between(.open, .closed) == .cured)
        #expect(IntakeTransition.between(.inPlan, .closed) == .cured)
        #expect(IntakeTransition.between(.closed, .open) == .reopened)
        #expect(IntakeTransition.between(.open, .open) == .updated)
        #expect(IntakeTransition.between(.closed, .closed) == .updated)
    }

    /// A state's own checks, each with its code and field.
    @Test func aLedgerStateIsCheckedFieldByField() {
        let sek = { (minor: Int64) in Money(minorUnits: minor, currency: .sek) }
        let good = LedgerAccountState(country: .se, nationalID: NationalID.makePersonnummer(birth: Day(year: 1980, month: 2, day: 3)!, serial: 123)!,
                                      fullName: "Anna Berg", language: "SV", phone: "+46701234567", email: "anna@example.se",
                                      addressLine: "Gata 1", postalCode: "111 11", city: "Stockholm", accountNumber: "4571-1",
                                      product: "Classic", balance: sek(100_000), overdue: sek(20_000), oldestUnpaidDue: Self.day.adding(days: -10),
                                      creditLimit: sek(500_000), directDebitMandate: true)
        #expect(good.problems(today: Self.day).isEmpty)
        func codes(_ change: (inout LedgerAccountState) -> Void) -> [String] {
            var state = good
            change(&state)
            return state.problems(today: Self.day).map { "\($0.code) \($0.field)" }
        }
        #expect(codes { $0.nationalID = "19801301-1234" } == ["INTAKE_NATIONAL_ID_INVALID national_id"])
        #expect(codes { $0.fullName = " " } == ["INTAKE_TEXT_REQUIRED full_name"])
        #expect(codes { $0.fullName = String(repeating: "a", count: 201) } == ["INTAKE_TEXT_TOO_LONG full_name"])
        #expect(codes { $0.city = "Sto\u{1B}[2J" } == ["INTAKE_TEXT_CONTROL_CHARACTER city"])
        #expect(codes { $0.language = "DE" } == ["INTAKE_LANGUAGE_UNKNOWN language"])
        #expect(codes { $0.phone = "070-123 45 67" } == ["INTAKE_PHONE_INVALID phone"])
        #expect(codes { $0.phone = "" }.isEmpty)
        #expect(codes { $0.email = "anna@" } == ["INTAKE_EMAIL_INVALID email"])
        #expect(codes { $0.accountNumber = "4571 1" } == ["INTAKE_ACCOUNT_NUMBER_INVALID account_number"])
        #expect(codes { $0.balance = Money(minorUnits: 100_000, currency: .nok) } == ["INTAKE_CURRENCY_MISMATCH balance"])
        #expect(codes { $0.creditLimit = sek(-1) } == ["INTAKE_AMOUNT_NEGATIVE credit_limit"])
        #expect(codes { $0.creditLimit = sek(MoneyLimits.maximum(.sek).minorUnits + 1) } == ["INTAKE_AMOUNT_OVER_LIMIT credit_limit"])
        #expect(codes { $0.overdue = sek(100_001) } == ["INTAKE_OVERDUE_OVER_BALANCE overdue"])
        #expect(codes { $0.oldestUnpaidDue = nil } == ["INTAKE_DUE_DATE_MISSING oldest_unpaid_due_date"])
        #expect(codes { $0.overdue = sek(0) } == ["INTAKE_DUE_DATE_UNEXPECTED oldest_unpaid_due_date"])
        #expect(codes { $0.oldestUnpaidDue = Self.day.adding(days: 1) } == ["INTAKE_DUE_DATE_IN_FUTURE oldest_unpaid_due_date"])
        #expect(codes { $0.oldestUnpaidDue = Self.day }.isEmpty, "due today and unpaid: overdue from today")
    }
}
