import Domain
import Foundation
import Protocol
import Services
import Testing

/// A BgMax file (CR LF) of one section dated `day`, paying `payments` in order, with its control
/// records right (docs/PAYMENT-FILES.md, "BgMax").
func bgMaxFile(_ payments: [(reference: String, amountMinor: Int64)], on day: Day, serialBase: Int = 1) -> [UInt8] {
    func pad(_ text: String, _ width: Int, _ fill: Character = "0") -> String {
        String(repeating: fill, count: max(0, width - text.count)) + text
    }
    func line(_ text: String) -> String { text + String(repeating: " ", count: 80 - text.count) + "\r\n" }
    let date = day.description.replacingOccurrences(of: "-", with: "")
    var text = line("01BGMAX               01\(date)103015123456P")
    text += line("050009912346          SEK")
    for (index, payment) in payments.enumerated() {
        text += line("20" + pad("3783511", 10) + payment.reference + String(repeating: " ", count: 25 - payment.reference.count)
                     + pad(String(payment.amountMinor), 18) + "21" + pad(String(serialBase + index), 12) + "0")
    }
    let total = payments.reduce(Int64(0)) { $0 + $1.amountMinor }
    text += line("15" + pad("", 35, " ") + date + "00001" + pad(String(total), 18) + "SEK" + pad(String(payments.count), 8))
    text += line("70" + pad(String(payments.count), 8) + pad("0", 8) + pad("0", 8) + pad("1", 8))
    return Array(text.utf8)
}

/// The payment-file import's limits, each at its edge: accepted at the limit, refused one past it
/// with its code, and nothing changed by the refusal.
@Suite("Payment file import: limits at their edges")
struct PaymentFileLimitTests {
    static let today = Day(iso8601: "2026-12-03")!

    static func day(_ offset: Int) -> Day { Day(daysSinceEpoch: today.daysSinceEpoch + offset)! }

    func upload(_ harness: PaymentFileHarness, _ name: String, _ bytes: [UInt8]) -> Result<ImportPaymentFileResponse, ServiceFailure> {
        harness.call(PaymentFilesService.importPaymentFile, ImportPaymentFileRequest(fileName: name, content: bytes))
    }

    @Test("the paid-on window: a file's payment of today and of 400 days ago is applied; tomorrow's and 401 days ago go to the list")
    func paidOnWindow() throws {
        let harness = try PaymentFileHarness()
        var serial = 1
        func importOne(_ offset: Int) throws -> ImportPaymentFileResponse {
            defer { serial += 1 }
            return try upload(harness, "day\(offset).txt", bgMaxFile([("10000016", 100)], on: Self.day(offset), serialBase: serial)).get()
        }
        #expect(try importOne(0).matched == 1)
        #expect(try importOne(-400).matched == 1)
        #expect(harness.scalar("SELECT count(*) FROM payment WHERE account_number = 'A-SE-1'") == 2)
        for offset in [1, -401] {
            let response = try importOne(offset)
            #expect((response.matched, response.unmatched) == (0, 1), "\(offset)")
        }
        let listed = harness.unmatched()
        #expect(listed.map(\.reason) == ["PAYMENT_DATE_OUT_OF_RANGE", "PAYMENT_DATE_OUT_OF_RANGE"])
        #expect(listed.first?.raw.contains("after today") == true && listed.last?.raw.contains("too long ago") == true, "\(listed.map(\.raw))")
        #expect(harness.scalar("SELECT count(*) FROM payment") == 2, "nothing applied for the two outside the window")
    }

    @Test("a reference of 2 and of 25 digits is matched; 1 digit is a format failure on the list (26 cannot be written in BgMax's 25 positions)")
    func referenceLengths() throws {
        let harness = try PaymentFileHarness()
        func withCheck(_ body: String) -> String { body + String(UnicodeScalar(CheckDigit.mod10(Array(body.utf8))!)) }
        let short = withCheck("4")
        let long = withCheck("123456789012345678901234")
        #expect(short.count == 2 && long.count == 25)
        try harness.insertAccounts([("A-SE-3", "SE", "SEK", short, .open), ("A-SE-4", "SE", "SEK", long, .open)])
        let response = try upload(harness, "lengths.txt", bgMaxFile([(short, 100), (long, 200), ("5", 300)], on: Self.today)).get()
        #expect((response.matched, response.unmatched) == (2, 1))
        #expect(harness.scalar("SELECT amount_minor FROM payment WHERE account_number = 'A-SE-3'") == 100)
        #expect(harness.scalar("SELECT amount_minor FROM payment WHERE account_number = 'A-SE-4'") == 200)
        #expect(harness.unmatched().map(\.reason) == ["REFERENCE_FORMAT"])
    }

    @Test("a file name of 200 characters is recorded; 201 is refused before anything is read or written")
    func fileNameLength() throws {
        let harness = try PaymentFileHarness()
        let atLimit = String(repeating: "n", count: 200)
        #expect(try upload(harness, atLimit, fixture("bgmax-golden.txt")).get().matched == 2)
        #expect(harness.scalar("SELECT count(*) FROM payment_file WHERE name = '\(atLimit)'") == 1)
        let failure = upload(harness, atLimit + "n", fixture("ocrgiro-golden.txt")).failure
        #expect(failure?.status == .invalidArgument && failure?.detail.code == "PAYMENT_FILE_NAME_TOO_LONG" && failure?.detail.fieldPath == "file_name")
        #expect(harness.scalar("SELECT count(*) FROM payment_file") == 1)
        #expect(harness.scalar("SELECT count(*) FROM payment WHERE currency = 'NOK'") == 0)
    }

    /// Stops the import at its `stopAt`-th look between chunks.
    final class StopAt: @unchecked Sendable {
        let stopAt: Int
        var looks = 0
        init(_ stopAt: Int) { self.stopAt = stopAt }
        func ask() -> Bool {
            looks += 1
            return looks >= stopAt
        }
    }

    @Test("payments are applied in chunks of 200: 200 payments are one chunk; a stop before the second chunk of 201 leaves exactly 200, the next import the 201st")
    func chunkOf200() throws {
        #expect(PaymentFileImporter.chunkPayments == 200)
        let harness = try PaymentFileHarness()
        let importer = PaymentFileImporter(service: harness.service)
        let exactly = bgMaxFile(Array(repeating: ("10000016", 100), count: 200), on: Self.today)
        let one = StopAt(2)
        let whole = try importer.run(InMemoryPaymentFile(name: "200.txt", bytes: exactly), as: PaymentFileHarness.importer, shouldStop: one.ask)
        #expect(whole.matched == 200 && one.looks == 1, "one chunk, one look")

        let past = bgMaxFile(Array(repeating: ("10000040", 100), count: 201), on: Self.today, serialBase: 1_000)
        let two = StopAt(2)
        do {
            _ = try importer.run(InMemoryPaymentFile(name: "201.txt", bytes: past), as: PaymentFileHarness.importer, shouldStop: two.ask)
            Issue.record("the import did not stop before its second chunk")
        } catch {
            #expect(error.status == .unavailable && error.detail.code == "PAYMENT_IMPORT_STOPPED")
        }
        #expect(harness.scalar("SELECT count(*) FROM payment WHERE account_number = 'A-SE-2'") == 200)
        #expect(harness.scalar("SELECT count(*) FROM payment_file WHERE status = 'APPLYING'") == 1)
        let finished = try importer.run(InMemoryPaymentFile(name: "201.txt", bytes: past), as: PaymentFileHarness.importer)
        #expect((finished.matched, finished.skipped) == (201, 200), "the run's counts add up over both tries")
        #expect(harness.scalar("SELECT count(*) FROM payment WHERE account_number = 'A-SE-2'") == 201)
        #expect(harness.scalar("SELECT count(*) FROM payment_file WHERE status = 'APPLYING'") == 0)
    }

    @Test("one import at a time: a second one meanwhile is refused PAYMENT_IMPORT_BUSY with nothing written; once the first is done it goes")
    func busy() throws {
        let harness = try PaymentFileHarness()
        let importer = PaymentFileImporter(service: harness.service)
        let meanwhile = Blocking<Result<ImportPaymentFileResponse, ServiceFailure>>()
        let file = bgMaxFile(Array(repeating: ("10000016", 100), count: 3), on: Self.today)
        // Asked between chunks, on the importer's thread, while it holds the import slot.
        _ = try importer.run(InMemoryPaymentFile(name: "first.txt", bytes: file), as: PaymentFileHarness.importer, shouldStop: {
            meanwhile.finish(.success(self.upload(harness, "second.txt", fixture("ocrgiro-golden.txt"))))
            return false
        })
        let refused = try meanwhile.wait().failure
        #expect(refused?.status == .resourceExhausted && refused?.detail.code == "PAYMENT_IMPORT_BUSY")
        #expect(harness.scalar("SELECT count(*) FROM payment_file") == 1)
        #expect(harness.scalar("SELECT count(*) FROM payment WHERE currency = 'NOK'") == 0)
        #expect(try upload(harness, "second.txt", fixture("ocrgiro-golden.txt")).get().payments == 4)
    }
}
