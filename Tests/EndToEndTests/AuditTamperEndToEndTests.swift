import Foundation
import Testing

/// `collect-server audit verify` catches what someone with the database file but without
/// `master.key` can do to it: remove rows from the end, change a payment behind the server's
/// back, or rewrite the whole chain with plain SHA-256.
@Suite(.serialized) struct AuditTamperEndToEndTests {
    /// A stopped server whose book has payments, notes and a plan on record.
    func bookWithHistory() throws -> ServerProcess {
        let server = try ServerProcess()
        let search = try server.json(["case", "search", "--country", "se", "--page-size", "5"])
        for item in search["cases"] as? [[String: Any]] ?? [] {
            let caseID = item["case_id"] as! String
            let view = try server.json(["case", "show", caseID])
            let account = view.at("view.accounts.0.account_number") as? String ?? ""
            #expect(try server.collectctl(["case", "note", caseID, "Ringde kunden"]).status == 0)
            let paid = try server.collectctl(["payment", "record", account, "--amount", "100", "--currency", "SEK",
                                              "--date", HandlerWorkflowEndToEndTests.today(), "--source", "bankgiro"])
            #expect(paid.status == 0, "\(paid.stderr)")
        }
        #expect(server.stop() == 0)
        return server
    }

    func verify(_ server: ServerProcess) throws -> ServerProcess.Outcome {
        try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["audit", "verify", "--data", server.directory + "/data"])
    }

    func sqlite(_ server: ServerProcess, _ sql: String) throws {
        let done = try ServerProcess.run("/usr/bin/sqlite3", [server.directory + "/data/collect.sqlite", sql])
        #expect(done.status == 0, "\(done.stderr)")
    }

    @Test func anUntouchedBookVerifies() throws {
        let server = try bookWithHistory()
        let result = try verify(server)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("intact"))
    }

    @Test func rowsRemovedFromTheEndAreFound() throws {
        let server = try bookWithHistory()
        try sqlite(server, "DELETE FROM audit WHERE seq > (SELECT max(seq) - 10 FROM audit)")
        let result = try verify(server)
        #expect(result.status == 1)
        #expect(result.stdout.contains("removed from the end"), "\(result.stdout)")
    }

    @Test func aPaymentChangedInTheTableIsFound() throws {
        let server = try bookWithHistory()
        try sqlite(server, "UPDATE payment SET amount_minor = 1 WHERE id = (SELECT max(id) FROM payment WHERE recorded_by = 'anna.handler')")
        let result = try verify(server)
        #expect(result.status == 1)
        #expect(result.stdout.contains("account") && result.stdout.contains("differs from its last audited state"), "\(result.stdout)")
    }

    @Test func aChainRewrittenWithPlainSHA256IsFound() throws {
        let server = try bookWithHistory()
        try sqlite(server, "UPDATE payment SET amount_minor = 1 WHERE id = (SELECT max(id) FROM payment WHERE recorded_by = 'anna.handler')")
        // Recompute every hash as the chain was first built (plain SHA-256, no key), digests dropped.
        let script = """
            import hashlib, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            prev = bytes(32)
            rows = db.execute("SELECT seq, at_ms, actor, action, entity, entity_id, version_before, version_after, detail FROM audit ORDER BY seq").fetchall()
            for seq, at, actor, action, entity, eid, vb, va, detail in rows:
                f = lambda v: "%d:%s" % (len(v.encode()), v)
                text = "|".join([str(seq), str(at), f(actor), f(action), f(entity), f(eid), "-" if vb is None else str(vb), "-" if va is None else str(va), f(detail)])
                h = hashlib.sha256(prev + text.encode()).digest()
                db.execute("UPDATE audit SET prev_hash = ?, hash = ?, scheme = 0, state_digest = NULL WHERE seq = ?", (prev, h, seq))
                prev = h
            db.commit()
            """
        let rewritten = try ServerProcess.run("/usr/bin/python3", ["-c", script, server.directory + "/data/collect.sqlite"])
        #expect(rewritten.status == 0, "\(rewritten.stderr)")
        let result = try verify(server)
        #expect(result.status == 1, "a chain anyone can recompute must not verify: \(result.stdout)")
        #expect(result.stdout.contains("anchor"), "\(result.stdout)")
    }
}
