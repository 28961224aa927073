/// Check digits, plausibility and generation of Swedish personnummer, Norwegian fødselsnummer and
/// Danish CPR numbers, and masking for display.
///
/// These numbers are personal data: never log them, and show them only masked (`mask`) to roles
/// that do not need the full number.
public enum NationalID {
    // MARK: Sweden

    /// True for a personnummer (or samordningsnummer, day + 60) whose date exists and whose Luhn
    /// check digit is right. Forms: `YYMMDD-NNNC`, `YYMMDD+NNNC` (100 years or older),
    /// `YYMMDDNNNC`, `YYYYMMDDNNNC`, `YYYYMMDD-NNNC`.
    public static func isValidPersonnummer(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let digits: [Int]
        let centuries: [Int]
        switch bytes.count {
        case 10: digits = asDigits(bytes); centuries = [19, 20]
        case 11:
            guard bytes[6] == UInt8(ascii: "-") || bytes[6] == UInt8(ascii: "+") else { return false }
            digits = asDigits(Array(bytes[0..<6] + bytes[7...]))
            centuries = bytes[6] == UInt8(ascii: "+") ? [18, 19] : [19, 20]
        case 12: digits = asDigits(bytes); centuries = []
        case 13:
            guard bytes[8] == UInt8(ascii: "-") else { return false }
            digits = asDigits(Array(bytes[0..<8] + bytes[9...]))
            centuries = []
        default: return false
        }
        guard digits.count == (bytes.count >= 12 ? 12 : 10) else { return false }  // every other byte a digit
        let short = Array(digits.suffix(10))
        let yy = number(short[0...1]), month = number(short[2...3])
        var dayOfMonth = number(short[4...5])
        if dayOfMonth > 60 { dayOfMonth -= 60 }  // samordningsnummer
        let years = digits.count == 12 ? [number(digits[0...3])] : centuries.map { $0 * 100 + yy }
        guard years.contains(where: { Day(year: $0, month: month, day: dayOfMonth) != nil }) else { return false }
        return KID.mod10CheckDigit(String(short[0..<9].map { Character(String($0)) })) == short[9]
    }

    /// A valid personnummer `YYYYMMDD-NNNC` for `birth` with serial `NNN` = `serial` (0...999;
    /// its last digit is odd for men and even for women); nil for another serial.
    public static func makePersonnummer(birth: Day, serial: Int) -> String? {
        guard (0...999).contains(serial) else { return nil }
        let (year, month, day) = birth.components
        let short = pad(year % 100, 2) + pad(month, 2) + pad(day, 2) + pad(serial, 3)
        return pad(year, 4) + pad(month, 2) + pad(day, 2) + "-" + pad(serial, 3) + String(KID.mod10CheckDigit(short))
    }

    // MARK: Norway

    /// True for an 11-digit fødselsnummer (or D-number, day + 40) whose date exists in the century
    /// its individual number implies and whose two mod-11 check digits are right.
    public static func isValidFodselsnummer(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let digits = asDigits(bytes)
        guard bytes.count == 11, digits.count == 11 else { return false }
        var dayOfMonth = number(digits[0...1])
        if dayOfMonth > 40 { dayOfMonth -= 40 }  // D-number
        let month = number(digits[2...3]), yy = number(digits[4...5]), individual = number(digits[6...8])
        guard let century = norwegianCentury(individual: individual, yy: yy),
              Day(year: century + yy, month: month, day: dayOfMonth) != nil else { return false }
        guard let checks = fodselsnummerChecks(Array(digits[0..<9])) else { return false }
        return checks == (digits[9], digits[10])
    }

    /// A valid fødselsnummer `DDMMYYIIIKK` for `birth`. The individual number is `serial` for
    /// births 1900–1999, `500 + serial` for 2000–2039 (serial 0...499) and 1854–1899 (0...249).
    /// Nil outside those ranges and for serials whose check digit would be 10: skip those.
    public static func makeFodselsnummer(birth: Day, serial: Int) -> String? {
        let (year, month, day) = birth.components
        let individual: Int
        switch year {
        case 1900...1999 where (0...499).contains(serial): individual = serial
        case 2000...2039 where (0...499).contains(serial): individual = 500 + serial
        case 1854...1899 where (0...249).contains(serial): individual = 500 + serial
        default: return nil
        }
        let base = pad(day, 2) + pad(month, 2) + pad(year % 100, 2) + pad(individual, 3)
        guard let (k1, k2) = fodselsnummerChecks(asDigits(Array(base.utf8))) else { return nil }
        return base + "\(k1)\(k2)"
    }

    /// The two check digits for the first nine digits, nil when either would be 10.
    static func fodselsnummerChecks(_ nine: [Int]) -> (Int, Int)? {
        func check(_ digits: [Int], _ weights: [Int]) -> Int? {
            let remainder = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
            let digit = remainder == 0 ? 0 : 11 - remainder
            return digit == 10 ? nil : digit
        }
        guard let k1 = check(nine, [3, 7, 6, 1, 8, 9, 4, 5, 2]),
              let k2 = check(nine + [k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) else { return nil }
        return (k1, k2)
    }

    /// The century (1800, 1900, 2000) of a fødselsnummer from its individual number and year.
    static func norwegianCentury(individual: Int, yy: Int) -> Int? {
        switch individual {
        case 0...499: return 1900
        case 500...749 where yy >= 54: return 1800
        case 500...999 where yy <= 39: return 2000
        case 900...999 where yy >= 40: return 1900
        default: return nil
        }
    }

    // MARK: Denmark

    /// True for `DDMMYY-SSSS` or `DDMMYYSSSS` whose date exists in the century implied by the
    /// first serial digit. The modulus-11 check is not required: CPR numbers without it have
    /// been issued since 2007.
    public static func isPlausibleCPR(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let digits: [Int]
        switch bytes.count {
        case 10: digits = asDigits(bytes)
        case 11:
            guard bytes[6] == UInt8(ascii: "-") else { return false }
            digits = asDigits(Array(bytes[0..<6] + bytes[7...]))
        default: return false
        }
        guard digits.count == 10 else { return false }
        let yy = number(digits[4...5])
        guard let century = danishCentury(firstSerialDigit: digits[6], yy: yy) else { return false }
        return Day(year: century + yy, month: number(digits[2...3]), day: number(digits[0...1])) != nil
    }

    /// A plausible CPR `DDMMYY-SSSS` for `birth`: serial `SSSS` = `serial` (0...3999) for births
    /// 1900–1999, `4000 + serial` (0...5999) for 2000–2036, `5000 + serial` (0...3999) for
    /// 2037–2057 and 1858–1899; nil otherwise.
    public static func makeCPR(birth: Day, serial: Int) -> String? {
        let (year, month, day) = birth.components
        let ssss: Int
        switch year {
        case 1900...1999 where (0...3999).contains(serial): ssss = serial
        case 2000...2036 where (0...5999).contains(serial): ssss = 4000 + serial
        case 2037...2057 where (0...3999).contains(serial), 1858...1899 where (0...3999).contains(serial):
            ssss = 5000 + serial
        default: return nil
        }
        return pad(day, 2) + pad(month, 2) + pad(year % 100, 2) + "-" + pad(ssss, 4)
    }

    /// The century of a CPR number from the first serial digit and the two-digit year.
    static func danishCentury(firstSerialDigit digit: Int, yy: Int) -> Int? {
        switch digit {
        case 0...3: return 1900
        case 4, 9: return yy <= 36 ? 2000 : 1900
        case 5...8: return yy <= 57 ? 2000 : 1800
        default: return nil
        }
    }

    // MARK: Display

    /// The number with everything after the birth date replaced by `*`: `850312-****`,
    /// `19850312-****`, `150485-*****`. Text that is not 10 to 12 digits (separators aside) gives
    /// `****`, so nothing unexpected is ever shown.
    public static func mask(_ text: String) -> String {
        let digits = text.utf8.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let others = text.utf8.filter { !($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
        guard (10...12).contains(digits.count),
              others.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: " ") }),
              others.count <= 1 else { return "****" }
        let birthLength = digits.count == 12 ? 8 : 6
        let birth = String(decoding: digits.prefix(birthLength), as: UTF8.self)
        return birth + "-" + String(repeating: "*", count: digits.count - birthLength)
    }

    // MARK: Helpers

    private static func asDigits(_ bytes: [UInt8]) -> [Int] {
        bytes.compactMap { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") ? Int($0) - 48 : nil }
    }

    private static func number(_ digits: ArraySlice<Int>) -> Int { digits.reduce(0) { $0 * 10 + $1 } }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: Swift.max(0, width - text.count)) + text
    }
}
