/// A payment file refused as a whole: where (line, field) and why, with a stable code.
/// Nothing of a refused file is applied.
public struct PaymentFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable codes; docs/PAYMENT-FILES.md lists every one.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The file has no records.
        case empty = "PAYMENT_FILE_EMPTY"
        /// The first record is not the start record of a known format.
        case formatUnknown = "PAYMENT_FILE_FORMAT_UNKNOWN"
        /// A line is longer than the format's record length.
        case lineTooLong = "PAYMENT_FILE_LINE_TOO_LONG"
        /// A line does not end as the format requires (BgMax: CR LF).
        case lineEnding = "PAYMENT_FILE_LINE_ENDING"
        /// Bytes the format's character set does not have (control characters, UTF-8).
        case encoding = "PAYMENT_FILE_ENCODING"
        /// A record type the format does not have.
        case recordUnknown = "PAYMENT_FILE_RECORD_UNKNOWN"
        /// A record where the format does not allow it.
        case recordOrder = "PAYMENT_FILE_RECORD_ORDER"
        /// A field whose content the format does not allow (letters in a number, a fixed value wrong).
        case field = "PAYMENT_FILE_FIELD"
        /// A date field that is not a date.
        case date = "PAYMENT_FILE_DATE"
        /// A count in a section or end record that is not the number of records counted.
        case countMismatch = "PAYMENT_FILE_COUNT_MISMATCH"
        /// A sum in a section or end record that is not the sum of the amounts.
        case sumMismatch = "PAYMENT_FILE_SUM_MISMATCH"
        /// A sum past what the format can carry.
        case sumOverflow = "PAYMENT_FILE_SUM_OVERFLOW"
        /// The file ends before its end record.
        case truncated = "PAYMENT_FILE_TRUNCATED"
        /// More records or sections than the importer takes in one file.
        case tooLarge = "PAYMENT_FILE_TOO_LARGE"
        /// The second pass read another file than the first (changed while importing).
        case changed = "PAYMENT_FILE_CHANGED"
    }

    /// Why.
    public let code: Code
    /// The 1-based line of the record; 0 for the file as a whole.
    public let line: Int
    /// The field, as the specification names it, with its positions (e.g. `amount 38-55`).
    public let field: String
    /// What was expected, for people.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, line: Int, field: String = "", _ message: String) {
        self.code = code
        self.line = line
        self.field = field
        self.message = message
    }

    /// `CODE line N (field): message`.
    public var description: String {
        field.isEmpty ? "\(code.rawValue) line \(line): \(message)" : "\(code.rawValue) line \(line) (\(field)): \(message)"
    }
}
