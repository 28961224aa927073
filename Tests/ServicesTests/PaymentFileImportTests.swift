import Crypto
import Domain
import Foundation
import Protocol
import Services
import SQLiteDriver
import Store
import Testing

/// A store seeded with accounts whose references the golden payment files pay
/// (Tests/PaymentFilesTests/Fixtures), on 2026-12-03, so every file's dates are in range.
final class PaymentFileHarness: @unchecked Sendable {
    let directory: String
    let path: String
    let writer: StoreWriter
    let reader: StoreReader
    let service: CollectService
    static let nowMs: Int64 = Int64(CalendarDate(year: 2026, month: 12, day: 3)!.daysSinceEpoch) * 86_400_000 + 10 * 3_600_000

    /// Account, country, currency, reference, case status.
    static let accounts: [(String, String, String, String, CaseState)] = [
        ("A-SE-1", "SE", "SEK", "10000016", .open), ("A-SE-2", "SE", "SEK", "10000040", .open),
        ("A-NO-1", "NO", "NOK", "20000014", .open), ("A-NO-2", "NO", "NOK", "20000022", .open),
        ("A-DK-1", "DK", "DKK", "000000030000012", .open), ("A-DK-2", "DK", "DKK", "000000030000046", .closed),
    ]

    init() throws {
        directory = NSTemporaryDirectory() + "collect-payment-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/collect.sqlite"
        writer = try StoreWriter(path: path, auditKey: .unkeyed, clockMs: { PaymentFileHarness.nowMs })
        service = CollectService(writer: writer, sealer: Sealer(masterKey: [UInt8](repeating: 7, count: 32)), version: "test", loopThreads: 1,
                                 clockMs: { PaymentFileHarness.nowMs })
        reader = try StoreReader(path: path)
        try insertAccounts(Self.accounts)
    }

    /// Adds a customer, an open case and an account per row (account, country, currency,
    /// reference, case status); the account's suffix after `A-` names its case `C-…`.
    func insertAccounts(_ accounts: [(String, String, String, String, CaseState)]) throws {
        let sealer = Sealer(masterKey: [UInt8](repeating: 7, count: 32))
        let opened = Int32(CalendarDate(year: 2026, month: 9, day: 1)!.daysSinceEpoch)
        let done = Blocking<Void>()
        writer.submit(Mutation(actor: "seed", idempotency: nil, apply: { context in
            for (number, country, currency, reference, status) in accounts {
                let id = String(number.dropFirst(2))
                try context.insert(CustomerRecord(
                    id: "CU-\(id)", country: country, fullName: "Kund \(id)", nationalIDLookup: sealer.lookupHash(id), nationalIDSealed: sealer.seal(id),
                    nationalIDMasked: "******", phone: "", email: "", language: "EN", mandate: "NONE", addressLine: "Gata 1", postalCode: "111 11", city: "Stad"))
                try context.insert(CaseRecord(id: "C-\(id)", customerID: "CU-\(id)", country: country, status: status,
                                                         assignedHandler: "anna.handler", segment: "long-term", version: 1, openedOn: opened))
                try context.insert(AccountRecord(number: number, customerID: "CU-\(id)", caseID: "C-\(id)", product: "Classic",
                                                            currency: currency, balanceMinor: 2_000_000, overdueMinor: 600_000, oldestUnpaidDue: opened,
                                                            creditLimitMinor: 5_000_000, paymentReference: reference))
            }
            return []
        }, completion: { result in done.finish(result.map { _ in () }.mapError { $0 as any Error }) }))
        try done.wait()
    }

    deinit {
        writer.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    static let importer = Principal(name: "bank.files", role: .automation, countries: ["SE", "NO", "DK"])

    func call<Request: WireMessage, Response: WireMessage>(_ method: MethodDescriptor<Request, Response>, _ request: Request,
                                                           as principal: Principal = PaymentFileHarness.importer) -> Result<Response, ServiceFailure> {
        let answer = Blocking<[UInt8]>()
        service.handle(path: method.path, request: request.encoded(), environment: CallEnvironment(principal: principal, idempotencyKey: nil),
                       reader: reader) { result in answer.finish(result.mapError { $0 as any Error }) }
        do {
            return .success(try Response(decoding: try answer.wait()))
        } catch let failure as ServiceFailure {
            return .failure(failure)
        } catch {
            return .failure(ServiceFailure(.internal, "TEST", "\(error)"))
        }
    }

    func importFile(_ name: String, as principal: Principal = PaymentFileHarness.importer) -> Result<ImportPaymentFileResponse, ServiceFailure> {
        call(PaymentFilesService.importPaymentFile, ImportPaymentFileRequest(fileName: name, content: fixture(name)), as: principal)
    }

    func unmatched(_ status: String = "OPEN") -> [UnmatchedPayment] {
        (try? call(PaymentFilesService.listUnmatchedPayments, ListUnmatchedPaymentsRequest(status: status)).get().payments) ?? []
    }

    func scalar(_ sql: String) -> Int64 {
        let connection = try! Connection(path: path, readOnly: true)
        return try! connection.scalarInt(sql) ?? -1
    }
}

func fixture(_ name: String) -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PaymentFilesTests/Fixtures/\(name)")
    return Array(FileManager.default.contents(atPath: url.path)!)
}

@Suite("Payment file import: matches, the unmatched list, idempotency, refusals")
struct PaymentFileImportTests {
    @Test("BgMax golden file: two payments matched as of their deposit dates, three on the unmatched list with reasons")
    func bgMax() throws {
        let harness = try PaymentFileHarness()
        let response = try harness.importFile("bgmax-golden.txt").get()
        #expect(response.format == "BGMAX")
        #expect(response.bankFileId == "20261201103015123456")
        #expect((response.payments, response.matched, response.unmatched, response.skipped) == (5, 2, 3, 0))
        #expect(harness.scalar("SELECT paid_on FROM payment WHERE account_number = 'A-SE-1'") == Int64(CalendarDate(year: 2026, month: 11, day: 30)!.daysSinceEpoch))
        #expect(harness.scalar("SELECT paid_on FROM payment WHERE account_number = 'A-SE-2'") == Int64(CalendarDate(year: 2026, month: 12, day: 1)!.daysSinceEpoch))
        #expect(harness.scalar("SELECT amount_minor FROM payment WHERE account_number = 'A-SE-1' AND source = 'BANKGIRO'") == 150_000)
        let open = harness.unmatched()
        #expect(open.map(\.reason).sorted() == ["DEDUCTION", "REFERENCE_CHECK_DIGIT", "REFERENCE_UNKNOWN"])
        #expect(open.first { $0.reason == "REFERENCE_CHECK_DIGIT" }?.raw.hasPrefix("20000000000010000034") == true)
        #expect(harness.scalar("SELECT count(*) FROM audit WHERE action = 'unmatched.create'") == 3)
        #expect(harness.scalar("SELECT count(*) FROM audit WHERE action = 'payment.record'") == 2)
    }

    @Test("Nets OCR giro golden file: KID payments matched; the reversal (type 18) undoes A-NO-2's payment, audited")
    func ocrGiro() throws {
        let harness = try PaymentFileHarness()
        let response = try harness.importFile("ocrgiro-golden.txt").get()
        #expect((response.payments, response.matched, response.unmatched) == (4, 3, 1), "two payments and the reversal; the Nettgiro without KID listed")
        #expect(harness.scalar("SELECT balance_minor FROM account WHERE number = 'A-NO-1'") == 2_000_000 - 120_000)
        // A-NO-2's payment stays as the bank reported it, marked reversed; the account is back where it was.
        #expect(harness.scalar("SELECT count(*) FROM payment WHERE account_number = 'A-NO-2'") == 1)
        #expect(harness.scalar("SELECT balance_minor FROM account WHERE number = 'A-NO-2'") == 2_000_000)
        #expect(harness.scalar("SELECT overdue_minor FROM account WHERE number = 'A-NO-2'") == 600_000)
        #expect(harness.scalar("SELECT oldest_unpaid_due FROM account WHERE number = 'A-NO-2'") == Int64(CalendarDate(year: 2026, month: 9, day: 1)!.daysSinceEpoch))
        #expect(harness.scalar("SELECT count(*) FROM payment_reversal r JOIN payment p ON p.id = r.payment_id WHERE p.account_number = 'A-NO-2'") == 1)
        #expect(harness.scalar("SELECT count(*) FROM audit WHERE action = 'payment.reverse' AND entity_id = 'A-NO-2'") == 1)
        #expect(harness.scalar("SELECT count(*) FROM audit WHERE action = 'case.payment_reversed' AND entity_id = 'C-NO-2'") == 1)
        #expect(harness.scalar("SELECT version FROM collection_case WHERE id = 'C-NO-2'") == 3, "paid, then reversed")
        #expect(harness.scalar("SELECT count(*) FROM bank_payment WHERE kind = 'REVERSAL' AND payment_id IS NOT NULL") == 1)
        #expect(harness.unmatched().map(\.reason) == ["REFERENCE_FORMAT"])
        #expect(harness.unmatched().first?.reference.isEmpty == true)
    }

    @Test("Betalingsservice golden file: FI payment matched; a closed account's payment is not applied; a reversal of no known payment is listed")
    func betalingsservice() throws {
        let harness = try PaymentFileHarness()
        let response = try harness.importFile("bs0602-golden.txt").get()
        #expect((response.payments, response.matched, response.unmatched) == (3, 1, 2))
        #expect(harness.unmatched().map(\.reason).sorted() == ["ACCOUNT_CLOSED", "REVERSAL_ORIGINAL_UNKNOWN"])
        #expect(harness.unmatched().first { $0.reason == "REVERSAL_ORIGINAL_UNKNOWN" }?.raw.contains("no payment from a BS_0602 file") == true)
        #expect(harness.scalar("SELECT count(*) FROM payment WHERE account_number = 'A-DK-2'") == 0)
    }

    @Test("a Betalingsservice reversal (0239) in a later delivery undoes the payment; a second reversal of it is listed; the file again changes nothing")
    func betalingsserviceReversal() throws {
        let harness = try PaymentFileHarness()
        _ = try harness.importFile("bs0602-golden.txt").get()
        let balance = "SELECT balance_minor FROM account WHERE number = 'A-DK-1'"
        #expect(harness.scalar(balance) == 2_000_000 - 45_000)
        let response = try harness.importFile("bs0602-reversal.txt").get()
        #expect((response.payments, response.matched, response.unmatched) == (2, 1, 1))
        #expect(harness.scalar(balance) == 2_000_000)
        #expect(harness.scalar("SELECT overdue_minor FROM account WHERE number = 'A-DK-1'") == 600_000)
        let listed = harness.unmatched().filter { $0.importId == response.importId }
        #expect(listed.map(\.reason) == ["REVERSAL_ORIGINAL_UNKNOWN"])
        let again = try harness.importFile("bs0602-reversal.txt").get()
        #expect((again.matched, again.unmatched, again.skipped) == (0, 0, 2))
        #expect(harness.scalar(balance) == 2_000_000)
        #expect(harness.scalar("SELECT count(*) FROM payment_reversal") == 1)
        #expect(harness.scalar("SELECT count(*) FROM audit WHERE action = 'payment.reverse'") == 1)
    }

    static let handler = Principal(name: "anna.handler", role: .handler, countries: ["SE", "NO", "DK"])

    func createPlan(_ harness: PaymentFileHarness, total: Int64, count: UInt32, caseVersion: UInt64) throws -> Plan {
        try harness.call(PlansService.createPlan, CreatePlanRequest(
            caseId: "C-DK-1", terms: PlanTerms(total: Money(minorUnits: total, currency: .dkk), installmentCount: count, frequency: .monthly,
                                               firstDueDate: CalendarDate(year: 2026, month: 12, day: 21)!),
            expectedCaseVersion: caseVersion), as: Self.handler).get().plan
    }

    @Test("a reversal gives the plan back what the payment paid into it: installment unpaid, plan version moved on, audited")
    func reversalUndoesThePlanAllocation() throws {
        let harness = try PaymentFileHarness()
        let plan = try createPlan(harness, total: 90_000, count: 3, caseVersion: 1)
        _ = try harness.importFile("bs0602-golden.txt").get()
        let paid = "SELECT paid_minor FROM installment WHERE plan_id = '\(plan.planId)' AND sequence = 1"
        #expect(harness.scalar(paid) == 30_000)
        #expect(harness.scalar("SELECT paid_minor FROM installment WHERE plan_id = '\(plan.planId)' AND sequence = 2") == 15_000)
        let version = harness.scalar("SELECT version FROM plan WHERE id = '\(plan.planId)'")
        let response = try harness.importFile("bs0602-reversal.txt").get()
        #expect(response.matched == 1)
        #expect(harness.scalar("SELECT sum(paid_minor) FROM installment WHERE plan_id = '\(plan.planId)'") == 0)
        #expect(harness.scalar("SELECT count(*) FROM installment WHERE plan_id = '\(plan.planId)' AND paid_in_full_on IS NOT NULL") == 0)
        #expect(harness.scalar("SELECT version FROM plan WHERE id = '\(plan.planId)'") == version + 1)
        #expect(harness.scalar("SELECT count(*) FROM plan WHERE id = '\(plan.planId)' AND status = 'ACTIVE'") == 1)
        #expect(harness.scalar("SELECT count(*) FROM audit WHERE action = 'plan.reversal' AND entity_id = '\(plan.planId)'") == 1)
        #expect(harness.scalar("SELECT balance_minor FROM account WHERE number = 'A-DK-1'") == 2_000_000)
    }

    @Test("a reversal of a payment that completed a plan since followed by a newer plan is listed; nothing changes")
    func reversalAfterANewerPlan() throws {
        let harness = try PaymentFileHarness()
        let first = try createPlan(harness, total: 45_000, count: 1, caseVersion: 1)
        _ = try harness.importFile("bs0602-golden.txt").get()
        #expect(harness.scalar("SELECT count(*) FROM plan WHERE id = '\(first.planId)' AND status = 'COMPLETED'") == 1)
        let version = UInt64(harness.scalar("SELECT version FROM collection_case WHERE id = 'C-DK-1'"))
        let second = try createPlan(harness, total: 60_000, count: 2, caseVersion: version)
        let balance = harness.scalar("SELECT balance_minor FROM account WHERE number = 'A-DK-1'")
        let response = try harness.importFile("bs0602-reversal.txt").get()
        #expect((response.matched, response.unmatched) == (0, 2))
        let listed = harness.unmatched().filter { $0.importId == response.importId }
        #expect(listed.first?.reason == "REVERSAL_NOT_UNDONE" && listed.first?.raw.contains("followed by a newer plan") == true, "\(listed.map(\.raw))")
        #expect(harness.scalar("SELECT count(*) FROM plan WHERE id = '\(first.planId)' AND status = 'COMPLETED'") == 1)
        #expect(harness.scalar("SELECT count(*) FROM plan WHERE id = '\(second.planId)' AND status = 'ACTIVE'") == 1)
        #expect(harness.scalar("SELECT balance_minor FROM account WHERE number = 'A-DK-1'") == balance)
        #expect(harness.scalar("SELECT count(*) FROM payment_reversal") == 0)
    }

    @Test("a reversal of a payment into a plan amended since is listed for a handler; nothing changes")
    func reversalAfterAnAmendment() throws {
        let harness = try PaymentFileHarness()
        let plan = try createPlan(harness, total: 90_000, count: 3, caseVersion: 1)
        _ = try harness.importFile("bs0602-golden.txt").get()
        let version = UInt64(harness.scalar("SELECT version FROM plan WHERE id = '\(plan.planId)'"))
        _ = try harness.call(PlansService.amendPlan, AmendPlanRequest(
            planId: plan.planId, expectedVersion: version,
            terms: PlanTerms(total: Money(minorUnits: 45_000, currency: .dkk), installmentCount: 2, frequency: .monthly,
                             firstDueDate: CalendarDate(year: 2026, month: 12, day: 28)!), reason: "lower installments"), as: Self.handler).get()
        // The installments as they stand, folded into one number (sequence, amount and paid of each).
        let installments = "SELECT sum(sequence * 1000003 + amount_minor * 7 + paid_minor) FROM installment WHERE plan_id = '\(plan.planId)'"
        let before = harness.scalar(installments)
        let balance = harness.scalar("SELECT balance_minor FROM account WHERE number = 'A-DK-1'")
        let response = try harness.importFile("bs0602-reversal.txt").get()
        #expect((response.matched, response.unmatched) == (0, 2))
        let listed = harness.unmatched().filter { $0.importId == response.importId }
        #expect(listed.first?.reason == "REVERSAL_NOT_UNDONE" && listed.first?.raw.contains("has been amended") == true, "\(listed.map(\.raw))")
        #expect(harness.scalar(installments) == before)
        #expect(harness.scalar("SELECT count(*) FROM payment_reversal") == 0)
        #expect(harness.scalar("SELECT balance_minor FROM account WHERE number = 'A-DK-1'") == balance)
    }

    @Test("a reversal of a payment recorded before Collect kept where its money went is listed for a handler; nothing changes")
    func reversalOfAnOlderPayment() throws {
        let harness = try PaymentFileHarness()
        _ = try harness.importFile("bs0602-golden.txt").get()
        // As a payment recorded before migration 14 is: no parts.
        let connection = try Connection(path: harness.path, readOnly: false)
        try connection.execute("DELETE FROM payment_part")
        let balance = "SELECT balance_minor FROM account WHERE number = 'A-DK-1'"
        let version = "SELECT version FROM collection_case WHERE id = 'C-DK-1'"
        let (balanceBefore, versionBefore) = (harness.scalar(balance), harness.scalar(version))
        let response = try harness.importFile("bs0602-reversal.txt").get()
        #expect((response.matched, response.unmatched) == (0, 2))
        let listed = harness.unmatched().filter { $0.importId == response.importId }
        #expect(listed.map(\.reason) == ["REVERSAL_NOT_UNDONE", "REVERSAL_NOT_UNDONE"])
        #expect(listed.first?.raw.contains("undo it by hand") == true)
        #expect((harness.scalar(balance), harness.scalar(version)) == (balanceBefore, versionBefore))
        #expect(harness.scalar("SELECT count(*) FROM payment_reversal") == 0)
    }

    @Test("a payment over the amount limit goes to the unmatched list and cannot be matched; one at the limit is applied")
    func amountLimit() throws {
        let harness = try PaymentFileHarness()
        // The golden BgMax file with its first payment (line 3) at the limit plus one öre, A-SE-2's
        // (line 10) at the limit, and both sections' deposit totals made right for them.
        var bytes = fixture("bgmax-golden.txt")  // 80-byte records and CR LF: line N starts at (N - 1) * 82
        func set(_ line: Int, _ from: Int, _ value: Int64) {
            let digits = Array(String(value).utf8)
            let start = (line - 1) * 82 + from - 1
            bytes.replaceSubrange(start..<(start + 18), with: Array(repeating: UInt8(ascii: "0"), count: 18 - digits.count) + digits)
        }
        let limit: Int64 = 100_000_000_00
        set(3, 38, limit + 1)
        set(8, 51, limit + 1 + 2_550 + 9_900)
        set(10, 38, limit)
        set(13, 51, limit - 10_000)
        let response = try harness.call(PaymentFilesService.importPaymentFile,
                                        ImportPaymentFileRequest(fileName: "limit.txt", content: bytes)).get()
        #expect((response.matched, response.unmatched) == (1, 4), "A-SE-2's payment at the limit; the one past it listed")
        #expect(harness.scalar("SELECT amount_minor FROM payment WHERE account_number = 'A-SE-2'") == limit)
        let over = try #require(harness.unmatched().first { $0.reason == "AMOUNT_OVER_LIMIT" })
        #expect(harness.call(PaymentFilesService.matchUnmatchedPayment,
                             MatchUnmatchedPaymentRequest(unmatchedId: over.unmatchedId, accountNumber: "A-SE-1", expectedVersion: 1))
            .failure?.detail.code == "UNMATCHED_NOT_A_PAYMENT")
    }

    @Test("the same file twice applies each payment once; the second import reports all as skipped")
    func twice() throws {
        let harness = try PaymentFileHarness()
        _ = try harness.importFile("bgmax-golden.txt").get()
        let payments = harness.scalar("SELECT count(*) FROM payment")
        let second = try harness.importFile("bgmax-golden.txt").get()
        #expect((second.matched, second.unmatched, second.skipped) == (0, 0, 5))
        #expect(harness.scalar("SELECT count(*) FROM payment") == payments)
        #expect(harness.scalar("SELECT count(*) FROM unmatched_payment") == 3)
        #expect(harness.scalar("SELECT count(*) FROM payment_file WHERE status = 'APPLIED'") == 2)
    }

    @Test("a broken file is refused with its line, field and reason, and nothing is applied",
          arguments: [("bgmax-broken-count.txt", "PAYMENT_FILE_COUNT_MISMATCH", "line 14: number of payment records 3-10"),
                      ("bgmax-broken-total.txt", "PAYMENT_FILE_SUM_MISMATCH", "line 8: deposit amount 51-68"),
                      ("ocrgiro-broken-truncated.txt", "PAYMENT_FILE_TRUNCATED", "line 11"),
                      ("bs0602-broken-length.txt", "PAYMENT_FILE_LINE_TOO_LONG", "line 2"),
                      ("bgmax-broken-utf8.txt", "PAYMENT_FILE_ENCODING", "line 4: position 3"),
                      ("random-bytes.bin", "PAYMENT_FILE_FORMAT_UNKNOWN", "line 1: record type")])
    func refused(_ file: String, _ code: String, _ field: String) throws {
        let harness = try PaymentFileHarness()
        let failure = harness.importFile(file).failure
        #expect(failure?.status == .invalidArgument)
        #expect(failure?.detail.code == code)
        #expect(failure?.detail.fieldPath == field)
        for table in ["payment", "payment_file", "bank_payment", "unmatched_payment"] {
            #expect(harness.scalar("SELECT count(*) FROM \(table)") == 0, "\(table)")
        }
    }

    @Test("an import needs the right to record payments and the file's country")
    func rights() throws {
        let harness = try PaymentFileHarness()
        let coordinator = Principal(name: "coord", role: .coordinator, countries: ["SE", "NO", "DK"])
        #expect(harness.importFile("bgmax-golden.txt", as: coordinator).failure?.status == .permissionDenied)
        let norwegian = Principal(name: "no.files", role: .automation, countries: ["NO"])
        #expect(harness.importFile("bgmax-golden.txt", as: norwegian).failure?.detail.code == "COUNTRY_OUT_OF_SCOPE")
        #expect(harness.scalar("SELECT count(*) FROM payment_file") == 0)
    }

    @Test("an unmatched payment is matched by hand once, version-checked and audited; a refund closes another")
    func workTheList() throws {
        let harness = try PaymentFileHarness()
        _ = try harness.importFile("bgmax-golden.txt").get()
        let unknown = try #require(harness.unmatched().first { $0.reason == "REFERENCE_UNKNOWN" })
        let stale = harness.call(PaymentFilesService.matchUnmatchedPayment,
                                 MatchUnmatchedPaymentRequest(unmatchedId: unknown.unmatchedId, accountNumber: "A-SE-1", expectedVersion: 9))
        #expect(stale.failure?.status == .aborted)
        let matched = try harness.call(PaymentFilesService.matchUnmatchedPayment,
                                       MatchUnmatchedPaymentRequest(unmatchedId: unknown.unmatchedId, accountNumber: "A-SE-1", expectedVersion: 1)).get()
        #expect(matched.unmatched.status == "MATCHED")
        #expect(matched.unmatched.resolution == matched.payment.paymentId)
        #expect(matched.payment.paidOn == CalendarDate(year: 2026, month: 11, day: 30)!)
        #expect(matched.payment.amount.minorUnits == 2_550)
        let again = harness.call(PaymentFilesService.matchUnmatchedPayment,
                                 MatchUnmatchedPaymentRequest(unmatchedId: unknown.unmatchedId, accountNumber: "A-SE-1", expectedVersion: 2))
        #expect(again.failure?.detail.code == "UNMATCHED_ALREADY_RESOLVED")
        let deduction = try #require(harness.unmatched().first { $0.reason == "DEDUCTION" })
        #expect(harness.call(PaymentFilesService.matchUnmatchedPayment,
                             MatchUnmatchedPaymentRequest(unmatchedId: deduction.unmatchedId, accountNumber: "A-SE-1", expectedVersion: 1))
            .failure?.detail.code == "UNMATCHED_NOT_A_PAYMENT")
        let refunded = try harness.call(PaymentFilesService.refundUnmatchedPayment,
                                        RefundUnmatchedPaymentRequest(unmatchedId: deduction.unmatchedId, reason: "credit note", expectedVersion: 1)).get()
        #expect(refunded.unmatched.status == "REFUNDED")
        #expect(harness.unmatched().count == 1)
        #expect(harness.unmatched("ALL").count == 3)
        #expect(harness.scalar("SELECT count(*) FROM audit WHERE action IN ('unmatched.matched', 'unmatched.refunded')") == 2)
        let norwegian = Principal(name: "nils", role: .handler, countries: ["NO"])
        #expect(try harness.call(PaymentFilesService.listUnmatchedPayments, ListUnmatchedPaymentsRequest(status: "ALL"), as: norwegian).get().payments.isEmpty,
                "a Norwegian token sees no Swedish file's entries")
        let paged = try harness.call(PaymentFilesService.listUnmatchedPayments,
                                     ListUnmatchedPaymentsRequest(status: "ALL", page: PageRequest(pageSize: 2, cursor: ""))).get()
        #expect(paged.payments.count == 2 && !paged.nextCursor.isEmpty)
        let rest = try harness.call(PaymentFilesService.listUnmatchedPayments,
                                    ListUnmatchedPaymentsRequest(status: "ALL", page: PageRequest(pageSize: 2, cursor: paged.nextCursor))).get()
        #expect(rest.payments.count == 1 && rest.nextCursor.isEmpty)
        #expect(harness.call(PaymentFilesService.listUnmatchedPayments, ListUnmatchedPaymentsRequest(status: "LOST")).failure?.detail.code == "UNMATCHED_STATUS")
        #expect(harness.call(PaymentFilesService.listUnmatchedPayments, ListUnmatchedPaymentsRequest(page: PageRequest(pageSize: 101, cursor: "")))
            .failure?.detail.code == "PAGE_SIZE_TOO_LARGE")
        #expect(harness.call(PaymentFilesService.listUnmatchedPayments, ListUnmatchedPaymentsRequest(page: PageRequest(pageSize: 100, cursor: "")))
            .failure == nil)
        let swede = Principal(name: "sven", role: .coordinator, countries: ["SE"])
        #expect(harness.call(PaymentFilesService.listUnmatchedPayments, ListUnmatchedPaymentsRequest(), as: swede).failure?.status == .permissionDenied)
    }
}
