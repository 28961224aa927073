/// A refusal by the domain: a stable machine-readable code, the field it concerns and text for people.
///
/// Codes are `UPPER_SNAKE`, never change meaning once shipped, and are all listed in `docs/DOMAIN.md`
/// (a test keeps that list complete). Field paths use the protocol's snake_case names with dots and
/// zero-based indexes, for example `terms.total` or `installments[2].due_date`.
public struct DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable `UPPER_SNAKE` code that scripts branch on.
    public let code: String
    /// The input field the error concerns; empty when it concerns the request as a whole.
    public let fieldPath: String
    /// Human-readable explanation that says what was expected.
    public let message: String

    /// Creates an error; `code` must be `UPPER_SNAKE`.
    public init(code: String, fieldPath: String = "", message: String) {
        precondition(DomainError.isUpperSnake(code), "domain error codes are UPPER_SNAKE: \(code)")
        self.code = code
        self.fieldPath = fieldPath
        self.message = message
    }

    /// `CODE (field): message`.
    public var description: String {
        fieldPath.isEmpty ? "\(code): \(message)" : "\(code) (\(fieldPath)): \(message)"
    }

    /// True for non-empty text of `A`–`Z`, `0`–`9` and single underscores between them.
    static func isUpperSnake(_ text: String) -> Bool {
        var previousWasUnderscore = true
        for scalar in text.unicodeScalars {
            switch scalar {
            case "A"..."Z", "0"..."9": previousWasUnderscore = false
            case "_":
                if previousWasUnderscore { return false }
                previousWasUnderscore = true
            default: return false
            }
        }
        return !previousWasUnderscore
    }
}

extension DomainError {
    /// Every code the domain produces, as constants so callers need not repeat the strings.
    public enum Code {
        // Money
        /// Arithmetic result outside the `Int64` range of minor units.
        public static let moneyOverflow = "MONEY_OVERFLOW"
        /// Two currencies combined or compared.
        public static let currencyMismatch = "CURRENCY_MISMATCH"
        /// No amount given.
        public static let amountEmpty = "AMOUNT_EMPTY"
        /// Characters or shape that are not an amount.
        public static let amountInvalid = "AMOUNT_INVALID"
        /// Text that could be read as thousands or as decimals.
        public static let amountAmbiguous = "AMOUNT_AMBIGUOUS"
        /// More than two decimals.
        public static let amountTooPrecise = "AMOUNT_TOO_PRECISE"
        /// Spaces not between groups of three digits.
        public static let amountBadGrouping = "AMOUNT_BAD_GROUPING"
        /// A negative amount where none is allowed.
        public static let amountNegative = "AMOUNT_NEGATIVE"
        /// Beyond the representable range.
        public static let amountTooLarge = "AMOUNT_TOO_LARGE"
        /// Beyond the largest amount accepted in one field (`MoneyLimits`).
        public static let amountOverLimit = "AMOUNT_OVER_LIMIT"
        // Plans: building and validating
        /// No installments.
        public static let planEmpty = "PLAN_EMPTY"
        /// Plan total zero or negative.
        public static let planTotalNotPositive = "PLAN_TOTAL_NOT_POSITIVE"
        /// Total or installment not in the country's or plan's currency.
        public static let planCurrencyMismatch = "PLAN_CURRENCY_MISMATCH"
        /// Installments do not sum to the total.
        public static let planSumMismatch = "PLAN_SUM_MISMATCH"
        /// More installments than the policy or the hard bound allows.
        public static let planTooManyInstallments = "PLAN_TOO_MANY_INSTALLMENTS"
        /// Last installment beyond the longest allowed duration.
        public static let planTooLong = "PLAN_TOO_LONG"
        /// An installment below the smallest allowed.
        public static let planInstallmentTooSmall = "PLAN_INSTALLMENT_TOO_SMALL"
        /// An installment zero or negative.
        public static let planInstallmentNotPositive = "PLAN_INSTALLMENT_NOT_POSITIVE"
        /// First installment too far ahead.
        public static let planFirstDueTooLate = "PLAN_FIRST_DUE_TOO_LATE"
        /// First installment before today.
        public static let planFirstDueInPast = "PLAN_FIRST_DUE_IN_PAST"
        /// Due dates out of order or repeated.
        public static let planDueDatesNotAscending = "PLAN_DUE_DATES_NOT_ASCENDING"
        /// A due date outside the supported years.
        public static let planDateOutOfRange = "PLAN_DATE_OUT_OF_RANGE"
        // Plans: state transitions
        /// Cancel, amend or pay into a plan that is not active.
        public static let planNotActive = "PLAN_NOT_ACTIVE"
        /// Cancellation without a usable reason.
        public static let planCancelReasonRequired = "PLAN_CANCEL_REASON_REQUIRED"
        /// Amended schedule does not sum to the outstanding amount.
        public static let planAmendmentSumMismatch = "PLAN_AMENDMENT_SUM_MISMATCH"
        /// Amendment of a plan with nothing left to pay.
        public static let planNothingOutstanding = "PLAN_NOTHING_OUTSTANDING"
        // Payments
        /// Payment zero or negative.
        public static let paymentNotPositive = "PAYMENT_NOT_POSITIVE"
        /// Payment in another currency than the plan's.
        public static let paymentCurrencyMismatch = "PAYMENT_CURRENCY_MISMATCH"
        /// A structured payment reference (OCR/KID) that is not 2...25 digits.
        public static let paymentReferenceFormat = "PAYMENT_REFERENCE_FORMAT"
        /// A structured payment reference whose MOD10 check digit is wrong.
        public static let paymentReferenceCheckDigit = "PAYMENT_REFERENCE_CHECK_DIGIT"
        // Flags and pauses
        /// A pause set without its last day.
        public static let flagUntilRequired = "FLAG_UNTIL_REQUIRED"
        /// A flag whose last day has already passed.
        public static let flagUntilInPast = "FLAG_UNTIL_IN_PAST"
        /// A pause longer than the country's longest.
        public static let pauseTooLong = "PAUSE_TOO_LONG"
        /// A plan created or changed while the debt is disputed.
        public static let caseDisputed = "CASE_DISPUTED"
        // Configuration
        /// Bucket scheme with gaps, overlaps, no open end or duplicate labels.
        public static let bucketsInvalid = "BUCKETS_INVALID"
        /// Rule book missing a country, with duplicate dates or wrong currencies.
        public static let ruleBookInvalid = "RULEBOOK_INVALID"

        /// All codes above, for documentation checks.
        public static let all: [String] = [
            moneyOverflow, currencyMismatch, amountEmpty, amountInvalid, amountAmbiguous,
            amountTooPrecise, amountBadGrouping, amountNegative, amountTooLarge, amountOverLimit,
            planEmpty, planTotalNotPositive, planCurrencyMismatch, planSumMismatch,
            planTooManyInstallments, planTooLong, planInstallmentTooSmall, planInstallmentNotPositive,
            planFirstDueTooLate, planFirstDueInPast, planDueDatesNotAscending, planDateOutOfRange,
            planNotActive, planCancelReasonRequired, planAmendmentSumMismatch, planNothingOutstanding,
            paymentNotPositive, paymentCurrencyMismatch, paymentReferenceFormat, paymentReferenceCheckDigit, flagUntilRequired, flagUntilInPast,
            pauseTooLong, caseDisputed, bucketsInvalid, ruleBookInvalid,
        ]
    }
}
