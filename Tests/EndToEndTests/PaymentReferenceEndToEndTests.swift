import Foundation
import Testing

/// An OCR/KID reference on a structured payment is checked before it is sent: a typo is caught at
/// the keyboard, not found later in reconciliation (issue 12, defect 15).
@Suite(.serialized) struct PaymentReferenceEndToEndTests {
    typealias Workflow = HandlerWorkflowEndToEndTests

    @Test func aReferenceFailingItsCheckDigitIsRefusedAndNothingIsRecorded() throws {
        let server = try ServerProcess(customers: 20)
        let (caseID, account, _) = try Workflow().freeSwedishCase(server)
        let view = try server.json(["case", "show", caseID])
        let reference = try #require(view.at("view.accounts.0.payment_reference") as? String)
        let version = view.at("view.summary.version") as? String
        // The last digit changed: a typo the MOD10 check digit catches.
        let typo = String(reference.dropLast()) + String((Int(String(reference.last!))! + 1) % 10)
        for (source, bad) in [("bankgiro", typo), ("autogiro", "12345"), ("kid", "ABC123"), ("betalingsservice", typo)] {
            let outcome = try server.collectctl(["payment", "record", account, "--amount", "100", "--currency", "SEK", "--date", Workflow.today(),
                                                 "--source", source, "--reference", bad])
            #expect(outcome.status == 64, "\(source) \(bad): \(outcome.stderr)")
            #expect(outcome.stderr.contains("--reference \"\(bad)\""), "\(outcome.stderr)")
            #expect(outcome.stderr.contains("check digit") || outcome.stderr.contains("digits"), "\(outcome.stderr)")
        }
        #expect(try server.json(["case", "show", caseID]).at("view.summary.version") as? String == version, "nothing recorded")
        // The account's own reference, and free text on a manual payment, are accepted.
        let right = try server.collectctl(["payment", "record", account, "--amount", "100", "--currency", "SEK", "--date", Workflow.today(),
                                           "--source", "bankgiro", "--reference", reference])
        #expect(right.status == 0, "\(right.stderr)")
        let manual = try server.collectctl(["payment", "record", account, "--amount", "100", "--currency", "SEK", "--date", Workflow.today(),
                                            "--source", "manual", "--reference", "kontant i kassan"])
        #expect(manual.status == 0, "\(manual.stderr)")
    }
}
