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
        public static let moneyOverflow = "MONEY_OVERFLOW"
        public static let currencyMismatch = "CURRENCY_MISMATCH"
        public static let amountEmpty = "AMOUNT_EMPTY"
        public static let amountInvalid = "AMOUNT_INVALID"
        public static let amountAmbiguous = "AMOUNT_AMBIGUOUS"
        public static let amountTooPrecise = "AMOUNT_TOO_PRECISE"
        public static let amountBadGrouping = "AMOUNT_BAD_GROUPING"
        public static let amountNegative = "AMOUNT_NEGATIVE"
        public static let amountTooLarge = "AMOUNT_TOO_LARGE"
        // Plans: building and validating
        public static let planEmpty = "PLAN_EMPTY"
        public static let planTotalNotPositive = "PLAN_TOTAL_NOT_POSITIVE"
        public static let planCurrencyMismatch = "PLAN_CURRENCY_MISMATCH"
        public static let planSumMismatch = "PLAN_SUM_MISMATCH"
        public static let planTooManyInstallments = "PLAN_TOO_MANY_INSTALLMENTS"
        public static let planTooLong = "PLAN_TOO_LONG"
        public static let planInstallmentTooSmall = "PLAN_INSTALLMENT_TOO_SMALL"
        public static let planInstallmentNotPositive = "PLAN_INSTALLMENT_NOT_POSITIVE"
        public static let planFirstDueTooLate = "PLAN_FIRST_DUE_TOO_LATE"
        public static let planFirstDueInPast = "PLAN_FIRST_DUE_IN_PAST"
        public static let planDueDatesNotAscending = "PLAN_DUE_DATES_NOT_ASCENDING"
        public static let planDateOutOfRange = "PLAN_DATE_OUT_OF_RANGE"
        // Plans: state transitions
        public static let planNotActive = "PLAN_NOT_ACTIVE"
        public static let planCancelReasonRequired = "PLAN_CANCEL_REASON_REQUIRED"
        public static let planAmendmentSumMismatch = "PLAN_AMENDMENT_SUM_MISMATCH"
        public static let planNothingOutstanding = "PLAN_NOTHING_OUTSTANDING"
        // Payments
        public static let paymentNotPositive = "PAYMENT_NOT_POSITIVE"
        public static let paymentCurrencyMismatch = "PAYMENT_CURRENCY_MISMATCH"
        // Configuration
        public static let bucketsInvalid = "BUCKETS_INVALID"
        public static let ruleBookInvalid = "RULEBOOK_INVALID"

        /// All codes above, for documentation checks.
        public static let all: [String] = [
            moneyOverflow, currencyMismatch, amountEmpty, amountInvalid, amountAmbiguous,
            amountTooPrecise, amountBadGrouping, amountNegative, amountTooLarge,
            planEmpty, planTotalNotPositive, planCurrencyMismatch, planSumMismatch,
            planTooManyInstallments, planTooLong, planInstallmentTooSmall, planInstallmentNotPositive,
            planFirstDueTooLate, planFirstDueInPast, planDueDatesNotAscending, planDateOutOfRange,
            planNotActive, planCancelReasonRequired, planAmendmentSumMismatch, planNothingOutstanding,
            paymentNotPositive, paymentCurrencyMismatch, bucketsInvalid, ruleBookInvalid,
        ]
    }
}
