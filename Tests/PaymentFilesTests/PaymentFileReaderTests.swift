import Foundation
import Testing
import Domain
@testable import PaymentFiles

/// The fixtures in `Fixtures/`, made by `Fixtures/make-fixtures.py` from the layouts in
/// docs/PAYMENT-FILES.md.
func fixture(_ name: String) -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: url.path) else { preconditionFailure("missing fixture \(name)") }
    return Array(data)
}

/// The refusal reading `bytes` gives, nil when it reads.
func refusal(_ bytes: [UInt8]) -> PaymentFileError? {
    do {
        _ = try PaymentFileReader.payments(bytes)
        return nil
    } catch let error as PaymentFileError {
        return error
    } catch {
        return PaymentFileError(.field, line: -1, "not a PaymentFileError: \(error)")
    }
}

func day(_ text: String) -> Day {
    guard let value = Day(iso8601: text) else { preconditionFailure("bad test date \(text)") }
    return value
}

@Suite("Payment files: golden files read to the expected payments")
struct GoldenFileTests {
    @Test("BgMax: payments dated by their section's deposit record, a deduction, and the totals")
    func bgMax() throws {
        let (summary, payments) = try PaymentFileReader.payments(fixture("bgmax-golden.txt"))
        #expect(summary.format == .bgMax)
        #expect(summary.fileID == "20261201103015123456")
        #expect(!summary.isTest)
        #expect(summary.records == 14)
        #expect(summary.sectionDays == [day("2026-11-30"), day("2026-12-01")])
        #expect(payments.map(\.reference) == ["10000016", "100000298", "10000034", "10000040", "10000040"])
        #expect(payments.map(\.amountMinor) == [150_000, 2_550, 9_900, 700_000, 10_000])
        #expect(payments.map(\.kind) == [.payment, .payment, .payment, .payment, .deduction])
        #expect(payments.map(\.paidOn) == [day("2026-11-30"), day("2026-11-30"), day("2026-11-30"), day("2026-12-01"), day("2026-12-01")])
        #expect(payments[0].bankID == "BGMAX/0009912346/20261130/100000000001")
        #expect(Set(payments.map(\.bankID)).count == payments.count)
        #expect(payments.map(\.line) == [3, 5, 6, 10, 12])
        // The raw record is kept for the unmatched list; the sender's name record (TK26) is not.
        #expect(payments[2].raw.hasPrefix("20000000000010000034"))
    }

    @Test("Nets OCR giro: KID payments, a reversal, a Nettgiro with free text, dated by the payer's order date")
    func ocrGiro() throws {
        let (summary, payments) = try PaymentFileReader.payments(fixture("ocrgiro-golden.txt"))
        #expect(summary.format == .ocrGiro)
        #expect(summary.fileID == "0170604")
        #expect(summary.records == 13)
        #expect(summary.amountMinor == 227_500)
        #expect(payments.map(\.reference) == ["20000014", "20000022", "20000022", ""])
        #expect(payments.map(\.kind) == [.payment, .payment, .reversal, .payment])
        #expect(payments.map(\.amountMinor) == [120_000, 50_000, 50_000, 7_500])
        #expect(payments.map(\.paidOn) == [day("2026-11-30"), day("2026-12-01"), day("2026-12-02"), day("2026-12-02")])
        #expect(payments[0].bankID == "OCR/86011117947/0112260129100001")
        #expect(payments[3].raw.contains("Betaling for kort 4571"))
    }

    @Test("Betalingsservice 0602: completed payments and a reversal; rejected ones carry no money")
    func betalingsservice() throws {
        let (summary, payments) = try PaymentFileReader.payments(fixture("bs0602-golden.txt"))
        #expect(summary.format == .betalingsservice)
        #expect(summary.fileID == "0000000001")
        #expect(summary.records == 12)
        #expect(payments.map(\.reference) == ["000000030000012", "000000030000038", "000000030000046"])
        #expect(payments.map(\.kind) == [.payment, .reversal, .payment])
        #expect(payments.map(\.amountMinor) == [45_000, 8_000, 99_950])
        #expect(payments.map(\.paidOn) == [day("2026-12-01"), day("2026-12-01"), day("2026-11-30")])
        for payment in payments {
            #expect(AccountReference.failure(Array(payment.reference.utf8), scheme: .danishFI71) == nil)
        }
    }

    @Test("lines with their trailing blanks trimmed are padded to the record length", arguments: ["bgmax", "ocrgiro", "bs0602"])
    func trimmedLinesArePadded(_ format: String) throws {
        let golden = try PaymentFileReader.payments(fixture("\(format)-golden.txt"))
        let trimmed = try PaymentFileReader.payments(fixture("\(format)-trimmed.txt"))
        #expect(trimmed.0 == golden.0)
        #expect(trimmed.1.map(\.bankID) == golden.1.map(\.bankID))
        #expect(trimmed.1.map(\.amountMinor) == golden.1.map(\.amountMinor))
    }

    @Test("reading in chunks of any size gives the same payments as reading at once")
    func chunked() throws {
        let bytes = fixture("bgmax-golden.txt")
        let whole = try PaymentFileReader.payments(bytes)
        for size in [1, 7, 80, 82, 1000] {
            let first = try PaymentFileReader.check(bytes)
            var reader = PaymentFileReader(sectionDays: first.sectionDays)
            var payments: [FilePayment] = []
            var start = 0
            while start < bytes.count {
                try reader.read(bytes[start..<min(bytes.count, start + size)]) { payments.append($0) }
                start += size
            }
            #expect(try reader.finish { payments.append($0) } == whole.0)
            #expect(payments == whole.1, "chunks of \(size)")
        }
    }
}

@Suite("Payment files: broken files are refused with line, field and reason")
struct BrokenFileTests {
    struct Case: Sendable, CustomStringConvertible {
        let file: String
        let code: PaymentFileError.Code
        let line: Int
        let field: String
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "bgmax-broken-count.txt", code: .countMismatch, line: 14, field: "number of payment records 3-10"),
        Case(file: "bgmax-broken-length.txt", code: .lineTooLong, line: 2, field: ""),
        Case(file: "bgmax-broken-total.txt", code: .sumMismatch, line: 8, field: "deposit amount 51-68"),
        Case(file: "bgmax-broken-truncated.txt", code: .truncated, line: 12, field: ""),
        Case(file: "bgmax-broken-order.txt", code: .recordOrder, line: 2, field: "transaction code 1-2"),
        Case(file: "bgmax-broken-lf.txt", code: .lineEnding, line: 1, field: ""),
        Case(file: "bgmax-broken-utf8.txt", code: .encoding, line: 4, field: "position 3"),
        Case(file: "ocrgiro-broken-count.txt", code: .countMismatch, line: 13, field: "number of transactions 9-16"),
        Case(file: "ocrgiro-broken-length.txt", code: .lineTooLong, line: 2, field: ""),
        Case(file: "ocrgiro-broken-total.txt", code: .sumMismatch, line: 12, field: "sum amount 25-41"),
        Case(file: "ocrgiro-broken-truncated.txt", code: .truncated, line: 11, field: ""),
        Case(file: "ocrgiro-broken-order.txt", code: .recordOrder, line: 2, field: "record type 7-8"),
        Case(file: "bs0602-broken-count.txt", code: .countMismatch, line: 12, field: "number of sections 21-31"),
        Case(file: "bs0602-broken-length.txt", code: .lineTooLong, line: 2, field: ""),
        Case(file: "bs0602-broken-total.txt", code: .sumMismatch, line: 6, field: "amount 43-57"),
        Case(file: "bs0602-broken-truncated.txt", code: .truncated, line: 10, field: ""),
        Case(file: "bs0602-broken-order.txt", code: .recordOrder, line: 2, field: "record type 3-5"),
        Case(file: "random-bytes.bin", code: .formatUnknown, line: 1, field: "record type"),
    ]

    @Test("each broken fixture gets its refusal", arguments: cases)
    func refused(_ expected: Case) {
        let error = refusal(fixture(expected.file))
        #expect(error?.code == expected.code, "\(error?.description ?? "read without error")")
        #expect(error?.line == expected.line, "\(error?.description ?? "")")
        #expect(error?.field == expected.field, "\(error?.description ?? "")")
    }

    @Test("an empty file, and one that is only a line break, are refused")
    func empty() {
        #expect(refusal([])?.code == .empty)
        #expect(refusal(Array("\r\n".utf8))?.code == .empty)
    }

    @Test("a line of exactly the record length reads; one byte more is refused")
    func recordLengthEdge() {
        var lines = String(decoding: fixture("bgmax-golden.txt"), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[1].utf8.count == 80)
        lines[1] += " "
        #expect(refusal(Array(lines.joined(separator: "\r\n").utf8))?.code == .lineTooLong)
    }

    @Test("a test file (test mark T) reads and says so")
    func testMark() throws {
        var bytes = fixture("bgmax-golden.txt")
        bytes[44] = UInt8(ascii: "T")
        #expect(try PaymentFileReader.check(bytes).isTest)
        bytes[44] = UInt8(ascii: "X")
        #expect(refusal(bytes)?.field == "test mark 45")
    }

    @Test("letters in an amount, and a date that is not one, are refused with their field")
    func fieldsAndDates() {
        var bytes = fixture("bgmax-golden.txt")
        let payment = 2 * 82  // line 3 starts here
        bytes[payment + 40] = UInt8(ascii: "A")
        #expect(refusal(bytes)?.field == "amount 38-55")
        bytes = fixture("bgmax-golden.txt")
        let deposit = 7 * 82
        bytes[deposit + 41] = UInt8(ascii: "1")
        bytes[deposit + 42] = UInt8(ascii: "3")  // month 13
        let error = refusal(bytes)
        #expect(error?.code == .date)
        #expect(error?.line == 8)
    }

    @Test("amounts that add up past Int64 are refused, never trapped on")
    func sumOverflow() {
        let largest = Int64(999_999_999_999_999_999)  // the most 18 digits carry
        #expect(refusal(bgMaxFile(amounts: [largest])) == nil)
        #expect(refusal(bgMaxFile(amounts: Array(repeating: largest, count: 10)))?.code == .sumOverflow)
    }

    @Test("more records than the limit is refused at the first one past it")
    func recordLimit() {
        let bytes = fixture("bgmax-golden.txt")
        #expect((try? PaymentFileReader.check(bytes, limits: .init(maxRecords: 14))) != nil)
        do {
            _ = try PaymentFileReader.check(bytes, limits: .init(maxRecords: 13))
            Issue.record("read past its record limit")
        } catch {
            #expect((error as? PaymentFileError)?.code == .tooLarge)
            #expect((error as? PaymentFileError)?.line == 14)
        }
    }

    @Test("sections at the limit read; one more is refused at its opening record")
    func sectionLimit() {
        let bytes = fixture("bgmax-golden.txt")  // two sections
        #expect((try? PaymentFileReader.check(bytes, limits: .init(maxSections: 2))) != nil)
        do {
            _ = try PaymentFileReader.check(bytes, limits: .init(maxSections: 1))
            Issue.record("read past its section limit")
        } catch {
            #expect((error as? PaymentFileError)?.code == .tooLarge)
            #expect((error as? PaymentFileError)?.line == 9)
        }
    }

    /// The golden OCR giro file with its one assignment (lines 2-12) twice and the end of
    /// transmission's counts and sum made right for both.
    static func ocrGiroTwoAssignments() -> [UInt8] {
        let lines = String(decoding: fixture("ocrgiro-golden.txt"), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let assignment = Array(lines[1..<(lines.count - 1)])
        let end = "NY000089" + "00000008" + "00000024" + "00000000000455000" + "021226"
        let all = [lines[0]] + assignment + assignment + [end + String(repeating: "0", count: 80 - end.count)]
        return Array((all.joined(separator: "\r\n") + "\r\n").utf8)
    }

    @Test("OCR giro assignments and Betalingsservice sections at the limit read; one more is refused at its start record",
          arguments: [("ocrgiro-two-assignments", 2, 13), ("bs0602-golden.txt", 2, 7)])
    func sectionLimitOtherFormats(_ file: String, _ sections: Int, _ lineOfTheOneMore: Int) {
        let bytes = file == "ocrgiro-two-assignments" ? Self.ocrGiroTwoAssignments() : fixture(file)
        #expect((try? PaymentFileReader.check(bytes, limits: .init(maxSections: sections))) != nil)
        do {
            _ = try PaymentFileReader.check(bytes, limits: .init(maxSections: sections - 1))
            Issue.record("read past its section limit")
        } catch {
            #expect((error as? PaymentFileError)?.code == .tooLarge)
            #expect((error as? PaymentFileError)?.line == lineOfTheOneMore)
        }
    }

    @Test("the second pass refuses a file that changed since the first")
    func changedBetweenPasses() throws {
        let first = try PaymentFileReader.check(fixture("bgmax-golden.txt"))
        var reader = PaymentFileReader(sectionDays: [first.sectionDays[0], day("2026-01-01")])
        #expect(throws: PaymentFileError.self) {
            try reader.read(fixture("bgmax-golden.txt")) { _ in }
        }
    }
}

/// A BgMax file of one section with payments of `amounts` (OCR references 1, 2, ...), its
/// control records right (deposit amount past Int64 written as 18 nines).
func bgMaxFile(amounts: [Int64]) -> [UInt8] {
    func pad(_ text: String, _ width: Int, _ fill: Character = "0") -> String {
        String(repeating: fill, count: max(0, width - text.count)) + text
    }
    func line(_ text: String) -> String { text + String(repeating: " ", count: 80 - text.count) + "\r\n" }
    var text = line("01BGMAX               0120261201103015123456P")
    text += line("050009912346          SEK")
    var sum: Int64 = 0
    var overflow = false
    for (index, amount) in amounts.enumerated() {
        let reference = AccountReference.make(serial: UInt64(index + 1), scheme: .swedishOCR)
        text += line("20" + pad("3783511", 10) + reference + String(repeating: " ", count: 25 - reference.count) + pad(String(amount), 18)
                     + "21" + pad(String(index + 1), 12) + "0")
        let (next, over) = sum.addingReportingOverflow(amount)
        sum = next
        overflow = overflow || over
    }
    let deposit = overflow || String(sum).count > 18 ? String(repeating: "9", count: 18) : pad(String(sum), 18)
    text += line("15" + pad("", 35, " ") + "20261201" + "00001" + deposit + "SEK" + pad(String(amounts.count), 8) + " ")
    text += line("70" + pad(String(amounts.count), 8) + pad("0", 8) + pad("0", 8) + pad("1", 8))
    return Array(text.utf8)
}

@Suite("Payment files: the documentation lists every refusal code")
struct PaymentFileDocumentationTests {
    @Test("docs/PAYMENT-FILES.md names every PaymentFileError code and every reference failure")
    func everyCodeDocumented() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/PAYMENT-FILES.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        for code in PaymentFileError.Code.allCases { #expect(text.contains("`\(code.rawValue)`"), "\(code.rawValue)") }
        for failure in [AccountReference.Failure.format, .checkDigit, .lengthDigit] { #expect(text.contains("`\(failure.rawValue)`")) }
    }
}
