import Foundation
import Protocol
import Testing

/// The server checks an OCR/KID reference itself (issue 12, defect 15): any client, not only
/// `collectctl`, may send a payment, and a mistyped reference must not reach reconciliation. And
/// the plan refused for exceeding the debt names the debt as money, not in minor units.
@Suite(.serialized) struct ServerReferenceCheckEndToEndTests {
    typealias Limits = MoneyLimitsEndToEndTests

    static func payment(_ account: String, minor: Int64, source: PaymentSource, reference: String) -> RecordPaymentRequest {
        var payment = RecordPaymentRequest()
        payment.accountNumber = account
        payment.amount = Limits.money(minor)
        payment.paidOn = Limits.day(0)
        payment.source = source
        payment.reference = reference
        return payment
    }

    @Test func aStructuredPaymentWithABadReferenceIsRefusedAndNothingChanges() throws {
        let server = try ServerProcess(customers: 20)
        let (caseID, account, _) = try HandlerWorkflowEndToEndTests().freeSwedishCase(server)
        let reference = try #require(try server.json(["case", "show", caseID]).at("view.accounts.0.payment_reference") as? String)
        let typo = String(reference.dropLast()) + String((Int(String(reference.last!))! + 1) % 10)
        let wire = try WireCaller(server)
        let before = wire.caseBytes(caseID)
        for (source, bad, code) in [(PaymentSource.bankgiro, typo, "PAYMENT_REFERENCE_CHECK_DIGIT"), (.autogiro, "12345", "PAYMENT_REFERENCE_CHECK_DIGIT"),
                                    (.kid, "ABC123", "PAYMENT_REFERENCE_FORMAT"), (.avtalegiro, "1", "PAYMENT_REFERENCE_FORMAT"),
                                    (.betalingsservice, String(repeating: "1", count: 26), "PAYMENT_REFERENCE_FORMAT")] {
            let refused = wire.call(PaymentsService.recordPayment, Self.payment(account, minor: 10_000, source: source, reference: bad))
            #expect(refused.status == .invalidArgument, "\(source) \(bad): \(refused.code)")
            #expect(refused.code == code, "\(source) \(bad)")
            #expect(refused.detail?.fieldPath == "reference")
        }
        #expect(wire.caseBytes(caseID) == before, "nothing recorded")
        // The right reference, an empty one, and free text on a manual payment are taken.
        for (source, text) in [(PaymentSource.bankgiro, reference), (.kid, ""), (.manual, "kontant i kassan")] {
            let payment = Self.payment(account, minor: 100, source: source, reference: text)
            #expect(wire.call(PaymentsService.recordPayment, payment).status == .ok, "\(source) \(text)")
        }
    }

    @Test func aPlanOverTheDebtNamesTheDebtAsMoney() throws {
        let server = try ServerProcess(customers: 20)
        let (caseID, _, _) = try HandlerWorkflowEndToEndTests().freeSwedishCase(server)
        let view = try server.json(["case", "show", caseID])
        let version = view.at("view.summary.version") as? String
        let refused = try server.collectctl(["plan", "create", caseID, "--total", "99999999", "--count", "12",
                                             "--first-due", HandlerWorkflowEndToEndTests.inDays(14)])
        #expect(refused.status == 13, "\(refused.stderr)")
        #expect(refused.stderr.contains("PLAN_TOTAL_EXCEEDS_DEBT"), "\(refused.stderr)")
        #expect(refused.stderr.contains("SEK"), "the debt as money: \(refused.stderr)")
        #expect(!refused.stderr.contains("minor units"), "\(refused.stderr)")
        #expect(try server.json(["case", "show", caseID]).at("view.summary.version") as? String == version, "nothing changed")
    }
}
