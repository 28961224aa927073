import Domain

/// A format's record-by-record checks, fed one padded record at a time.
protocol RecordParser {
    /// Checks one record; returns the payment it completes, if any.
    mutating func consume(_ record: Record) throws(PaymentFileError) -> FilePayment?
    /// Checks that the file ended where it may; `line` is the last line read.
    func finish(records: Int, line: Int) throws(PaymentFileError) -> PaymentFileSummary
}

/// Reads a payment file from a stream of byte chunks, in bounded memory: splits lines (at most
/// one record long), checks the character set and line endings, recognises the format from the
/// first record, pads short records with blanks, and hands each payment to the caller as soon as
/// it is complete. Nothing is kept per payment.
///
/// Read a file twice: a first pass (`sectionDays` nil) checks it to its end record; only a file
/// that passes is read again, with the first pass's `sectionDays`, to apply its payments.
public struct PaymentFileReader {
    /// Bounds of one file.
    public struct Limits: Sendable, Hashable {
        /// Records (lines) at most.
        public var maxRecords: Int
        /// Sections (BgMax deposits, OCR giro assignments, BS sections) at most.
        public var maxSections: Int

        /// Creates limits; both must be positive.
        public init(maxRecords: Int = 20_000_000, maxSections: Int = 100_000) {
            precondition(maxRecords > 0 && maxSections > 0, "payment file limits must be positive")
            self.maxRecords = maxRecords
            self.maxSections = maxSections
        }
    }

    private let limits: Limits
    private let sectionDays: [Day]?
    private var parser: (any RecordParser)?
    private var format: PaymentFileFormat?
    private var line: [UInt8] = []
    private var lineNumber = 0
    private var pendingCR = false
    private var finished = false

    /// Creates a reader; `sectionDays` is nil for a first pass, the first pass's for the second.
    public init(sectionDays: [Day]? = nil, limits: Limits = Limits()) {
        self.sectionDays = sectionDays
        self.limits = limits
        line.reserveCapacity(Self.lineBytesMax)
    }

    /// The longest line read before the format is known (the longest record of any format).
    static let lineBytesMax = 128

    /// Reads `chunk`, calling `onPayment` for each payment completed in it.
    public mutating func read<Bytes: Sequence>(_ chunk: Bytes, _ onPayment: (FilePayment) throws -> Void) throws where Bytes.Element == UInt8 {
        precondition(!finished, "read after finish")
        for byte in chunk {
            if pendingCR {
                guard byte == 0x0A else {
                    throw PaymentFileError(.encoding, line: lineNumber + 1, "a carriage return (CR) not followed by a line feed (LF)")
                }
                pendingCR = false
                try endLine(crlf: true, onPayment)
                continue
            }
            switch byte {
            case 0x0D: pendingCR = true
            case 0x0A: try endLine(crlf: false, onPayment)
            default:
                line.append(byte)
                if line.count > (format?.recordLength ?? Self.lineBytesMax) {
                    // A line made long by UTF-8 is an encoding error first.
                    try Self.checkCharacters(line, lineNumber: lineNumber + 1)
                    throw PaymentFileError(.lineTooLong, line: lineNumber + 1,
                                           "longer than the record length (\(format?.recordLength ?? Self.lineBytesMax) bytes)")
                }
                if format == nil, lineNumber == 0, line.count == PaymentFileFormat.recognitionBytes {
                    try recognise()
                }
            }
        }
    }

    /// Ends the file: checks the last line and the end record; returns what the file held.
    public mutating func finish(_ onPayment: (FilePayment) throws -> Void) throws -> PaymentFileSummary {
        precondition(!finished, "finish twice")
        finished = true
        if pendingCR { throw PaymentFileError(.encoding, line: lineNumber + 1, "the file ends with a carriage return (CR) without its line feed (LF)") }
        if !line.isEmpty {
            if format == .bgMax { throw PaymentFileError(.lineEnding, line: lineNumber + 1, "a BgMax record ends with CR LF; the last one has none") }
            try endLine(crlf: false, onPayment)
        }
        guard let parser else { throw PaymentFileError(.empty, line: 0, "the file has no records") }
        return try parser.finish(records: lineNumber, line: lineNumber)
    }

    /// Checks a whole file held in memory (tests, fuzzing, small uploads).
    public static func check(_ bytes: [UInt8], limits: Limits = Limits()) throws -> PaymentFileSummary {
        var reader = PaymentFileReader(limits: limits)
        try reader.read(bytes) { _ in }
        return try reader.finish { _ in }
    }

    /// Reads a whole file held in memory twice, as the importer does, and returns its payments.
    public static func payments(_ bytes: [UInt8], limits: Limits = Limits()) throws -> (PaymentFileSummary, [FilePayment]) {
        let first = try check(bytes, limits: limits)
        var reader = PaymentFileReader(sectionDays: first.sectionDays, limits: limits)
        var payments: [FilePayment] = []
        try reader.read(bytes) { payments.append($0) }
        let second = try reader.finish { payments.append($0) }
        guard second == first else { throw PaymentFileError(.changed, line: 0, "the file is not the one checked in the first pass") }
        return (second, payments)
    }

    private mutating func recognise() throws(PaymentFileError) {
        guard let found = PaymentFileFormat.recognise(line[...]) else {
            throw PaymentFileError(.formatUnknown, line: 1, field: "record type",
                                   "the first record is not the start of a BgMax (01BGMAX), Nets OCR giro (NY000010) or Betalingsservice 0602 (BS002) file")
        }
        format = found
        switch found {
        case .bgMax: parser = BgMaxParser(sectionDays: sectionDays, maxSections: limits.maxSections)
        case .ocrGiro: parser = OCRGiroParser(maxSections: limits.maxSections)
        case .betalingsservice: parser = BetalingsserviceParser(maxSections: limits.maxSections)
        }
    }

    private mutating func endLine(crlf: Bool, _ onPayment: (FilePayment) throws -> Void) throws {
        lineNumber += 1
        defer { line.removeAll(keepingCapacity: true) }
        guard lineNumber <= limits.maxRecords else {
            throw PaymentFileError(.tooLarge, line: lineNumber, "more than \(limits.maxRecords) records")
        }
        if format == nil {
            if line.count < PaymentFileFormat.recognitionBytes, lineNumber == 1 {
                if line.isEmpty { throw PaymentFileError(.empty, line: 1, "the file starts with an empty line") }
                throw PaymentFileError(.formatUnknown, line: 1, field: "record type", "the first record is too short to be a start record")
            }
            try recognise()
        }
        guard let format, var parser else { preconditionFailure("format recognised on the first line") }
        if format == .bgMax, !crlf { throw PaymentFileError(.lineEnding, line: lineNumber, "a BgMax record ends with CR LF, not LF alone") }
        try Self.checkCharacters(line, lineNumber: lineNumber)
        guard !line.isEmpty else { throw PaymentFileError(.recordUnknown, line: lineNumber, "an empty line") }
        var bytes = line
        if bytes.count < format.recordLength {
            bytes.append(contentsOf: repeatElement(0x20, count: format.recordLength - bytes.count))
        }
        let payment = try parser.consume(Record(line: lineNumber, bytes: bytes))
        self.parser = parser
        if let payment { try onPayment(payment) }
    }

    /// ISO-8859-1 printable characters only: no control characters (C0, DEL, C1), and no UTF-8
    /// (a lead byte followed by a continuation byte reads as "Ã¥" in ISO-8859-1, which no Nordic
    /// name or text holds; it means the file was converted to UTF-8 on its way).
    static func checkCharacters(_ bytes: [UInt8], lineNumber: Int) throws(PaymentFileError) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || (0x7F...0x9F).contains(byte) {
                throw PaymentFileError(.encoding, line: lineNumber, field: "position \(index + 1)",
                                       "byte 0x\(String(byte, radix: 16, uppercase: true)) is not a printable ISO-8859-1 character")
            }
            if (0xC2...0xF4).contains(byte), index + 1 < bytes.count, (0x80...0xBF).contains(bytes[index + 1]) {
                throw PaymentFileError(.encoding, line: lineNumber, field: "position \(index + 1)",
                                       "UTF-8; the file must be ISO-8859-1 (Latin-1)")
            }
            index += 1
        }
    }
}
