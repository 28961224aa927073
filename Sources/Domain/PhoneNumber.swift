/// Phone numbers as people write them, turned into the E.164 form the customer records hold
/// (`+46701234567`), so a search finds `070-123 45 67`, `+46 70 123 45 67` and `0046701234567`.
public enum PhoneNumber {
    /// Fewest digits a typed phone number has (shorter digit strings are not searched as phones).
    public static let digitsMin = 7

    /// The E.164 numbers `text` may stand for, empty when it is not a phone number (only digits,
    /// spaces and `-()./`, an optional leading `+`, at least `digitsMin` digits):
    /// `+…` and `00…` as written; `0…` a Swedish number with its trunk prefix; eight digits
    /// without a prefix a Norwegian or a Danish number (both have eight-digit numbers and no
    /// trunk prefix).
    public static func e164Candidates(_ text: String) -> [String] {
        var trimmed = Substring(text)
        while trimmed.first == " " { trimmed.removeFirst() }
        let plus = trimmed.first == "+"
        if plus { trimmed.removeFirst() }
        guard trimmed.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || " -()./".unicodeScalars.contains($0) }) else { return [] }
        let digits = String(trimmed.unicodeScalars.filter { ("0"..."9").contains($0) })
        guard digits.count >= digitsMin, digits.count <= 15 else { return [] }
        if plus { return ["+" + digits] }
        if digits.hasPrefix("00") { return ["+" + digits.dropFirst(2)] }
        if digits.hasPrefix("0") { return ["+" + Country.se.callingCode + digits.dropFirst()] }
        if digits.count == 8 { return ["+" + Country.no.callingCode + digits, "+" + Country.dk.callingCode + digits] }
        return ["+" + digits]  // written with its country code but without `+`
    }
}
