/// Norwegian payment reference (kundeidentifikasjonsnummer) with a MOD10 (Luhn) check digit, as
/// carried on giro payments and AvtaleGiro. The MOD11 variant is not used by this issuer.
public enum KID {
    /// Shortest KID including the check digit.
    public static let lengthMin = 2
    /// Longest KID including the check digit.
    public static let lengthMax = 25

    /// The Luhn (MOD10) check digit of `digits` (ASCII digits, at least one): weights 2, 1, 2, ...
    /// from the rightmost digit, products' digits summed, and the digit that makes the sum a
    /// multiple of 10.
    public static func mod10CheckDigit(_ digits: String) -> Int {
        guard let check = CheckDigit.mod10(Array(digits.utf8)) else { preconditionFailure("KID base must be digits") }
        return Int(check - 0x30)
    }

    /// `base` followed by its check digit; `base` must be 1...24 ASCII digits.
    public static func make(_ base: String) -> String {
        precondition(base.utf8.count >= lengthMin - 1 && base.utf8.count <= lengthMax - 1, "KID base length")
        return base + String(mod10CheckDigit(base))
    }

    /// True for 2...25 ASCII digits whose last digit is the MOD10 check digit of the others.
    public static func isValid(_ kid: String) -> Bool {
        let bytes = Array(kid.utf8)
        guard bytes.count >= lengthMin, bytes.count <= lengthMax,
              bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        return mod10CheckDigit(String(kid.dropLast())) == Int(bytes.last! - UInt8(ascii: "0"))
    }
}
