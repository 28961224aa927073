import Foundation
import Testing

/// An auditor reads the audit rows of their own countries only (issue 12, defect 8).
@Suite(.serialized) struct AuditScopeEndToEndTests {
    func firstCase(_ server: ServerProcess, country: String) throws -> String {
        let search = try server.json(["case", "search", "--country", country, "--page-size", "1"])
        return try #require((search["cases"] as? [[String: Any]])?.first?["case_id"] as? String)
    }

    func auditRows(_ server: ServerProcess, secret: String, _ arguments: [String] = []) throws -> [[String: Any]] {
        let outcome = try server.collectctl(["audit", "list", "--page-size", "200", "-o", "json"] + arguments, secret: secret)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = (try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]) ?? [:]
        return json["rows"] as? [[String: Any]] ?? []
    }

    @Test func aNorwegianAuditorSeesNorwegianRowsOnly() throws {
        let server = try ServerProcess(customers: 30)
        let swedish = try firstCase(server, country: "SE")
        let norwegian = try firstCase(server, country: "NO")
        for caseID in [swedish, norwegian] {
            #expect(try server.collectctl(["case", "note", caseID, "called"]).status == 0)
        }
        let norwegianAuditor = try server.createToken(name: "nora.auditor", role: "auditor", countries: "NO")
        let everyCountry = try #require(server.tokens["ida.auditor"])

        let seenByAll = try auditRows(server, secret: everyCountry)
        #expect(seenByAll.contains { $0["entity_id"] as? String == swedish })
        #expect(seenByAll.contains { $0["entity"] as? String == "token" })

        let seenByNorway = try auditRows(server, secret: norwegianAuditor)
        #expect(seenByNorway.contains { $0["entity_id"] as? String == norwegian }, "their own country's rows")
        #expect(!seenByNorway.contains { $0["entity_id"] as? String == swedish }, "another country's case")
        #expect(!seenByNorway.contains { $0["entity"] as? String == "token" }, "tokens of every country")
        // Asked for by name: still nothing.
        #expect(try auditRows(server, secret: norwegianAuditor, ["--entity", "case", "--id", swedish]).isEmpty)
    }
}
