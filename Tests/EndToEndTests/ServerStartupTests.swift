import Foundation
import Testing

/// Issue 13, defect 3: a second server never silently shares a running server's port or data
/// folder; it refuses to start and says why.
@Suite(.serialized) struct ServerStartupTests {
    /// Runs `collect-server` with `arguments`; a server that does not exit within 10 s (it is
    /// serving: the defect) is stopped and reported.
    static func runToExit(_ arguments: [String]) throws -> ServerProcess.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binDirectory + "/collect-server")
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("collect-server \(arguments.first ?? "") kept running instead of refusing to start")
        }
        process.waitUntilExit()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        return .init(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Size and modification time of the database and its WAL.
    static func databaseFiles(_ data: String) -> [String] {
        ["collect.sqlite", "collect.sqlite-wal"].map { name in
            let attributes = (try? FileManager.default.attributesOfItem(atPath: data + "/" + name)) ?? [:]
            return "\(name) \(attributes[.size] ?? "-") \(attributes[.modificationDate] ?? "-")"
        }
    }

    @Test func secondServerOnTheSamePortRefusesToStart() throws {
        let first = try ServerProcess(customers: 5)
        let other = NSTemporaryDirectory() + "collect-other-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(try Self.runToExit(["init", "--data", other]).status == 0)
        let second = try Self.runToExit(["serve", "--data", other, "--plaintext", "--host", "127.0.0.1", "--port", String(first.port)])
        #expect(second.status != 0)
        #expect(second.stderr.contains("127.0.0.1:\(first.port) is already in use"), "\(second.stderr)")
        // The first server still answers every call from its own database.
        for _ in 0..<5 { #expect(try first.collectctl(["case", "show", "C-0000001"]).status == 0) }
        #expect(first.stop() == 0)
    }

    @Test func secondServerOrSeedOnTheSameDataFolderRefuses() throws {
        let first = try ServerProcess(customers: 5)
        let data = first.directory + "/data"
        let pid = first.process.processIdentifier
        let second = try Self.runToExit(["serve", "--data", data, "--plaintext", "--host", "127.0.0.1", "--port", "0"])
        #expect(second.status != 0)
        #expect(second.stderr.contains("in use by process \(pid)"), "\(second.stderr)")
        let before = Self.databaseFiles(data)
        let seed = try Self.runToExit(["seed", "--data", data, "--customers", "3", "--seed", "9"])
        #expect(seed.status != 0)
        #expect(seed.stderr.contains("in use by process \(pid)"), "\(seed.stderr)")
        #expect(Self.databaseFiles(data) == before, "the refused seed wrote to the database")
        #expect(try first.collectctl(["case", "show", "C-0000001"]).status == 0)
        // Once the first server stopped, the folder is free again.
        #expect(first.stop() == 0)
        try first.start()
        #expect(try first.collectctl(["health"]).status == 0)
    }

    /// The new limits at their edges: out of range, refused before anything is created or served.
    @Test func requestBufferAndReadTimeoutFlagsOutOfRangeAreRefused() throws {
        let data = NSTemporaryDirectory() + "collect-never-\(UUID().uuidString)"
        for (flag, value, setting) in [("--max-buffered-request-bytes-per-connection", "4194308", "maxBufferedRequestBytesPerConnection"),
                                       ("--max-buffered-request-bytes-per-server", "1000", "maxBufferedRequestBytesPerServer"),
                                       ("--request-read-timeout-ms", "0", "requestReadTimeout")] {
            let outcome = try Self.runToExit(["serve", "--data", data, "--plaintext", "--host", "127.0.0.1", "--port", "0", "\(flag)=\(value)"])
            #expect(outcome.status != 0)
            #expect(outcome.stderr.contains("\(setting) = "), "\(flag): \(outcome.stderr)")
            #expect(!outcome.stdout.contains("listening"))
            #expect(!FileManager.default.fileExists(atPath: data), "\(flag): the data folder was created")
        }
        // The buffer limits at their edge (message limit + 5): served.
        let edge = try ServerProcess(customers: 2, serveArguments: ["--max-buffered-request-bytes-per-connection=4194309",
                                                                    "--max-buffered-request-bytes-per-server=4194309",
                                                                    "--request-read-timeout-ms=1000"])
        #expect(try edge.collectctl(["case", "show", "C-0000001"]).status == 0)
        #expect(edge.stop() == 0)
    }
}
