/// One thing wrong with a strategy file: where (file, line, column), a stable code, the field
/// and text for the coordinator that says what was expected.
public struct StrategyIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable `STRATEGY_…` code (see `Code` and `docs/STRATEGIES.md`).
    public var code: String
    /// The file's name as given to the parser.
    public var file: String
    /// Line, from 1; 0 when the issue concerns the file as a whole.
    public var line: Int
    /// Column, from 1; 0 when not known.
    public var column: Int
    /// The field, e.g. `segments[1].arms[0].percent`.
    public var fieldPath: String
    /// What is wrong and what was expected.
    public var message: String

    /// An issue.
    public init(code: String, file: String, line: Int, column: Int, fieldPath: String, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.fieldPath = fieldPath
        self.message = message
    }

    /// `file:line:column: CODE (field): message`, as compilers print.
    public var description: String {
        let place = column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
        return fieldPath.isEmpty ? "\(place): \(code): \(message)" : "\(place): \(code) (\(fieldPath)): \(message)"
    }

    /// Every code a strategy file can be refused with.
    public enum Code {
        /// The file is larger than `StrategyLimits.fileBytesMax`.
        public static let fileTooLarge = "STRATEGY_FILE_TOO_LARGE"
        /// Collections nest deeper than `StrategyLimits.nestingDepthMax`.
        public static let tooDeep = "STRATEGY_TOO_DEEP"
        /// A list has more items than its limit.
        public static let tooMany = "STRATEGY_TOO_MANY"
        /// Not YAML, or not one YAML document.
        public static let syntax = "STRATEGY_SYNTAX"
        /// A field this format does not have (often a typo).
        public static let unknownField = "STRATEGY_UNKNOWN_FIELD"
        /// The same field twice in one mapping.
        public static let duplicateField = "STRATEGY_DUPLICATE_FIELD"
        /// A required field is absent.
        public static let missingField = "STRATEGY_MISSING_FIELD"
        /// A value of the wrong kind (a list where a number belongs, `yes` for a boolean, …).
        public static let wrongType = "STRATEGY_WRONG_TYPE"
        /// A value of the right kind that is not allowed (unknown country, bucket, flag, action;
        /// a name not in the name pattern; `min` above `max`; text too long).
        public static let badValue = "STRATEGY_BAD_VALUE"
        /// An amount that Domain's strict money parsing refuses, or not in the currency's country.
        public static let amountInvalid = "STRATEGY_AMOUNT_INVALID"
        /// Amount bounds or a fee that leave out a currency of a country in scope.
        public static let currencyMissing = "STRATEGY_CURRENCY_MISSING"
        /// A segment or step names a country outside the strategy's `countries`.
        public static let countryOutOfScope = "STRATEGY_COUNTRY_OUT_OF_SCOPE"
        /// Two segments, or two arms of a segment, share a name.
        public static let duplicateName = "STRATEGY_DUPLICATE_NAME"
        /// Every case the segment describes is taken by earlier segments: it can never match.
        public static let segmentUnreachable = "STRATEGY_SEGMENT_UNREACHABLE"
        /// A segment's arms' percentages do not sum to 100.
        public static let armsNotHundred = "STRATEGY_ARMS_NOT_100"
        /// A step on a channel that a country in scope allows no contact on.
        public static let channelForbidden = "STRATEGY_CHANNEL_FORBIDDEN"
        /// A step's day offset outside `0...StrategyLimits.dayOffsetMax`.
        public static let offsetOutOfRange = "STRATEGY_OFFSET_OUT_OF_RANGE"
        /// Steps not in order of their day offsets.
        public static let stepsUnordered = "STRATEGY_STEPS_UNORDERED"
        /// A treatment without steps.
        public static let treatmentEmpty = "STRATEGY_TREATMENT_EMPTY"
        /// A reminder fee above the country's cap in a rule-book entry in force on or after the day validated.
        public static let feeOverCap = "STRATEGY_FEE_OVER_CAP"
        /// Every code, for the documentation test.
        public static let all = [fileTooLarge, tooDeep, tooMany, syntax, unknownField, duplicateField, missingField,
                                 wrongType, badValue, amountInvalid, currencyMissing, countryOutOfScope, duplicateName,
                                 segmentUnreachable, armsNotHundred, channelForbidden, offsetOutOfRange, stepsUnordered,
                                 treatmentEmpty, feeOverCap]
    }
}

/// A strategy file that was refused, with every issue found (at most `StrategyLimits.issueCountMax`),
/// in order of line.
public struct StrategyRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The issues, first line first.
    public var issues: [StrategyIssue]

    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
