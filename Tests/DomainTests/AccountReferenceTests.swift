import Testing
@testable import Domain

@Suite("Account references and their check digits")
struct AccountReferenceTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("MOD10 (Luhn) gives the published check digits")
    func mod10KnownValues() {
        // The Luhn example everyone uses (7992739871 → 3) and a Bankgirot-style OCR.
        #expect(CheckDigit.mod10(bytes("7992739871")) == UInt8(ascii: "3"))
        #expect(CheckDigit.hasValidMod10(bytes("79927398713")))
        #expect(!CheckDigit.hasValidMod10(bytes("79927398710")))
        #expect(CheckDigit.mod10(bytes("")) == nil)
        #expect(CheckDigit.mod10(bytes("12a")) == nil)
    }

    @Test("MOD11 gives 0 for a remainder of 0 and - for a remainder of 1")
    func mod11KnownValues() {
        // 12345678903: weights 2..7 from the right give 3 (the Norwegian example KID).
        #expect(CheckDigit.mod11(bytes("1234567890")) == UInt8(ascii: "3"))
        #expect(CheckDigit.hasValidMod11(bytes("12345678903")))
        // 0 → 11 − 0 = 11 → 0.
        #expect(CheckDigit.mod11(bytes("0")) == UInt8(ascii: "0"))
        // 6 × 2 = 12, remainder 1 → 11 − 1 = 10 → "-".
        #expect(CheckDigit.mod11(bytes("6")) == UInt8(ascii: "-"))
        #expect(AccountReference.failure(bytes("6-"), scheme: .kidMod11) == nil)
    }

    @Test("every scheme's generated references check, over many serials", arguments: AccountReference.Scheme.allCases)
    func generatedReferencesCheck(_ scheme: AccountReference.Scheme) {
        for serial: UInt64 in [0, 1, 9, 10, 42, 1_000_001, 4_571_000_123, 99_999_999_999_999 / 10] {
            let reference = AccountReference.make(serial: serial, scheme: scheme)
            #expect(AccountReference.failure(bytes(reference), scheme: scheme) == nil, "\(scheme) \(serial) → \(reference)")
        }
    }

    @Test("a changed last digit fails its check, for every scheme", arguments: AccountReference.Scheme.allCases)
    func changedCheckDigitFails(_ scheme: AccountReference.Scheme) {
        var reference = bytes(AccountReference.make(serial: 1_234_567, scheme: scheme))
        reference[reference.count - 1] = reference.last == UInt8(ascii: "9") ? UInt8(ascii: "0") : (reference.last == UInt8(ascii: "-") ? UInt8(ascii: "0") : reference.last! + 1)
        #expect(AccountReference.failure(reference, scheme: scheme) == .checkDigit)
    }

    @Test("a Swedish OCR with a wrong length digit is refused as such, not as a check digit")
    func lengthDigit() {
        let good = AccountReference.make(serial: 1_000_002, scheme: .swedishOCRWithLength)
        #expect(good == "100000298")  // 7 digits, length digit 9, check digit 8
        // Same base, a length digit of 0 and the MOD10 digit made right for it.
        var body = bytes("10000020")
        body.append(CheckDigit.mod10(body)!)
        #expect(AccountReference.failure(body, scheme: .swedishOCRWithLength) == .lengthDigit)
        #expect(AccountReference.failure(body, scheme: .swedishOCR) == nil)
    }

    @Test("lengths at and one past their edges")
    func lengthEdges() {
        #expect(AccountReference.make(serial: 0, scheme: .kidMod10) == "00")
        let longest = String(repeating: "1", count: 24)
        let atMax = Array(longest.utf8) + [CheckDigit.mod10(Array(longest.utf8))!]
        #expect(AccountReference.failure(atMax, scheme: .kidMod10) == nil)
        let past = Array("1\(longest)".utf8) + [CheckDigit.mod10(Array("1\(longest)".utf8))!]
        #expect(AccountReference.failure(past, scheme: .kidMod10) == .format)
        #expect(AccountReference.failure(bytes("0"), scheme: .swedishOCR) == .format)
        let fi = AccountReference.make(serial: 3_000_001, scheme: .danishFI71)
        #expect(fi.utf8.count == 15)
        #expect(AccountReference.failure(bytes("0" + fi), scheme: .danishFI71) == .format)
        #expect(AccountReference.failure(bytes(String(fi.dropFirst())), scheme: .danishFI71) == .format)
    }

    @Test("the issuer's scheme per country: OCR in Sweden, KID MOD10 in Norway, FI +71 in Denmark")
    func issuerDefaults() {
        #expect(AccountReference.Scheme.issuerDefault(.se) == .swedishOCR)
        #expect(AccountReference.Scheme.issuerDefault(.no) == .kidMod10)
        #expect(AccountReference.Scheme.issuerDefault(.dk) == .danishFI71)
    }
}
