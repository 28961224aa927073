import Domain

/// Bankgirot BgMax ("Bankgiro Inbetalningar, Teknisk manual", chapter "Post- och filbeskrivning
/// för BgMax-filen"): one start record (TK01), sections of an opening record (TK05), payments
/// (TK20, deductions TK21, each followed by its extra references TK22/23, information TK25 and
/// sender records TK26–29) and a deposit record (TK15), and an end record (TK70). Positions are
/// documented in docs/PAYMENT-FILES.md.
///
/// The payment date is in the deposit record, after the payments it covers; the first pass
/// collects each section's date (`PaymentFileSummary.sectionDays`) and the second pass, given
/// them, reports each payment with its date, so no section is held in memory.
struct BgMaxParser: RecordParser {
    private enum State { case start, betweenSections, inSection, ended }

    private var state = State.start
    private let sectionDays: [Day]?
    private let maxSections: Int
    private var fileID = ""
    private var isTest = false
    private var receivingBankgiro = ""
    // Counted in the section, checked by its deposit record (TK15).
    private var sectionPayments = 0
    private var sectionSumMinor: Int64 = 0
    private var paymentSeen = false
    // Counted in the file, checked by the end record (TK70).
    private var payments = 0
    private var deductions = 0
    private var extraReferences = 0
    private var deposits = 0
    private var amountMinor: Int64 = 0
    private var days: [Day] = []

    init(sectionDays: [Day]?, maxSections: Int) {
        self.sectionDays = sectionDays
        self.maxSections = maxSections
    }

    mutating func consume(_ record: Record) throws(PaymentFileError) -> FilePayment? {
        let code = Record.latin1(record.slice(1, 2))
        switch (code, state) {
        case ("01", .start):
            try record.expect(3, 22, "BGMAX" + String(repeating: " ", count: 15), "layout name")
            try record.expect(23, 24, "01", "version")
            _ = try record.dateYYYYMMDD(25, "timestamp")
            fileID = try record.digits(25, 44, "timestamp")
            switch record.slice(45, 45).first {
            case UInt8(ascii: "P"): isTest = false
            case UInt8(ascii: "T"): isTest = true
            default: throw PaymentFileError(.field, line: record.line, field: "test mark 45", "must be P (production) or T (test)")
            }
            state = .betweenSections
        case ("05", .betweenSections):
            receivingBankgiro = try record.digits(3, 12, "receiving bankgiro number")
            try record.expect(23, 25, "SEK", "currency")
            guard deposits < maxSections else {
                throw PaymentFileError(.tooLarge, line: record.line, "more than \(maxSections) sections")
            }
            sectionPayments = 0
            sectionSumMinor = 0
            paymentSeen = false
            state = .inSection
        case ("20", .inSection), ("21", .inSection):
            let deduction = code == "21"
            let amount = try record.number(38, 55, "amount")
            _ = try record.digits(3, 12, "sender bankgiro number")
            _ = try record.digits(58, 69, "BGC serial number")
            guard let referenceCode = record.slice(56, 56).first, (0x30...0x35).contains(referenceCode) else {
                throw PaymentFileError(.field, line: record.line, field: "reference code 56", "must be 0 to 5")
            }
            sectionPayments += 1
            if deduction {
                deductions += 1
                try add(-amount, to: &sectionSumMinor, line: record.line)
            } else {
                payments += 1
                try add(amount, to: &sectionSumMinor, line: record.line)
            }
            try add(amount, to: &amountMinor, line: record.line)
            paymentSeen = true
            return try payment(record, deduction: deduction, amount: amount)
        case ("22", .inSection), ("23", .inSection):
            guard paymentSeen else { throw orderError(record, code) }
            _ = try record.number(38, 55, "amount")
            extraReferences += 1
        case ("25", .inSection), ("26", .inSection), ("27", .inSection), ("28", .inSection), ("29", .inSection):
            guard paymentSeen else { throw orderError(record, code) }
        case ("15", .inSection):
            let day = try record.dateYYYYMMDD(38, "payment date")
            try record.expect(69, 71, "SEK", "currency")
            try checkCount(try record.number(72, 79, "number of payments"), sectionPayments, record, 72, 79, "number of payments")
            try checkSum(try record.number(51, 68, "deposit amount"), sectionSumMinor, record, 51, 68, "deposit amount")
            if let sectionDays, deposits >= sectionDays.count || sectionDays[deposits] != day {
                throw PaymentFileError(.changed, line: record.line, "the file is not the one checked in the first pass")
            }
            days.append(day)
            deposits += 1
            state = .betweenSections
        case ("70", .betweenSections):
            try checkCount(try record.number(3, 10, "number of payment records"), payments, record, 3, 10, "number of payment records")
            try checkCount(try record.number(11, 18, "number of deduction records"), deductions, record, 11, 18, "number of deduction records")
            try checkCount(try record.number(19, 26, "number of extra reference records"), extraReferences, record, 19, 26,
                           "number of extra reference records")
            try checkCount(try record.number(27, 34, "number of deposit records"), deposits, record, 27, 34, "number of deposit records")
            state = .ended
        default:
            guard ["01", "05", "15", "20", "21", "22", "23", "25", "26", "27", "28", "29", "70"].contains(code) else {
                throw PaymentFileError(.recordUnknown, line: record.line, field: "transaction code 1-2", "\"\(code)\" is not a BgMax record")
            }
            throw orderError(record, code)
        }
        return nil
    }

    private func payment(_ record: Record, deduction: Bool, amount: Int64) throws(PaymentFileError) -> FilePayment {
        var paidOn: Day?
        if let sectionDays {
            guard deposits < sectionDays.count else {
                throw PaymentFileError(.changed, line: record.line, "the file is not the one checked in the first pass")
            }
            paidOn = sectionDays[deposits]
        }
        let serial = String(decoding: record.slice(58, 69), as: UTF8.self)
        let date = paidOn.map { String($0.year * 10_000 + $0.month * 100 + $0.day) } ?? ""
        return FilePayment(bankID: "BGMAX/\(receivingBankgiro)/\(date)/\(serial)", kind: deduction ? .deduction : .payment,
                           reference: record.text(13, 37), amountMinor: amount, paidOn: paidOn, line: record.line, raw: record.raw)
    }

    private func orderError(_ record: Record, _ code: String) -> PaymentFileError {
        let expected = switch state {
        case .start: "the start record (01)"
        case .betweenSections: "an opening record (05) or the end record (70)"
        case .inSection: paymentSeen ? "a payment record (20, 21), its detail records (22-29) or the deposit record (15)"
            : "a payment record (20, 21)"
        case .ended: "nothing after the end record (70)"
        }
        return PaymentFileError(.recordOrder, line: record.line, field: "transaction code 1-2", "record \(code) where the file must have \(expected)")
    }

    func finish(records: Int, line: Int) throws(PaymentFileError) -> PaymentFileSummary {
        guard state == .ended else { throw PaymentFileError(.truncated, line: line, "the file ends before its end record (70)") }
        return PaymentFileSummary(format: .bgMax, fileID: fileID, isTest: isTest, records: records, payments: payments + deductions,
                                  amountMinor: amountMinor, sectionDays: days)
    }
}
