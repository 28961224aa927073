/// The `grpc-timeout` header: 1 to 8 ASCII digits followed by a unit (`H`, `M`, `S`, `m`, `u`, `n`).
public enum GRPCTimeout {
    /// Parses a `grpc-timeout` value into nanoseconds; nil when it is malformed.
    /// Values past `Int64.max` nanoseconds saturate.
    public static func parseNanoseconds(_ value: String) -> Int64? {
        let utf8 = Array(value.utf8)
        guard utf8.count >= 2, utf8.count <= 9 else { return nil }
        var amount: Int64 = 0
        for digit in utf8.dropLast() {
            guard digit >= 0x30, digit <= 0x39 else { return nil }
            amount = amount * 10 + Int64(digit - 0x30)
        }
        let multiplier: Int64
        switch utf8.last! {
        case UInt8(ascii: "H"): multiplier = 3_600_000_000_000
        case UInt8(ascii: "M"): multiplier = 60_000_000_000
        case UInt8(ascii: "S"): multiplier = 1_000_000_000
        case UInt8(ascii: "m"): multiplier = 1_000_000
        case UInt8(ascii: "u"): multiplier = 1_000
        case UInt8(ascii: "n"): multiplier = 1
        default: return nil
        }
        let (product, overflow) = amount.multipliedReportingOverflow(by: multiplier)
        return overflow ? Int64.max : product
    }

    /// Formats a timeout for the header, choosing the finest unit that fits in 8 digits.
    public static func format(nanoseconds: Int64) -> String {
        let value = max(nanoseconds, 0)
        let units: [(Int64, Character)] = [(1, "n"), (1_000, "u"), (1_000_000, "m"), (1_000_000_000, "S"), (60_000_000_000, "M"), (3_600_000_000_000, "H")]
        for (divisor, unit) in units {
            // Round up so a deadline is never shortened by formatting.
            let amount = (value + divisor - 1) / divisor
            if amount <= 99_999_999 { return "\(amount)\(unit)" }
        }
        return "99999999H"
    }
}
