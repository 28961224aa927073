import Foundation
import Testing

/// A graceful stop is bounded: with the data folder's file system frozen (fsfreeze), SIGTERM ends
/// the server within --stop-timeout-ms, with a log line saying what was not flushed and exit 75.
@Suite(.serialized) struct GracefulStopEndToEndTests {
    static func sh(_ command: String) throws -> ServerProcess.Outcome { try ServerProcess.run("/bin/sh", ["-c", command]) }

    /// Loop devices, ext4 and fsfreeze need root, as on the project's machines and CI.
    @Test(.enabled(if: getuid() == 0))
    func aStopWithFrozenStorageEndsWithinItsBound() throws {
        let book = try ServerProcess(customers: 5)
        book.stop()
        let mount = book.directory + "/frozen"
        #expect(try Self.sh("""
            truncate -s 64M '\(book.directory)/fs.img' && mkfs.ext4 -q -F '\(book.directory)/fs.img' && mkdir -p '\(mount)' \
            && mount -o loop '\(book.directory)/fs.img' '\(mount)' && cp -a '\(book.directory)/data' '\(mount)/data'
            """).status == 0)
        defer { _ = try? Self.sh("fsfreeze -u '\(mount)' 2>/dev/null; umount -l '\(mount)'") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binDirectory + "/collect-server")
        process.arguments = ["serve", "--data", mount + "/data", "--cert", book.directory + "/tls/server.pem", "--key", book.directory + "/tls/server.key",
                             "--host", "127.0.0.1", "--port", "0", "--stop-timeout-ms", "2000", "--log-format", "json", "--daily-cycle", "off"]
        let output = Pipe()
        let logPath = book.directory + "/server.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        var port = ""
        while port.isEmpty {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            if let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first(where: { $0.contains("listening on") }) {
                port = String(line.split(separator: ":").last ?? "")
            }
        }
        #expect(!port.isEmpty)
        let environment = ["COLLECT_SERVER": "localhost:\(port)", "COLLECT_CA": book.directory + "/tls/ca.pem", "HOME": book.directory,
                           "COLLECT_TOKEN": book.tokens["anna.handler"] ?? ""]
        let note = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl", ["case", "note", "C-0000001", "innan frysningen"], environment: environment)
        #expect(note.status == 0, "\(note.stderr)")

        #expect(try Self.sh("fsfreeze -f '\(mount)'").status == 0)
        // A write that can no longer reach the disk, then the stop.
        let stuck = Process()
        stuck.executableURL = URL(fileURLWithPath: ServerProcess.binDirectory + "/collectctl")
        stuck.arguments = ["case", "note", "C-0000001", "under frysningen", "--timeout", "30"]
        stuck.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        stuck.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        stuck.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try stuck.run()
        usleep(500_000)
        let started = Date()
        process.terminate()
        // Threads blocked in the frozen file system cannot leave the kernel until it thaws, so the
        // process is reaped only then; the bound shows in the log line written as it gives up.
        var log = ""
        while Date().timeIntervalSince(started) < 10 && !log.contains("ran out of time") {
            usleep(100_000)
            log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        }
        let took = Date().timeIntervalSince(started)
        #expect(log.contains("ran out of time") && log.contains("queued_not_flushed"), "\(log)")
        #expect(took < 6, "the stop gave up after \(took) s with a 2 s bound")
        _ = try Self.sh("fsfreeze -u '\(mount)'")
        process.waitUntilExit()
        #expect(process.terminationStatus == 75, "a stop that ran out of time exits 75, not \(process.terminationStatus)")
        stuck.terminate()
        stuck.waitUntilExit()
    }
}
