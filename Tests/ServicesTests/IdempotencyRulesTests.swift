import Foundation
import Protocol
import Services
import Testing

/// The idempotency-key rules `schema/WIRE.md` §1.1 states, each as a caller meets it.
@Suite struct IdempotencyRulesTests {
    static func note(_ text: String, version: UInt64) -> AddNoteRequest {
        AddNoteRequest(caseId: "C-SE-1", text: text, expectedVersion: version)
    }

    @Test func keysBelongToTheTokenNameThatSentThem() throws {
        let harness = try ServiceHarness()
        _ = try harness.call(CasesService.addNote, Self.note("from anna", version: 1), as: ServiceHarness.handler, key: "k-1").get()
        // Another caller's same key is another request: applied, not refused, not a replay.
        let other = try harness.call(CasesService.addNote, Self.note("from erik", version: 2), as: ServiceHarness.coordinator, key: "k-1").get()
        #expect(other.note.text == "from erik")
        #expect(harness.count("note") == 2)
    }

    @Test func theSameKeyOnAnotherMethodIsRefusedAndChangesNothing() throws {
        let harness = try ServiceHarness()
        _ = try harness.call(CasesService.addNote, Self.note("first", version: 1), key: "k-2").get()
        let before = harness.view("C-SE-1")
        let flag = harness.call(CasesService.setFlag, SetFlagRequest(caseId: "C-SE-1", kind: .dispute, reason: "disputed", expectedVersion: 2),
                                key: "k-2")
        #expect(flag.failure?.status == .failedPrecondition)
        #expect(flag.failure?.detail.code == "IDEMPOTENCY_KEY_REUSED")
        #expect(flag.failure?.detail.fieldPath == "idempotency-key")
        #expect(harness.view("C-SE-1") == before)
    }

    @Test func aRefusedMutationKeepsNothingSoItsKeyServesTheCorrectedRequest() throws {
        let harness = try ServiceHarness()
        let refused = harness.call(CasesService.addNote, Self.note("  ", version: 1), key: "k-3")
        #expect(refused.failure?.detail.code == "NOTE_TEXT_REQUIRED")
        #expect(harness.count("idempotency") == 0)
        let corrected = try harness.call(CasesService.addNote, Self.note("now with text", version: 1), key: "k-3").get()
        #expect(corrected.note.text == "now with text")
        #expect(harness.count("note") == 1)
    }

    /// The version a change was read at is not part of "the same request": a retry that re-read
    /// the (since moved) version gets the first answer, not VERSION_CONFLICT or a second note.
    @Test func aRetryWithANewerVersionIsTheSameChange() throws {
        let harness = try ServiceHarness()
        let first = try harness.call(CasesService.addNote, Self.note("once", version: 1), key: "k-4").get()
        let retried = try harness.call(CasesService.addNote, Self.note("once", version: 2), key: "k-4").get()
        #expect(retried == first)
        #expect(harness.count("note") == 1)
    }

    /// RecordPayment names no version: its request is compared as the bytes sent, so an unknown
    /// field added makes it another request.
    @Test func aPaymentIsComparedByTheBytesSent() throws {
        let harness = try ServiceHarness()
        let request = RecordPaymentRequest(accountNumber: "A-SE-1", amount: Protocol.Money(minorUnits: 10_000, currency: .sek),
                                           paidOn: ServiceHarness.today, reference: "1234567897", source: .bankgiro)
        let first = harness.raw(PaymentsService.recordPayment.path, request.encoded(), as: ServiceHarness.handler, key: "k-5")
        #expect(first.failure == nil)
        let again = harness.raw(PaymentsService.recordPayment.path, request.encoded(), as: ServiceHarness.handler, key: "k-5")
        #expect(try again.get() == first.get())
        // Field 15, varint 1: unknown to the server, skipped when decoding, but not the same bytes.
        let padded = harness.raw(PaymentsService.recordPayment.path, request.encoded() + [0x78, 0x01], as: ServiceHarness.handler, key: "k-5")
        #expect(padded.failure?.detail.code == "IDEMPOTENCY_KEY_REUSED")
        #expect(harness.count("payment") == 1)
    }
}
