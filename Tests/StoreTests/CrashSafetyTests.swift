import Foundation
import SQLiteDriver
import Store
import Testing

/// An acknowledged write survives `kill -9`: a child process commits under load, is killed at
/// a random moment, and every write it saw acknowledged is in the database afterwards, which
/// passes `PRAGMA integrity_check` and whose audit chain verifies.
@Suite struct CrashSafetyTests {
    static var probePath: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("StoreCrashProbe").path
    }

    @Test func acknowledgedWritesSurviveSIGKILL() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.probePath), "StoreCrashProbe is built beside the tests")
        let database = TemporaryDatabase()
        var random = SystemRandomNumberGenerator()
        var acknowledged: [String: String] = [:]
        for round in 0..<3 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.probePath)
            process.arguments = [database.path, "4"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let killAfter = Int.random(in: 200...1_500, using: &random)
            var buffer = Data()
            var seen = 0
            let handle = pipe.fileHandleForReading
            while seen < killAfter {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    let parts = line.split(separator: " ")
                    if parts.count == 3, parts[0] == "ack" {
                        acknowledged[String(parts[1])] = String(parts[2])
                        seen += 1
                    }
                }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round): the probe was killed, not finished")
            #expect(seen >= killAfter, "round \(round): the probe acknowledged writes before the kill")
        }
        // Reopen as the server would: the writer recovers the WAL.
        let writer = try StoreWriter(path: database.path, auditKey: .unkeyed)
        writer.stop()
        let connection = try Connection(path: database.path, readOnly: true)
        let check = try connection.statement("PRAGMA integrity_check")
        #expect(try check.step())
        #expect(check.text(0) == "ok")
        check.reset()
        let notes = try connection.statement("SELECT id, text FROM note WHERE case_id = 'C-PROBE'")
        var stored: [String: String] = [:]
        while try notes.step() { stored[notes.text(0)] = notes.text(1) }
        notes.reset()
        for (id, key) in acknowledged { #expect(stored[id] == key, "acknowledged note \(id) (\(key)) is missing") }
        // Nothing half-applied: every note moved the case version by one, and has its audit row.
        let version = try connection.scalarInt("SELECT version FROM collection_case WHERE id = 'C-PROBE'")
        #expect(version == Int64(stored.count) + 1)
        #expect(try connection.scalarInt("SELECT count(*) FROM audit") == Int64(stored.count))
        #expect(try connection.scalarInt("SELECT count(*) FROM idempotency") == Int64(stored.count))
        #expect(try StoreWriter.verifyAudit(path: database.path).isIntact)
        #expect(acknowledged.count >= 600)
    }
}
