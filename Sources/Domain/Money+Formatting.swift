extension Money {
    /// How `formatted(style:)` writes an amount.
    public enum FormatStyle: Sendable, Hashable {
        /// `1234.50`, `-0.05`: digits, `.` before the two decimals, no grouping. For scripts and files;
        /// `Money.parse` reads it back.
        case plain
        /// `1 234,50` with U+202F NARROW NO-BREAK SPACE between groups of three and `,` before the
        /// decimals, as Swedish, Norwegian and Danish readers expect (Danish print often uses `.`
        /// for grouping; we do not, because `1.234` is ambiguous). `Money.parse` reads it back.
        case nordic
    }

    /// The thousands separator of `.nordic`: U+202F NARROW NO-BREAK SPACE (never breaks a line).
    public static let nordicGroupSeparator: Unicode.Scalar = "\u{202F}"

    /// The amount as decimal text without the currency code, exact (integer arithmetic only).
    public func formatted(style: FormatStyle) -> String {
        let perMajor = UInt64(currency.minorUnitsPerMajor)
        let magnitude = minorUnits.magnitude  // UInt64 holds |Int64.min| too
        let major = magnitude / perMajor
        let minor = magnitude % perMajor

        var majorText = String(major)
        if style == .nordic, majorText.count > 3 {
            majorText = Money.grouped(majorText, separator: Character(Money.nordicGroupSeparator))
        }
        var minorText = String(minor)
        while minorText.count < currency.minorUnitDigits { minorText = "0" + minorText }

        let sign = minorUnits < 0 ? "-" : ""
        let decimalSeparator = style == .plain ? "." : ","
        return sign + majorText + decimalSeparator + minorText
    }

    /// `digits` with `separator` between groups of three, counted from the right.
    static func grouped(_ digits: String, separator: Character) -> String {
        var result = ""
        result.reserveCapacity(digits.count + digits.count / 3 * 3)
        let count = digits.count
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (count - offset) % 3 == 0 { result.append(separator) }
            result.append(digit)
        }
        return result
    }
}
