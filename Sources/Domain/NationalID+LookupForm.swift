/// One written form per national ID number, for look-up hashes: the same number written with or
/// without its separator, or (in Sweden) with a two- or four-digit year, is the same customer.
///
/// - Sweden: `YYYYMMDDNNNC` (12 digits). `YYMMDD-NNNC` and `YYMMDDNNNC` name someone under 100
///   this year, `YYMMDD+NNNC` someone 100 or older; the century follows from `today`.
/// - Norway: `DDMMYYIIIKK` (11 digits); a space or `-` after the birth date is allowed.
/// - Denmark: `DDMMYYSSSS` (10 digits).
///
/// The lengths differ, so the forms of different countries never collide.
extension NationalID {
    /// The look-up form of `text` as a number of `country`, nil when it is not a valid (Sweden,
    /// Norway) or plausible (Denmark) number of that country.
    public static func lookupForm(_ text: String, country: Country, today: Day) -> String? {
        let bytes = Array(text.utf8)
        switch country {
        case .se:
            guard isValidPersonnummer(text) else { return nil }
            let digits = bytes.filter(isDigit)
            if digits.count == 12 { return String(decoding: digits, as: UTF8.self) }
            func pair(_ at: Int) -> Int { Int(digits[at] - 48) * 10 + Int(digits[at + 1] - 48) }
            let (yy, month, dayOfMonth) = (pair(0), pair(2), pair(4) > 60 ? pair(4) - 60 : pair(4))
            let centenarian = bytes.count == 11 && bytes[6] == UInt8(ascii: "+")
            // The latest birth day with this two-digit year that is not after today; a century
            // earlier for `+` (100 or older).
            var year = today.year - ((today.year - yy) % 100 + 100) % 100
            if let birth = Day.clamped(year: year, month: month, day: dayOfMonth), birth > today { year -= 100 }
            if centenarian { year -= 100 }
            return String(year / 100) + String(decoding: digits, as: UTF8.self)
        case .no:
            var compact = bytes
            if compact.count == 12, compact[6] == UInt8(ascii: " ") || compact[6] == UInt8(ascii: "-") { compact.remove(at: 6) }
            let form = String(decoding: compact, as: UTF8.self)
            return isValidFodselsnummer(form) ? form : nil
        case .dk:
            guard isPlausibleCPR(text) else { return nil }
            return String(decoding: bytes.filter(isDigit), as: UTF8.self)
        }
    }

    /// The look-up form of `text` in every country whose rules it passes: a 10-digit number may be
    /// a Swedish personnummer and a Danish CPR number at once. Empty when it is neither.
    public static func lookupForms(_ text: String, today: Day) -> [String] {
        Country.allCases.compactMap { lookupForm(text, country: $0, today: today) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
