extension Money {
    /// Longest text `parse` looks at; anything longer is refused before any work is done.
    public static let parseInputLengthMax = 64

    /// What `parse` accepts, quoted in every refusal so the user knows what to type instead.
    public static let acceptedFormsText =
        "expected digits with at most 2 decimals after '.' or ',' and optional spaces between groups "
        + "of three digits, e.g. 1234.50, 1234,50 or 1 234,50"

    /// Parses a decimal amount strictly, without floating point.
    ///
    /// Accepted: `1234`, `1234.5`, `1234.50`, `1234,50`, `1 234,50`, `1 234 567.05` — at most two
    /// decimals after a single `.` or `,`; thousands may be separated only by a space (U+0020,
    /// U+00A0 or U+202F) in correct groups of three; surrounding whitespace is ignored; a leading
    /// `-` only when `allowNegative` is true.
    ///
    /// Refused, each with its code: empty text (`AMOUNT_EMPTY`); letters, signs other than a leading
    /// `-`, or a separator with no digits after it (`AMOUNT_INVALID`); `1,234.50`, `1.234.567` and a
    /// single separator followed by exactly three digits such as `1.234` or `12,345`, which could be
    /// thousands or decimals (`AMOUNT_AMBIGUOUS`); more than two decimals (`AMOUNT_TOO_PRECISE`);
    /// spaces not between groups of three (`AMOUNT_BAD_GROUPING`); `-5` without `allowNegative`
    /// (`AMOUNT_NEGATIVE`); values beyond ±`Int64.max` minor units (`AMOUNT_TOO_LARGE`).
    public static func parse(
        _ text: String, currency: Currency, allowNegative: Bool = false, fieldPath: String = "amount"
    ) throws(DomainError) -> Money {
        func refuse(_ code: String, _ problem: String) -> DomainError {
            DomainError(code: code, fieldPath: fieldPath, message: "\(problem); \(acceptedFormsText)")
        }
        guard text.unicodeScalars.count <= parseInputLengthMax else {
            throw refuse(DomainError.Code.amountInvalid, "amount is longer than \(parseInputLengthMax) characters")
        }
        var scalars = Array(text.unicodeScalars)
        while let first = scalars.first, isSurroundingSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSurroundingSpace(last) { scalars.removeLast() }
        guard !scalars.isEmpty else { throw refuse(DomainError.Code.amountEmpty, "amount is empty") }

        var negative = false
        if scalars[0] == "-" {
            negative = true
            scalars.removeFirst()
        }
        // Classify every character before interpreting any of them.
        var decimalMarks: [Int] = []
        var hasDot = false, hasComma = false, hasGroupSpace = false
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "0"..."9": continue
            case ".": hasDot = true; decimalMarks.append(index)
            case ",": hasComma = true; decimalMarks.append(index)
            case " ", "\u{00A0}", "\u{202F}": hasGroupSpace = true
            default:
                throw refuse(DomainError.Code.amountInvalid, "'\(String(scalar))' is not allowed in an amount")
            }
        }
        if hasDot && hasComma {
            throw refuse(DomainError.Code.amountAmbiguous,
                         "amount mixes '.' and ','; it is unclear which one separates the decimals")
        }
        if decimalMarks.count > 1 {
            throw refuse(DomainError.Code.amountAmbiguous,
                         "amount has more than one '\(String(scalars[decimalMarks[0]]))'; group thousands with spaces")
        }

        let integerPart = decimalMarks.first.map { Array(scalars[..<$0]) } ?? scalars
        let fractionPart = decimalMarks.first.map { Array(scalars[($0 + 1)...]) } ?? []
        if decimalMarks.first != nil {
            guard fractionPart.allSatisfy(isDigit), !fractionPart.isEmpty else {
                throw refuse(DomainError.Code.amountInvalid, "expected digits after the decimal separator")
            }
            guard !integerPart.isEmpty else {
                throw refuse(DomainError.Code.amountInvalid, "expected digits before the decimal separator")
            }
            // "1.234" or "12,345" reads as thousands in one convention and decimals in the other.
            if fractionPart.count == 3, !hasGroupSpace, integerPart.count <= 3, integerPart.first != "0" {
                throw refuse(DomainError.Code.amountAmbiguous,
                             "'\(String(String.UnicodeScalarView(scalars)))' could mean thousands or three decimals")
            }
            guard fractionPart.count <= currency.minorUnitDigits else {
                throw refuse(DomainError.Code.amountTooPrecise,
                             "amount has \(fractionPart.count) decimals; at most \(currency.minorUnitDigits) are allowed")
            }
        }
        guard let integerDigits = ungrouped(integerPart) else {
            throw refuse(DomainError.Code.amountBadGrouping,
                         "spaces may only separate groups of three digits, counted from the decimal separator")
        }
        guard !integerDigits.isEmpty else {
            throw refuse(DomainError.Code.amountInvalid, "expected at least one digit")
        }
        if negative && !allowNegative {
            throw refuse(DomainError.Code.amountNegative, "a negative amount is not allowed here")
        }

        var magnitude: Int64 = 0
        var digits = integerDigits + fractionPart
        for _ in fractionPart.count..<currency.minorUnitDigits { digits.append("0") }
        for digit in digits {
            let (shifted, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = shifted.addingReportingOverflow(Int64(digit.value - 48))
            guard !overflowA, !overflowB else {
                throw refuse(DomainError.Code.amountTooLarge,
                             "amount is larger than the largest representable \(Money(minorUnits: .max, currency: currency).formatted(style: .plain))")
            }
            magnitude = next
        }
        return Money(minorUnits: negative ? -magnitude : magnitude, currency: currency)
    }

    /// The digits of `part` if its spaces (if any) separate a first group of 1–3 digits from
    /// following groups of exactly 3; nil otherwise.
    private static func ungrouped(_ part: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var groups: [[Unicode.Scalar]] = [[]]
        for scalar in part {
            if isDigit(scalar) { groups[groups.count - 1].append(scalar) } else { groups.append([]) }
        }
        if groups.count == 1 { return groups[0] }
        guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
            return nil
        }
        return groups.flatMap { $0 }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isSurroundingSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\u{00A0}" || scalar == "\u{202F}"
    }
}
