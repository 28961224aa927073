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

/// The server notices when its database file is deleted or replaced under it, or damaged.
@Suite(.serialized) struct StorageFileEndToEndTests {
    func someCase(_ server: ServerProcess) throws -> String {
        let search = try server.json(["case", "search", "--country", "se", "--page-size", "1"])
        return try #require((search["cases"] as? [[String: Any]])?.first?["case_id"] as? String)
    }

    /// Waits up to 5 s for `collectctl health` to say NOT_SERVING (the writer checks its file
    /// every second; until then a call may fail in other ways).
    func waitNotServing(_ server: ServerProcess) throws -> String {
        var said = ""
        for _ in 0..<50 {
            let outcome = try server.collectctl(["health"])
            said = outcome.stdout + outcome.stderr
            if said.hasPrefix("NOT_SERVING") { return said }
            usleep(100_000)
        }
        return said
    }

    @Test func aDeletedDatabaseFileStopsWritesAndHealth() throws {
        let server = try ServerProcess()
        let caseID = try someCase(server)
        #expect(try server.collectctl(["case", "note", caseID, "före"]).status == 0)
        let database = server.directory + "/data/collect.sqlite"
        #expect(unlink(database) == 0)
        let health = try waitNotServing(server)
        #expect(health.hasPrefix("NOT_SERVING"), "health after the file was deleted: \(health)")
        let write = try server.collectctl(["case", "note", caseID, "efter"])
        #expect(write.status == 24, "\(write.stderr)")
        #expect(write.stderr.contains("STORAGE_FILE_LOST"), "\(write.stderr)")
        #expect(write.stderr.contains("deleted"))
        let read = try server.collectctl(["case", "show", caseID])
        #expect(read.status == 24, "nothing is served from a file that is no longer the book: \(read.stderr)")
    }

    @Test func aReplacedDatabaseFileStopsWrites() throws {
        let server = try ServerProcess()
        let caseID = try someCase(server)
        let database = server.directory + "/data/collect.sqlite"
        let copy = try ServerProcess.run("/bin/sh", ["-c", "sqlite3 '\(database)' \".backup '\(database).other'\" && mv '\(database).other' '\(database)'"])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(try waitNotServing(server).hasPrefix("NOT_SERVING"))
        let write = try server.collectctl(["case", "note", caseID, "efter"])
        #expect(write.status == 24)
        #expect(write.stderr.contains("STORAGE_FILE_LOST") && write.stderr.contains("replaced"), "\(write.stderr)")
    }

    @Test func aDamagedDatabaseIsRefusedAtStart() throws {
        let server = try ServerProcess()
        server.stop()
        let database = server.directory + "/data/collect.sqlite"
        // Damage the header of the case table's root page, as one flipped byte can.
        let root = try ServerProcess.run("/usr/bin/sqlite3", [database, "SELECT rootpage FROM sqlite_schema WHERE name = 'collection_case'"])
        let page = try #require(Int(root.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let size = try ServerProcess.run("/usr/bin/sqlite3", [database, "PRAGMA page_size"])
        let pageSize = try #require(Int(size.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let handle = try #require(FileHandle(forUpdatingAtPath: database))
        try handle.seek(toOffset: UInt64((page - 1) * pageSize + (page == 1 ? 100 : 0)))
        try handle.write(contentsOf: Data([0x00]))
        try handle.close()
        let started = try ServerProcess.run("/usr/bin/timeout", ["20", ServerProcess.binDirectory + "/collect-server", "serve",
                                                                 "--data", server.directory + "/data", "--cert", server.directory + "/tls/server.pem",
                                                                 "--key", server.directory + "/tls/server.key", "--host", "127.0.0.1", "--port", "0"])
        #expect(started.status != 0 && started.status != 124, "a damaged file must be refused at start, not served (exit \(started.status))")
        #expect(started.stderr.contains("damaged"), "\(started.stderr)")
        #expect(!started.stdout.contains("listening"))
        let check = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["check", "--data", server.directory + "/data"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("damaged"), "\(check.stdout)")
    }

    @Test func theFullCheckPassesASoundBookWhileItServes() throws {
        let server = try ServerProcess(customers: 20)
        let check = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["check", "--data", server.directory + "/data"])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        #expect(check.stdout.contains("integrity_check ok"))
        #expect(try server.collectctl(["health"]).status == 0)
    }
}

/// A book too large to check within the start-up budget is checked to its end while serving;
/// damage found then stops writes and turns health NOT_SERVING.
@Suite(.serialized) struct BackgroundCheckEndToEndTests {
    @Test func damageFoundAfterStartStopsWritesAndHealth() throws {
        let server = try ServerProcess(customers: 60)
        server.stop()
        let database = server.directory + "/data/collect.sqlite"
        let root = try ServerProcess.run("/usr/bin/sqlite3", [database, "SELECT rootpage FROM sqlite_schema WHERE name = 'customer'"])
        let page = try #require(Int(root.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let size = try ServerProcess.run("/usr/bin/sqlite3", [database, "PRAGMA page_size"])
        let pageSize = try #require(Int(size.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let handle = try #require(FileHandle(forUpdatingAtPath: database))
        try handle.seek(toOffset: UInt64((page - 1) * pageSize))
        try handle.write(contentsOf: Data([0x00]))
        try handle.close()
        // Budget 0: the whole check runs in the background, as for a book of millions.
        server.serveArguments = ["--startup-check-budget-ms", "0"]
        try server.start()
        let said = try StorageFileEndToEndTests().waitNotServing(server)
        #expect(said.hasPrefix("NOT_SERVING"), "\(said)")
        let write = try server.collectctl(["case", "note", "C-0000001", "efter kontrollen"])
        #expect(write.status == 25, "\(write.stderr)")
        #expect(write.stderr.contains("STORAGE_CORRUPT"), "\(write.stderr)")
    }
}
