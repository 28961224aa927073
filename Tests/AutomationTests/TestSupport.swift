import Foundation
import Testing
@testable import Automation
import Domain

/// A day from `YYYY-MM-DD`; a typo in a test is a test bug.
func day(_ text: String) -> Day {
    guard let value = Day(iso8601: text) else { preconditionFailure("bad test date \(text)") }
    return value
}

/// The day strategies are validated as of in these tests.
let validationDay = day("2026-12-01")

/// The text of a fixture under `Tests/AutomationTests/Fixtures`.
func fixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
    return try String(contentsOf: url, encoding: .utf8)
}

/// A fixture loaded as a strategy.
func loadFixture(_ name: String) throws -> Strategy {
    try StrategyFile.load(try fixture(name), file: name, asOf: validationDay)
}

/// The issues `text` is refused with; empty when it is accepted.
func issues(_ text: String, rules: RuleBook = .standard) -> [StrategyIssue] {
    do {
        _ = try StrategyFile.load(text, file: "test.yaml", rules: rules, asOf: validationDay)
        return []
    } catch {
        return error.issues
    }
}

/// Money in the currency of `country`, from minor units.
func money(_ minorUnits: Int64, _ country: Country) -> Money { Money(minorUnits: minorUnits, currency: country.currency) }

/// Facts of an ordinary overdue case: `dpd` days past due on `asOf`, phone and e-mail on file.
func facts(_ id: String, _ country: Country = .se, dpd: Int, asOf: Day, mandate: Bool = false, phone: Bool = true,
           email: Bool = true) -> CaseFacts {
    CaseFacts(caseID: id, country: country, oldestUnpaidDue: dpd > 0 ? asOf.adding(days: -dpd) : nil,
              overdue: money(150_000, country), balance: money(1_000_000, country), hasPhone: phone, hasEmail: email,
              directDebitMandate: mandate, language: ["SE": "SV", "NO": "NB", "DK": "DA"][country.rawValue]!)
}
