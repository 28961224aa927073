import Foundation
import Testing

/// The same command run again with the same `--idempotency-key` returns the first answer and
/// changes nothing more, also when `collectctl` filled in the version itself (issue 12, defect 10).
@Suite(.serialized) struct IdempotentRetryEndToEndTests {
    func version(_ server: ServerProcess, _ caseID: String) throws -> String {
        try #require(try server.json(["case", "show", caseID]).at("view.summary.version") as? String)
    }

    @Test func everyChangeRunTwiceWithOneKeyIsDoneOnce() throws {
        let server = try ServerProcess(customers: 20)
        let caseID = try HandlerWorkflowEndToEndTests().freeSwedishCase(server).caseID
        let notesBefore = (try server.json(["case", "show", caseID]).at("view.notes") as? [Any])?.count ?? 0
        let due = HandlerWorkflowEndToEndTests.inDays(14)
        let commands: [(String, [String])] = [
            ("note", ["case", "note", caseID, "ringer tillbaka på fredag"]),
            // Inbound: the customer called, which the contact rules never refuse (this case may have opted out of calls).
            ("contact", ["case", "contact", caseID, "--channel", "phone", "--direction", "inbound", "--outcome", "promise_made"]),
            ("flag", ["case", "flag", "set", caseID, "vulnerable", "--reason", "sjukskriven"]),
            ("plan", ["plan", "create", caseID, "--total", "3000", "--count", "3", "--first-due", due]),
        ]
        for (name, command) in commands {
            let key = ["--idempotency-key", "retry-\(name)-1"]
            let first = try server.collectctl(command + key + ["-o", "json"])
            #expect(first.status == 0, "\(name): \(first.stderr)")
            let after = try version(server, caseID)
            let again = try server.collectctl(command + key + ["-o", "json"])
            #expect(again.status == 0, "\(name) run again: \(again.stderr)")
            #expect(again.stdout == first.stdout, "\(name): the first answer")
            #expect(try version(server, caseID) == after, "\(name): nothing changed by the retry")
        }
        let view = try server.json(["case", "show", caseID])
        #expect((view.at("view.notes") as? [Any])?.count == notesBefore + 1)
        #expect((view.at("view.plans") as? [Any])?.count == 1)
        // A different change with a used key is still refused.
        let other = try server.collectctl(["case", "note", caseID, "another note", "--idempotency-key", "retry-note-1"])
        #expect(other.status == 19, "\(other.stderr)")
        #expect(other.stderr.contains("IDEMPOTENCY_KEY_REUSED"))
    }
}
