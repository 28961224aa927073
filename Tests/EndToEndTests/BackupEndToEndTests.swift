import Foundation
import Testing

/// An operator's backup of a live book restores into a working book whose audit chain verifies.
@Suite(.serialized) struct BackupEndToEndTests {
    static func server(_ arguments: [String]) throws -> ServerProcess.Outcome {
        try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", arguments)
    }

    @Test func aBackupTakenWhileServingRestoresAndVerifies() throws {
        let server = try ServerProcess(customers: 20)
        let search = try server.json(["case", "search", "--country", "se", "--page-size", "3"])
        let cases = (search["cases"] as? [[String: Any]] ?? []).compactMap { $0["case_id"] as? String }
        for caseID in cases { #expect(try server.collectctl(["case", "note", caseID, "före säkerhetskopian"]).status == 0) }
        // Writes go on while the backup is taken.
        nonisolated(unsafe) let writer = server
        let writing = DispatchGroup()
        DispatchQueue.global().async(group: writing) {
            for index in 0..<20 { _ = try? writer.collectctl(["case", "note", cases[index % cases.count], "under kopieringen \(index)"]) }
        }
        let copy = server.directory + "/backup.sqlite", key = server.directory + "/backup.key"
        let backup = try Self.server(["backup", "--data", server.directory + "/data", "--to", copy, "--key-to", key])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("audit rows"))
        let keyMode = (try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? NSNumber)?.intValue
        #expect(keyMode == 0o600)
        // Never over an existing file.
        #expect(try Self.server(["backup", "--data", server.directory + "/data", "--to", copy]).status != 0)

        let restored = server.directory + "/restored"
        let restore = try Self.server(["restore", "--data", restored, "--from", copy, "--key", key])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.contains("audit chain intact"))
        let verify = try Self.server(["audit", "verify", "--data", restored])
        #expect(verify.status == 0, "\(verify.stdout)")
        // Restore never replaces a book, and a key that is not the copy's is refused.
        #expect(try Self.server(["restore", "--data", restored, "--from", copy, "--key", key]).status != 0)
        let wrongKey = server.directory + "/wrong.key"
        FileManager.default.createFile(atPath: wrongKey, contents: Data(repeating: 7, count: 32))
        let refused = try Self.server(["restore", "--data", server.directory + "/elsewhere", "--from", copy, "--key", wrongKey])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("does not verify"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: server.directory + "/elsewhere/collect.sqlite"))

        // The restored book serves: the notes written before the backup are there.
        writing.wait()
        server.stop()
        let data = server.directory + "/data"
        try FileManager.default.moveItem(atPath: data, toPath: server.directory + "/data.old")
        try FileManager.default.moveItem(atPath: restored, toPath: data)
        try server.start()
        let notes = try server.json(["case", "show", cases[0]]).at("view.notes") as? [[String: Any]] ?? []
        #expect(notes.contains { ($0["text"] as? String) == "före säkerhetskopian" })
        #expect(server.stop() == 0)
    }
}
