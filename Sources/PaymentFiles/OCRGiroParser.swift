import Domain

/// Nets OCR giro ("OCR giro — System specification", Nets Norway, chapter "Record
/// descriptions"): a transmission (start NY000010, end NY000089) of assignments (start NY090020,
/// end NY090088) of transactions, each an amount item 1 (record type 30), an amount item 2
/// (31) and, for Nettgiro with free text (transaction types 20 and 21), an amount item 3 (32).
/// Positions are documented in docs/PAYMENT-FILES.md.
struct OCRGiroParser: RecordParser {
    private enum State { case start, betweenAssignments, inAssignment, afterItem1, afterItem2, ended }

    /// Transaction types that take a payment back (Nettgiro reversal with KID, with free text).
    static let reversalTypes: Set<String> = ["18", "20"]
    /// Transaction types with an amount item 3.
    static let freeTextTypes: Set<String> = ["20", "21"]

    private var state = State.start
    private var transmissionNumber = ""
    private var assignmentAccount = ""
    // The transaction in progress.
    private var type = ""
    private var transactionNumber = ""
    private var item1: Record?
    private var pending: FilePayment?
    // Counted in the assignment and in the transmission.
    private var assignmentTransactions = 0
    private var assignmentRecords = 0
    private var assignmentSumMinor: Int64 = 0
    private var firstDay: Day?
    private var lastDay: Day?
    private var transactions = 0
    private var records = 0
    private var amountMinor: Int64 = 0
    private var assignments = 0
    private let maxSections: Int

    init(maxSections: Int) {
        self.maxSections = maxSections
    }

    mutating func consume(_ record: Record) throws(PaymentFileError) -> FilePayment? {
        records += 1
        if state == .inAssignment || state == .afterItem1 || state == .afterItem2 { assignmentRecords += 1 }
        guard record.has(1, 2, "NY") else {
            throw PaymentFileError(.field, line: record.line, field: "format code 1-2", "must be NY")
        }
        let service = Record.latin1(record.slice(3, 4))
        let kind = Record.latin1(record.slice(5, 6))
        let recordType = Record.latin1(record.slice(7, 8))
        switch (service, recordType) {
        case ("00", "10"):
            guard state == .start else { throw orderError(record) }
            try record.expect(5, 6, "00", "transmission type")
            _ = try record.digits(9, 16, "data transmitter")
            transmissionNumber = try record.digits(17, 23, "transmission number")
            _ = try record.digits(24, 31, "data recipient")
            state = .betweenAssignments
        case ("09", "20"):
            guard state == .betweenAssignments else { throw orderError(record) }
            try record.expect(5, 6, "00", "assignment type")
            _ = try record.digits(9, 17, "agreement ID")
            _ = try record.digits(18, 24, "assignment number")
            assignmentAccount = try record.digits(25, 35, "assignment account")
            guard assignments < maxSections else { throw PaymentFileError(.tooLarge, line: record.line, "more than \(maxSections) assignments") }
            assignments += 1
            assignmentTransactions = 0
            assignmentRecords = 1
            assignmentSumMinor = 0
            firstDay = nil
            lastDay = nil
            state = .inAssignment
        case ("09", "30"):
            guard state == .inAssignment else { throw orderError(record) }
            guard let typeNumber = Int(kind), (10...21).contains(typeNumber) else {
                throw PaymentFileError(.field, line: record.line, field: "transaction type 5-6", "must be 10 to 21")
            }
            type = kind
            transactionNumber = try record.digits(9, 15, "transaction number")
            let day = try record.dateDDMMYY(16, "nets date")
            _ = try record.digits(22, 31, "centre ID, day code, partial settlement, serial number")
            let amount = try record.number(33, 49, "amount")
            let sign = record.slice(32, 32).first
            guard sign == UInt8(ascii: "0") || sign == 0x20 || sign == UInt8(ascii: "-") else {
                throw PaymentFileError(.field, line: record.line, field: "sign 32", "must be 0, blank or -")
            }
            let signed = sign == UInt8(ascii: "-") ? -amount : amount
            try add(signed, to: &assignmentSumMinor, line: record.line)
            try add(signed, to: &amountMinor, line: record.line)
            firstDay = min(firstDay ?? day, day)
            lastDay = max(lastDay ?? day, day)
            assignmentTransactions += 1
            transactions += 1
            item1 = record
            state = .afterItem1
        case ("09", "31"):
            guard state == .afterItem1, let item1 else { throw orderError(record) }
            try sameTransaction(record)
            _ = try record.digits(16, 25, "form number")
            let ordered = record.has(42, 47, "000000") ? nil : try record.dateDDMMYY(42, "payment date")
            let netsDate = try item1.dateDDMMYY(16, "nets date")
            let amount = try item1.number(33, 49, "amount")
            let id = String(decoding: item1.slice(16, 31), as: UTF8.self)
            let payment = FilePayment(bankID: "OCR/\(assignmentAccount)/\(id)", kind: Self.reversalTypes.contains(type) ? .reversal : .payment,
                                  reference: item1.text(50, 74), amountMinor: amount, paidOn: ordered ?? netsDate, line: item1.line,
                                  raw: item1.raw + "\n" + record.raw)
            guard Self.freeTextTypes.contains(type) else {
                state = .inAssignment
                return payment
            }
            pending = payment
            state = .afterItem2
        case ("09", "32"):
            guard state == .afterItem2, var payment = pending else { throw orderError(record) }
            try sameTransaction(record)
            payment.raw += "\n" + record.raw
            pending = nil
            state = .inAssignment
            return payment
        case ("09", "88"):
            guard state == .inAssignment else { throw orderError(record) }
            try checkCount(try record.number(9, 16, "number of transactions"), assignmentTransactions, record, 9, 16, "number of transactions")
            try checkCount(try record.number(17, 24, "number of records"), assignmentRecords, record, 17, 24, "number of records")
            try checkSum(try record.number(25, 41, "sum amount"), assignmentSumMinor, record, 25, 41, "sum amount")
            _ = try record.dateDDMMYY(42, "nets date")
            if assignmentTransactions > 0 {
                guard try record.dateDDMMYY(48, "first date") == firstDay, try record.dateDDMMYY(54, "last date") == lastDay else {
                    throw PaymentFileError(.date, line: record.line, field: "first date 48-53, last date 54-59",
                                           "must be the first and last nets dates of the assignment's transactions")
                }
            }
            state = .betweenAssignments
        case ("00", "89"):
            guard state == .betweenAssignments else { throw orderError(record) }
            try checkCount(try record.number(9, 16, "number of transactions"), transactions, record, 9, 16, "number of transactions")
            try checkCount(try record.number(17, 24, "number of records"), records, record, 17, 24, "number of records")
            try checkSum(try record.number(25, 41, "sum amount"), amountMinor, record, 25, 41, "sum amount")
            _ = try record.dateDDMMYY(42, "nets date")
            state = .ended
        default:
            throw PaymentFileError(.recordUnknown, line: record.line, field: "service code 3-4, record type 7-8",
                                   "\"NY\(service)\(kind)\(recordType)\" is not an OCR giro record")
        }
        return nil
    }

    private func sameTransaction(_ record: Record) throws(PaymentFileError) {
        guard record.has(5, 6, type), record.has(9, 15, transactionNumber) else {
            throw PaymentFileError(.field, line: record.line, field: "transaction type 5-6, transaction number 9-15",
                                   "must be those of the amount item 1 before it (\(type), \(transactionNumber))")
        }
    }

    private func orderError(_ record: Record) -> PaymentFileError {
        let expected = switch state {
        case .start: "the start record of the transmission (NY000010)"
        case .betweenAssignments: "a start record of an assignment (NY090020) or the end of the transmission (NY000089)"
        case .inAssignment: "an amount item 1 (NY09..30) or the end of the assignment (NY090088)"
        case .afterItem1: "the amount item 2 (NY09..31) of the transaction"
        case .afterItem2: "the amount item 3 (NY09..32) of the Nettgiro transaction"
        case .ended: "nothing after the end of the transmission"
        }
        return PaymentFileError(.recordOrder, line: record.line, field: "record type 7-8",
                                "\(Record.latin1(record.slice(1, 8))) where the file must have \(expected)")
    }

    func finish(records: Int, line: Int) throws(PaymentFileError) -> PaymentFileSummary {
        guard state == .ended else { throw PaymentFileError(.truncated, line: line, "the file ends before its end record (NY000089)") }
        return PaymentFileSummary(format: .ocrGiro, fileID: transmissionNumber, isTest: false, records: records, payments: transactions,
                                  amountMinor: amountMinor, sectionDays: [])
    }
}
