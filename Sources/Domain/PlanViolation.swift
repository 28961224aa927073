/// One way a proposed plan breaks a rule: a stable code (one per rule), the field it concerns and
/// a message saying what is allowed.
public struct PlanViolation: Sendable, Hashable, CustomStringConvertible {
    /// Stable `UPPER_SNAKE` code, one per rule (see `DomainError.Code`).
    public let code: String
    /// The request field at fault, e.g. `terms.installment_count`.
    public let fieldPath: String
    /// What is wrong and what is allowed.
    public let message: String

    /// A violation.
    public init(code: String, fieldPath: String, message: String) {
        self.code = code
        self.fieldPath = fieldPath
        self.message = message
    }

    /// The violation as an error, for callers that refuse on the first violation.
    public var error: DomainError { DomainError(code: code, fieldPath: fieldPath, message: message) }

    /// `CODE (field): message`.
    public var description: String { "\(code) (\(fieldPath)): \(message)" }
}
