import Testing
@testable import Domain

/// The largest amount accepted per field (issue 12, defect 1).
@Suite("Money limits")
struct MoneyLimitsTests {
    @Test func everyCurrencyHasALimitFarInsideInt64() {
        for currency in Currency.allCases {
            let limit = MoneyLimits.maximum(currency).minorUnits
            #expect(limit > 0)
            // 900 million amounts at the limit still sum without overflow.
            #expect(limit.multipliedReportingOverflow(by: 900_000_000).overflow == false)
        }
    }

    @Test func refusesBeyondTheLimitEitherWay() {
        let limit = MoneyLimits.maximum(.sek).minorUnits
        for value: Int64 in [0, 1, -1, limit, -limit] {
            #expect(domainError { try MoneyLimits.checked(sek(value), fieldPath: "amount") } == nil, "\(value)")
        }
        for value: Int64 in [limit + 1, -limit - 1, .max, .min] {
            let error = domainError { try MoneyLimits.checked(sek(value), fieldPath: "amount") }
            #expect(error?.code == "AMOUNT_OVER_LIMIT", "\(value)")
            #expect(error?.fieldPath == "amount")
        }
    }

    @Test func clampedSumNeverTraps() {
        #expect(Money.clampedSum([1, 2, 3]) == 6)
        #expect(Money.clampedSum([.max, 1]) == .max)
        #expect(Money.clampedSum([.min, -1]) == .min)
        #expect(Money.clampedSum([Int64]()) == 0)
    }
}
