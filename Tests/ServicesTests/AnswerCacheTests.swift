import Foundation
import Protocol
import Services
import Store
import Testing

/// GetCase answers are reused from the thread's cache only while nothing was written since they
/// were last known current; every acknowledged write is seen by the next look-up.
@Suite struct AnswerCacheTests {
    @Test func repeatedLookUpsComeFromTheCacheUntilAWrite() throws {
        let harness = try ServiceHarness()
        let first = harness.view("C-SE-1")
        let hitsBefore = harness.reader.answers.hits
        let second = harness.view("C-SE-1")
        #expect(second == first)
        #expect(harness.reader.answers.hits == hitsBefore + 1, "the second look-up is answered from the cache")

        let added = try harness.call(CasesService.addNote, AddNoteRequest(caseId: "C-SE-1", text: "promised to pay on Friday", expectedVersion: first.summary.version)).get()
        let after = harness.view("C-SE-1")
        #expect(after.summary.version == added.caseVersion)
        #expect(after.notes.map(\.text).contains("promised to pay on Friday"))
    }

    @Test func aWriteOutsideTheServicesIsSeenToo() throws {
        let harness = try ServiceHarness()
        let before = harness.view("C-NO-1")
        _ = harness.view("C-NO-1")
        // A change straight through the writer (as any mutation is): the case moves to the next version.
        let done = Blocking<Void>()
        harness.writer.submit(Mutation(actor: "test", idempotency: nil, apply: { context in
            var record = try context.caseRecord(id: "C-NO-1")!
            let expected = record.version
            record.version += 1
            record.segment = "moved"
            try context.update(record, expectedVersion: expected)
            return []
        }, completion: { result in done.finish(result.map { _ in () }.mapError { $0 as any Error }) }))
        try done.wait()
        let after = harness.view("C-NO-1")
        #expect(after.summary.version == before.summary.version + 1)
    }

    @Test func aCachedAnswerStillChecksTheCallersCountries() throws {
        let harness = try ServiceHarness()
        _ = harness.view("C-NO-1")
        _ = harness.view("C-NO-1")  // cached for handlers' rights
        let refused = harness.call(CasesService.getCase, GetCaseRequest(caseId: "C-NO-1"), as: ServiceHarness.swedishHandler)
        #expect(refused.failure?.detail.code == "COUNTRY_OUT_OF_SCOPE")
        #expect(refused.failure?.status == .permissionDenied)
    }

    @Test func rolesThatSeeLessNeverGetAFullerCachedAnswer() throws {
        let harness = try ServiceHarness()
        _ = harness.view("C-SE-1")
        _ = harness.view("C-SE-1")
        let masked = try harness.call(CasesService.getCase, GetCaseRequest(caseId: "C-SE-1"), as: ServiceHarness.coordinator).get().view
        #expect(masked.customer.personalDataMasked)
        #expect(masked.customer.phone != "+46701234567")
    }
}
