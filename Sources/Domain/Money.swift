/// An exact amount of money: a signed count of minor units (öre / øre) in one currency.
///
/// Arithmetic never overflows silently and never mixes currencies: both are refused with a
/// `DomainError`. There is no floating point anywhere in this type, its parsing or its formatting.
public struct Money: Sendable, Hashable, CustomStringConvertible {
    /// Signed amount in minor units (1 SEK = 100 öre).
    public let minorUnits: Int64
    /// The currency of the amount.
    public let currency: Currency

    /// An amount of `minorUnits` öre / øre in `currency`.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// An amount of whole major units (kronor / kroner); refuses overflow.
    public static func major(_ units: Int64, _ currency: Currency) throws(DomainError) -> Money {
        let (value, overflow) = units.multipliedReportingOverflow(by: currency.minorUnitsPerMajor)
        guard !overflow else { throw overflowError("\(units) \(currency)") }
        return Money(minorUnits: value, currency: currency)
    }

    /// Zero in `currency`.
    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    /// True when the amount is exactly zero.
    public var isZero: Bool { minorUnits == 0 }
    /// True when the amount is above zero.
    public var isPositive: Bool { minorUnits > 0 }
    /// True when the amount is below zero.
    public var isNegative: Bool { minorUnits < 0 }

    /// `self + other`; refuses other currencies and overflow.
    public func adding(_ other: Money) throws(DomainError) -> Money {
        try requireSameCurrency(other)
        let (value, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw Money.overflowError("\(self) + \(other)") }
        return Money(minorUnits: value, currency: currency)
    }

    /// `self - other`; refuses other currencies and overflow.
    public func subtracting(_ other: Money) throws(DomainError) -> Money {
        try requireSameCurrency(other)
        let (value, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw Money.overflowError("\(self) - \(other)") }
        return Money(minorUnits: value, currency: currency)
    }

    /// `self × factor`; refuses overflow.
    public func multiplied(by factor: Int64) throws(DomainError) -> Money {
        let (value, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw Money.overflowError("\(self) × \(factor)") }
        return Money(minorUnits: value, currency: currency)
    }

    /// `-self`; refuses the one value whose negation overflows.
    public func negated() throws(DomainError) -> Money {
        guard minorUnits != .min else { throw Money.overflowError("-(\(self))") }
        return Money(minorUnits: -minorUnits, currency: currency)
    }

    /// The sum of `amounts`, all in `currency`; zero for an empty list.
    public static func sum(_ amounts: some Sequence<Money>, currency: Currency) throws(DomainError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    // MARK: Comparison (same currency only)

    /// Orders two amounts of the same currency: negative, zero or positive like `a - b`.
    public func compare(to other: Money) throws(DomainError) -> Int {
        try requireSameCurrency(other)
        return minorUnits < other.minorUnits ? -1 : (minorUnits == other.minorUnits ? 0 : 1)
    }

    /// `self < other`; refuses other currencies.
    public func isLess(than other: Money) throws(DomainError) -> Bool { try compare(to: other) < 0 }

    /// `self > other`; refuses other currencies.
    public func isGreater(than other: Money) throws(DomainError) -> Bool { try compare(to: other) > 0 }

    /// The smaller of two amounts of the same currency.
    public static func min(_ a: Money, _ b: Money) throws(DomainError) -> Money {
        try a.isGreater(than: b) ? b : a
    }

    /// The larger of two amounts of the same currency.
    public static func max(_ a: Money, _ b: Money) throws(DomainError) -> Money {
        try a.isLess(than: b) ? b : a
    }

    /// `1234.50 SEK`: plain formatting and the currency code.
    public var description: String { "\(formatted(style: .plain)) \(currency.rawValue)" }

    // MARK: Errors

    func requireSameCurrency(_ other: Money) throws(DomainError) {
        guard currency == other.currency else {
            throw DomainError(
                code: DomainError.Code.currencyMismatch,
                message: "cannot combine \(currency.rawValue) with \(other.currency.rawValue); expected amounts in one currency"
            )
        }
    }

    static func overflowError(_ expression: String) -> DomainError {
        DomainError(
            code: DomainError.Code.moneyOverflow,
            message: "\(expression) is outside the representable range of ±\(Int64.max) minor units"
        )
    }
}
