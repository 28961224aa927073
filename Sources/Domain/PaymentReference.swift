/// The check of a payment's reference on the payment files that carry a structured one: Swedish
/// Bankgiro and Autogiro OCR (MOD10, with or without a length digit, which the MOD10 covers),
/// Norwegian KID and AvtaleGiro, Danish Betalingsservice. Other sources (card, transfer, manual)
/// carry free text and are not checked.
public enum PaymentReference {
    /// Checks `reference` on a payment whose source carries a structured one; an empty reference
    /// (not given) passes. Refused: not 2...25 ASCII digits (`PAYMENT_REFERENCE_FORMAT`); a last
    /// digit that is not the MOD10 check digit of the others (`PAYMENT_REFERENCE_CHECK_DIGIT`).
    public static func check(_ reference: String, structured: Bool) throws(DomainError) {
        guard structured, !reference.isEmpty else { return }
        let bytes = reference.utf8
        guard (KID.lengthMin...KID.lengthMax).contains(bytes.count), bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw DomainError(code: DomainError.Code.paymentReferenceFormat, fieldPath: "reference",
                              message: "a structured reference (OCR/KID) is \(KID.lengthMin) to \(KID.lengthMax) digits")
        }
        guard KID.isValid(reference) else {
            throw DomainError(code: DomainError.Code.paymentReferenceCheckDigit, fieldPath: "reference",
                              message: "the reference's last digit is not its check digit (MOD10); is a digit mistyped?")
        }
    }
}
