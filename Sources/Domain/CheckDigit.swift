/// The check digits of the Nordic payment references, over ASCII digits.
///
/// - MOD10 (Luhn): weights 2, 1, 2, ... from the rightmost digit, the digits of each product
///   summed; the check digit makes the sum a multiple of 10. Swedish OCR, Norwegian KID MOD10,
///   Danish FI payment ids (+71, +75).
/// - MOD11: weights 2, 3, 4, 5, 6, 7, 2, 3, ... from the rightmost digit; the check digit is
///   11 − (sum mod 11), 0 when that is 11, and `-` when it is 10 (Norwegian KID MOD11).
public enum CheckDigit {
    /// The MOD10 (Luhn) check digit of `digits`; nil when `digits` is empty or holds a non-digit.
    public static func mod10<Digits: BidirectionalCollection>(_ digits: Digits) -> UInt8? where Digits.Element == UInt8 {
        guard !digits.isEmpty else { return nil }
        var sum = 0
        var double = true
        for byte in digits.reversed() {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let value = Int(byte - 0x30)
            let product = double ? value * 2 : value
            sum += product > 9 ? product - 9 : product
            double.toggle()
        }
        return UInt8((10 - sum % 10) % 10) + 0x30
    }

    /// The MOD11 check character of `digits` (`0`...`9` or `-`); nil when `digits` is empty or
    /// holds a non-digit.
    public static func mod11<Digits: BidirectionalCollection>(_ digits: Digits) -> UInt8? where Digits.Element == UInt8 {
        guard !digits.isEmpty else { return nil }
        var sum = 0
        var weight = 2
        for byte in digits.reversed() {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            sum += Int(byte - 0x30) * weight
            weight = weight == 7 ? 2 : weight + 1
        }
        let check = 11 - sum % 11
        switch check {
        case 11: return 0x30
        case 10: return UInt8(ascii: "-")
        default: return UInt8(check) + 0x30
        }
    }

    /// True when the last byte of `reference` is the MOD10 check digit of the bytes before it.
    public static func hasValidMod10<Reference: BidirectionalCollection>(_ reference: Reference) -> Bool where Reference.Element == UInt8 {
        guard let last = reference.last, reference.count >= 2 else { return false }
        return mod10(reference.dropLast()) == last
    }

    /// True when the last byte of `reference` is the MOD11 check character of the bytes before it.
    public static func hasValidMod11<Reference: BidirectionalCollection>(_ reference: Reference) -> Bool where Reference.Element == UInt8 {
        guard let last = reference.last, reference.count >= 2 else { return false }
        return mod11(reference.dropLast()) == last
    }
}
