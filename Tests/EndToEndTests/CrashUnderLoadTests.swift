import Foundation
import SQLiteDriver
import Store
import Testing

/// Mutations under load survive `kill -9` of the server: five times the server is killed while
/// `collectctl bench` records payments; every payment the load tool saw acknowledged is in the
/// database afterwards, nothing is half-applied, `integrity_check` passes and the audit chain
/// verifies. (`bench/crash.sh` runs the same at full size.)
@Suite(.serialized) struct CrashUnderLoadTests {
    @Test func acknowledgedPaymentsSurviveRepeatedSIGKILL() throws {
        let server = try ServerProcess(customers: 200)
        let acks = server.directory + "/acks.txt"
        var random = SystemRandomNumberGenerator()
        for cycle in 0..<5 {
            if cycle > 0 { try server.start() }
            let load = Process()
            load.executableURL = URL(fileURLWithPath: ServerProcess.binDirectory + "/collectctl")
            load.arguments = ["bench", "record-payment", "--cases", "200", "--connections", "4", "--streams", "16", "--duration", "3",
                              "--warmup", "0", "--ack-log", acks]
            load.environment = ["COLLECT_SERVER": "localhost:\(server.port)", "COLLECT_CA": server.directory + "/tls/ca.pem",
                                "COLLECT_TOKEN": server.tokens["anna.handler"]!, "HOME": server.directory]
            load.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            load.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try load.run()
            usleep(UInt32.random(in: 1_200_000...2_500_000, using: &random))
            server.kill9()
            load.waitUntilExit()
        }
        let lines = (try? String(contentsOfFile: acks, encoding: .utf8))?.split(separator: "\n") ?? []
        let acknowledged = Set(lines.compactMap { line -> String? in
            let parts = line.split(separator: " ")
            return parts.count == 3 && parts[0] == "payment" ? String(parts[1]) : nil
        })
        #expect(acknowledged.count > 50, "the load tool saw payments acknowledged before the kills")
        // Reopen as a restarted server would (the writer recovers the WAL).
        try server.start()
        server.stop()
        let connection = try Connection(path: server.directory + "/data/collect.sqlite", readOnly: true)
        let integrity = try connection.statement("PRAGMA integrity_check")
        #expect(try integrity.step())
        #expect(integrity.text(0) == "ok")
        integrity.reset()
        var stored: Set<String> = []
        let payments = try connection.statement("SELECT id FROM payment WHERE recorded_by = 'anna.handler'")
        while try payments.step() { stored.insert(payments.text(0)) }
        payments.reset()
        let missing = acknowledged.subtracting(stored)
        #expect(missing.isEmpty, "acknowledged but missing: \(missing.sorted().prefix(5))")
        // Nothing half-applied: every payment has its audit row, and every case's version moved
        // exactly once per audited change.
        #expect(try connection.scalarInt("""
            SELECT count(*) FROM payment p WHERE p.recorded_by = 'anna.handler'
            AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'account' AND a.entity_id = p.account_number
                            AND a.action = 'payment.record' AND a.detail LIKE p.id || ' %')
            """) == 0)
        #expect(try connection.scalarInt("""
            SELECT count(*) FROM collection_case c
            WHERE c.version - 1 != (SELECT count(*) FROM audit a WHERE a.entity = 'case' AND a.entity_id = c.id)
            """) == 0)
        let masterKey = try #require(FileManager.default.contents(atPath: server.directory + "/data/master.key"))
        let audit = try StoreWriter.verifyAudit(path: server.directory + "/data/collect.sqlite", key: AuditKey(masterKey: Array(masterKey)))
        #expect(audit.isIntact, "\(audit.problems)")
        #expect(audit.entitiesCompared > 0)
        #expect(audit.rows >= Int64(stored.count))
    }
}
