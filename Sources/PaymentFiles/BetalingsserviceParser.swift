import Domain

/// Nets Denmark delivery 0602 "Betalingsoplysninger" (Betalingsservice og indbetalingskort,
/// "Vejledning for dataleverandører, Leverance 0602"): a delivery start (BS002), sections 0211
/// (automatic payments, transaction codes 0236 completed, 0237 rejected, 0238 cancelled, 0239
/// reversed) and 0215 (payments with an indbetalingskort — FI +71 — codes 0297 completed and 0299
/// reversed, with address records BS022 and free text BS052), each between a section start
/// (BS012) and end (BS092), and a delivery end (BS992). 128-byte records. Positions are
/// documented in docs/PAYMENT-FILES.md.
struct BetalingsserviceParser: RecordParser {
    private enum State { case start, betweenSections, inSection, ended }

    static let completed: Set<String> = ["0236", "0297"]
    static let reversed: Set<String> = ["0239", "0299"]
    static let codesBySection: [String: Set<String>] = ["0211": ["0236", "0237", "0238", "0239"], "0215": ["0297", "0299"]]

    private var state = State.start
    private var dataSupplier = ""
    private var deliveryID = ""
    private var section = ""
    private var pbsNumber = ""
    private var sectionPayments = 0
    private var sectionOthers = 0
    private var sectionSumMinor: Int64 = 0
    private var sections = 0
    private var payments = 0
    private var others = 0
    private var amountMinor: Int64 = 0
    private var reported = 0
    private let maxSections: Int

    init(maxSections: Int) {
        self.maxSections = maxSections
    }

    mutating func consume(_ record: Record) throws(PaymentFileError) -> FilePayment? {
        guard record.has(1, 2, "BS") else {
            throw PaymentFileError(.field, line: record.line, field: "system prefix 1-2", "must be BS")
        }
        let type = Record.latin1(record.slice(3, 5))
        switch (type, state) {
        case ("002", .start):
            dataSupplier = try record.digits(6, 13, "data supplier number")
            try record.expect(14, 16, "BS1", "subsystem")
            try record.expect(17, 20, "0602", "delivery type")
            deliveryID = try record.digits(21, 30, "delivery identification")
            _ = try record.dateDDMMYY(50, "creation date")
            state = .betweenSections
        case ("012", .betweenSections):
            pbsNumber = try record.digits(6, 13, "PBS number")
            section = Record.latin1(record.slice(14, 17))
            guard Self.codesBySection[section] != nil else {
                throw PaymentFileError(.field, line: record.line, field: "section type 14-17", "must be 0211 or 0215")
            }
            guard sections < maxSections else { throw PaymentFileError(.tooLarge, line: record.line, "more than \(maxSections) sections") }
            sectionPayments = 0
            sectionOthers = 0
            sectionSumMinor = 0
            state = .inSection
        case ("042", .inSection):
            try record.expect(6, 13, pbsNumber, "PBS number")
            let code = Record.latin1(record.slice(14, 17))
            guard Self.codesBySection[section]?.contains(code) == true else {
                throw PaymentFileError(.field, line: record.line, field: "transaction code 14-17", "\(code) is not a transaction of section \(section)")
            }
            let reference = try record.digits(28, 42, "customer number")
            let day = try record.dateDDMMYY(52, "payment date")
            guard let sign = record.slice(58, 58).first, (0x30...0x32).contains(sign) else {
                throw PaymentFileError(.field, line: record.line, field: "sign code 58", "must be 0, 1 or 2")
            }
            let amount = try record.number(59, 71, "amount")
            try add(amount, to: &sectionSumMinor, line: record.line)
            try add(amount, to: &amountMinor, line: record.line)
            sectionPayments += 1
            payments += 1
            guard Self.completed.contains(code) || Self.reversed.contains(code) else { return nil }
            reported += 1
            return FilePayment(bankID: "BS/\(dataSupplier)/\(deliveryID)/\(record.line)", kind: Self.reversed.contains(code) ? .reversal : .payment,
                               reference: reference, amountMinor: amount, paidOn: day, line: record.line, raw: record.raw)
        case ("022", .inSection), ("052", .inSection):
            guard section == "0215" else {
                throw PaymentFileError(.recordOrder, line: record.line, field: "record type 3-5", "BS\(type) belongs to section 0215 only")
            }
            sectionOthers += 1
            others += 1
        case ("092", .inSection):
            try record.expect(6, 13, pbsNumber, "PBS number")
            try record.expect(14, 17, section, "section type")
            try checkCount(try record.number(32, 42, "number of 042 records"), sectionPayments, record, 32, 42, "number of 042 records")
            try checkSum(try record.number(43, 57, "amount"), sectionSumMinor, record, 43, 57, "amount")
            try checkCount(try record.number(58, 68, "number of 022 and 052 records"), sectionOthers, record, 58, 68, "number of 022 and 052 records")
            sections += 1
            state = .betweenSections
        case ("992", .betweenSections):
            try record.expect(6, 13, dataSupplier, "data supplier number")
            try record.expect(14, 16, "BS1", "subsystem")
            try record.expect(17, 20, "0602", "delivery type")
            try checkCount(try record.number(21, 31, "number of sections"), sections, record, 21, 31, "number of sections")
            try checkCount(try record.number(32, 42, "number of 042 records"), payments, record, 32, 42, "number of 042 records")
            try checkSum(try record.number(43, 57, "amount"), amountMinor, record, 43, 57, "amount")
            try checkCount(try record.number(58, 68, "number of 022 and 052 records"), others, record, 58, 68, "number of 022 and 052 records")
            state = .ended
        default:
            guard ["002", "012", "042", "022", "052", "092", "992"].contains(type) else {
                throw PaymentFileError(.recordUnknown, line: record.line, field: "record type 3-5", "BS\(type) is not a record of delivery 0602")
            }
            let expected = switch state {
            case .start: "the delivery start (BS002)"
            case .betweenSections: "a section start (BS012) or the delivery end (BS992)"
            case .inSection: "a transaction (BS042, BS022, BS052) or the section end (BS092)"
            case .ended: "nothing after the delivery end (BS992)"
            }
            throw PaymentFileError(.recordOrder, line: record.line, field: "record type 3-5", "BS\(type) where the file must have \(expected)")
        }
        return nil
    }

    func finish(records: Int, line: Int) throws(PaymentFileError) -> PaymentFileSummary {
        guard state == .ended else { throw PaymentFileError(.truncated, line: line, "the file ends before its delivery end (BS992)") }
        return PaymentFileSummary(format: .betalingsservice, fileID: deliveryID, isTest: false, records: records, payments: reported,
                                  amountMinor: amountMinor, sectionDays: [])
    }
}
