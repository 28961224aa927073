/// The reference a customer pays an account with, by country and by what the payment agreement
/// with the bank says is checked:
///
/// - Sweden, Bankgiro OCR: MOD10 check digit, and — when the agreement has "OCR-kontroll:
///   längd" — a length digit before it (the reference's whole length, check and length digit
///   included, modulo 10). 2 to 25 digits.
/// - Norway, KID: MOD10 or MOD11 as the OCR giro agreement says; 2 to 25 characters, the MOD11
///   check may be `-`.
/// - Denmark, FI payment id on a +71 card: exactly 15 digits with a MOD10 check digit.
public enum AccountReference {
    /// How references are checked.
    public enum Scheme: String, Sendable, Hashable, CaseIterable {
        /// Swedish OCR with a MOD10 check digit only.
        case swedishOCR = "SE_OCR_MOD10"
        /// Swedish OCR with a length digit and a MOD10 check digit.
        case swedishOCRWithLength = "SE_OCR_MOD10_LENGTH"
        /// Norwegian KID, MOD10.
        case kidMod10 = "NO_KID_MOD10"
        /// Norwegian KID, MOD11.
        case kidMod11 = "NO_KID_MOD11"
        /// Danish FI +71 payment id.
        case danishFI71 = "DK_FI71"

        /// The scheme this issuer's agreements use in `country` (README, "Payment files").
        public static func issuerDefault(_ country: Country) -> Scheme {
            switch country {
            case .se: .swedishOCR
            case .no: .kidMod10
            case .dk: .danishFI71
            }
        }
    }

    /// Why a reference does not check.
    public enum Failure: String, Sendable, Hashable {
        /// Not the scheme's length or not digits.
        case format = "REFERENCE_FORMAT"
        /// The last digit is not the check digit.
        case checkDigit = "REFERENCE_CHECK_DIGIT"
        /// The length digit does not give the reference's length.
        case lengthDigit = "REFERENCE_LENGTH_DIGIT"
    }

    /// Shortest OCR or KID, check digit included.
    public static let lengthMin = 2
    /// Longest OCR or KID.
    public static let lengthMax = 25
    /// Length of a Danish FI +71 payment id.
    public static let danishFI71Length = 15

    /// Checks `reference` (ASCII bytes) under `scheme`; nil when it is valid.
    public static func failure<Reference: BidirectionalCollection>(_ reference: Reference, scheme: Scheme) -> Failure?
    where Reference.Element == UInt8 {
        let count = reference.count
        switch scheme {
        case .danishFI71:
            guard count == danishFI71Length, allDigits(reference) else { return .format }
            return CheckDigit.hasValidMod10(reference) ? nil : .checkDigit
        case .swedishOCR, .kidMod10:
            guard (lengthMin...lengthMax).contains(count), allDigits(reference) else { return .format }
            return CheckDigit.hasValidMod10(reference) ? nil : .checkDigit
        case .kidMod11:
            guard (lengthMin...lengthMax).contains(count), allDigits(reference.dropLast()),
                  let last = reference.last, last == UInt8(ascii: "-") || (last >= 0x30 && last <= 0x39) else { return .format }
            return CheckDigit.hasValidMod11(reference) ? nil : .checkDigit
        case .swedishOCRWithLength:
            guard (3...lengthMax).contains(count), allDigits(reference) else { return .format }
            guard CheckDigit.hasValidMod10(reference) else { return .checkDigit }
            let lengthDigit = reference.dropLast().last.map { Int($0) - 0x30 }
            return lengthDigit == count % 10 ? nil : .lengthDigit
        }
    }

    /// True when `reference` checks under `scheme`.
    public static func isValid(_ reference: String, scheme: Scheme) -> Bool {
        failure(Array(reference.utf8), scheme: scheme) == nil
    }

    /// A reference for `serial` under `scheme`: the serial's digits, the length digit where the
    /// scheme has one, and the check digit; a Danish FI id is the serial padded with zeros to 14
    /// digits before its check digit. `serial` must leave room for those (a precondition: the
    /// caller picks serials).
    public static func make(serial: UInt64, scheme: Scheme) -> String {
        var digits = Array(String(serial).utf8)
        switch scheme {
        case .danishFI71:
            precondition(digits.count <= danishFI71Length - 1, "FI serial too long")
            digits = Array(repeating: 0x30, count: danishFI71Length - 1 - digits.count) + digits
            digits.append(CheckDigit.mod10(digits)!)
        case .swedishOCR, .kidMod10:
            precondition(digits.count <= lengthMax - 1, "serial too long")
            digits.append(CheckDigit.mod10(digits)!)
        case .kidMod11:
            // A serial whose MOD11 check is `-` is skipped over: such a KID cannot be typed
            // into every bank's form, so the issuer does not hand them out.
            var next = serial
            while CheckDigit.mod11(Array(String(next).utf8)) == UInt8(ascii: "-") { next += 1 }
            digits = Array(String(next).utf8)
            precondition(digits.count <= lengthMax - 1, "serial too long")
            digits.append(CheckDigit.mod11(digits)!)
        case .swedishOCRWithLength:
            precondition(digits.count <= lengthMax - 2, "serial too long")
            digits.append(UInt8((digits.count + 2) % 10) + 0x30)
            digits.append(CheckDigit.mod10(digits)!)
        }
        return String(decoding: digits, as: UTF8.self)
    }

    private static func allDigits<Bytes: Sequence>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
