import Foundation
import Testing

/// What a handler sees when the database's disk fills: RESOURCE_EXHAUSTED with STORAGE_FULL
/// (exit 18, "retry later"), never INTERNAL; reads go on; writes work again once space is freed.
@Suite(.serialized) struct StorageFaultEndToEndTests {
    static func sh(_ command: String) throws -> ServerProcess.Outcome {
        try ServerProcess.run("/bin/sh", ["-c", command])
    }

    /// Mounting a small tmpfs needs root, as on the project's machines and CI.
    @Test(.enabled(if: getuid() == 0))
    func aFullDiskIsStorageFullAndHealsWhenSpaceIsFreed() throws {
        let server = try ServerProcess()
        let search = try server.json(["case", "search", "--country", "se", "--page-size", "1"])
        let caseID = try #require((search["cases"] as? [[String: Any]])?.first?["case_id"] as? String)
        server.stop()
        let data = server.directory + "/data"
        #expect(try Self.sh("mv '\(data)' '\(data).orig' && mkdir '\(data)' && mount -t tmpfs -o size=48m tmpfs '\(data)' && cp -a '\(data).orig/.' '\(data)/'").status == 0)
        defer { _ = try? Self.sh("umount -l '\(data)'") }
        // Leave about 256 KiB free.
        let free = try Self.sh("df --output=avail -B1 '\(data)' | tail -1")
        let available = Int64(free.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(try Self.sh("fallocate -l \(available - 256 * 1024) '\(data)/filler'").status == 0)
        try server.start()

        let text = String(repeating: "Kunden har ringt och lovat att betala på fredag. ", count: 40)
        var outcome = try server.collectctl(["case", "note", caseID, text])
        var written = 0
        while outcome.status == 0 && written < 2_000 {
            written += 1
            outcome = try server.collectctl(["case", "note", caseID, text])
        }
        #expect(outcome.status == 18, "a full disk is RESOURCE_EXHAUSTED (exit 18), not \(outcome.status): \(outcome.stderr)")
        #expect(outcome.stderr.contains("STORAGE_FULL"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("INTERNAL"))
        // Reads go on while the disk is full.
        let read = try server.collectctl(["case", "show", caseID])
        #expect(read.status == 0, "\(read.stderr)")

        // Free the space: the next write succeeds without a restart.
        #expect(try Self.sh("rm '\(data)/filler'").status == 0)
        let healed = try server.collectctl(["case", "note", caseID, "Utrymme frigjort"])
        #expect(healed.status == 0, "\(healed.stderr)")
        #expect(server.stop() == 0)
        let audit = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["audit", "verify", "--data", data])
        #expect(audit.status == 0, "\(audit.stdout) \(audit.stderr)")
    }
}
