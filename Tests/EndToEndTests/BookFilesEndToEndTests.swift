import Foundation
import Testing

/// A data folder whose database or master key is missing is refused with a clear message and
/// never completed silently; a new book is made only on purpose, in an empty folder.
@Suite(.serialized) struct BookFilesEndToEndTests {
    func serve(_ server: ServerProcess, data: String? = nil) throws -> ServerProcess.Outcome {
        try ServerProcess.run("/usr/bin/timeout", ["20", ServerProcess.binDirectory + "/collect-server", "serve",
                                                   "--data", data ?? server.directory + "/data", "--cert", server.directory + "/tls/server.pem",
                                                   "--key", server.directory + "/tls/server.key", "--host", "127.0.0.1", "--port", "0"])
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test func aMissingDatabaseIsRefusedNotRecreated() throws {
        let server = try ServerProcess(customers: 5)
        server.stop()
        let data = server.directory + "/data"
        for file in ["collect.sqlite", "collect.sqlite-wal", "collect.sqlite-shm"] { unlink(data + "/" + file) }
        let started = try serve(server)
        #expect(started.status != 0 && started.status != 124, "exit \(started.status)")
        #expect(started.stderr.contains("no collect.sqlite") && started.stderr.contains("master.key"), "\(started.stderr)")
        #expect(!exists(data + "/collect.sqlite"), "no new empty database was made")
        let token = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                                          ["token", "create", "--data", data, "--name", "x", "--role", "handler", "--countries", "SE"])
        #expect(token.status != 0)
        #expect(!exists(data + "/collect.sqlite"))
    }

    @Test func aMissingMasterKeyIsRefusedNotReplaced() throws {
        let server = try ServerProcess(customers: 5)
        server.stop()
        let data = server.directory + "/data"
        #expect(unlink(data + "/master.key") == 0)
        let started = try serve(server)
        #expect(started.status != 0 && started.status != 124)
        #expect(started.stderr.contains("master.key is missing"), "\(started.stderr)")
        for command in [["token", "list", "--data", data], ["audit", "verify", "--data", data],
                        ["seed", "--data", data, "--customers", "1"]] {
            let outcome = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", command)
            #expect(outcome.status != 0, "\(command[0]) on a book without its key")
        }
        #expect(!exists(data + "/master.key"), "no new key was made beside the book")
    }

    @Test func aNewBookIsMadeOnlyOnPurposeInAnEmptyFolder() throws {
        let server = try ServerProcess(customers: 5)
        let empty = server.directory + "/new-book"
        let refused = try serve(server, data: empty)
        #expect(refused.status != 0 && refused.status != 124)
        #expect(refused.stderr.contains("collect-server init"), "\(refused.stderr)")
        #expect(!exists(empty + "/master.key") && !exists(empty + "/collect.sqlite"))
        let made = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["init", "--data", empty])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(exists(empty + "/master.key") && exists(empty + "/collect.sqlite"))
        let again = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["init", "--data", empty])
        #expect(again.status != 0, "init never replaces a book")
        // The existing book is untouched by the refused init: the original server still serves it.
        let otherBook = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["init", "--data", server.directory + "/data"])
        #expect(otherBook.status != 0)
        #expect(try server.collectctl(["health"]).status == 0)
    }
}
