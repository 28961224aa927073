import Protocol
import Services
import Testing

/// Each method of the schema is bound once to the code that answers it, and the server's router
/// is the only place a path is looked up.
@Suite struct RoutingTests {
    @Test func everySchemaMethodIsAnsweredExactlyOnce() {
        let served = CollectService.endpoints.map(\.path) + CollectService.servedByTheServer.sorted()
        let schema = SchemaInfo.methods.map(\.path)
        #expect(Set(served).count == served.count, "a path is bound twice: \(served)")
        #expect(Set(served).subtracting(schema).isEmpty, "bound but not in the schema: \(Set(served).subtracting(schema))")
        #expect(Set(schema).subtracting(served).isEmpty, "in the schema but answered by nobody: \(Set(schema).subtracting(served))")
    }

    @Test func anUnknownPathIsUnimplemented() throws {
        let harness = try ServiceHarness()
        guard case .failure(let failure) = harness.raw("/collect.v1.Cases/NoSuchMethod", GetCaseRequest(caseId: "C-1").encoded(),
                                                       as: ServiceHarness.handler) else {
            Issue.record("an unknown path was answered")
            return
        }
        #expect(failure.status == .unimplemented)
        #expect(failure.detail.code == "UNKNOWN_METHOD")
    }
}
