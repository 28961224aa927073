/// The largest amount Collect accepts in one money field, per currency: every amount that
/// arrives from outside (a payment, a plan's total, an installment) is checked against it before
/// any arithmetic, so sums of accepted amounts stay far inside `Int64` (a sum of 900 million
/// amounts at the limit still fits) and no input can make a calculation overflow.
///
/// The figures are data, not law: 100 000 000.00 in each currency is far beyond any card debt
/// and any single payment a collections department sees.
public enum MoneyLimits {
    /// Largest accepted magnitude, in minor units, per currency.
    public static let maximumMinorUnits: [Currency: Int64] = [
        .sek: 100_000_000_00,
        .nok: 100_000_000_00,
        .dkk: 100_000_000_00,
    ]

    /// The largest accepted amount in `currency`.
    public static func maximum(_ currency: Currency) -> Money {
        Money(minorUnits: maximumMinorUnits[currency] ?? 0, currency: currency)
    }

    /// True when `amount` is within ±`maximum(amount.currency)`.
    public static func isWithin(_ amount: Money) -> Bool {
        let limit = maximum(amount.currency).minorUnits
        return amount.minorUnits <= limit && amount.minorUnits >= -limit
    }

    /// `amount` when it is within the limit; else `AMOUNT_OVER_LIMIT` naming `fieldPath`.
    public static func checked(_ amount: Money, fieldPath: String) throws(DomainError) -> Money {
        guard isWithin(amount) else {
            throw DomainError(code: DomainError.Code.amountOverLimit, fieldPath: fieldPath,
                              message: "amounts are at most \(maximum(amount.currency).formatted(style: .nordic)) \(amount.currency) either way")
        }
        return amount
    }
}

extension Money {
    /// The sum of stored amounts for display, clamped to the `Int64` range instead of trapping.
    /// Amounts are bounded by `MoneyLimits` when they enter, so the clamp is never reached by data
    /// written through Collect; it only keeps a hand-edited row from stopping the server.
    public static func clampedSum(_ minorUnits: some Sequence<Int64>) -> Int64 {
        var total: Int64 = 0
        for value in minorUnits {
            let (sum, overflow) = total.addingReportingOverflow(value)
            total = overflow ? (value > 0 ? .max : .min) : sum
        }
        return total
    }
}
