import Foundation
import Testing

/// Issue 13: `collectctl` died of SIGPIPE (no message, exit by signal) when the server died
/// in the middle of its calls, because its TLS writes could raise the signal. Every write must
/// be safe without the program changing its signal dispositions.
@Suite(.serialized) struct ClientSignalTests {
    @Test func clientNeverDiesOfSIGPIPEWhenTheServerDiesMidCall() throws {
        let server = try ServerProcess(customers: 5)
        for round in 0..<8 {
            if round > 0 { try server.start() }
            var clients: [Process] = []
            for _ in 0..<3 {
                let client = Process()
                client.executableURL = URL(fileURLWithPath: ServerProcess.binDirectory + "/collectctl")
                client.arguments = ["bench", "health", "--connections", "4", "--streams", "16", "--duration", "2", "--warmup", "0"]
                // A crash prints Swift's backtrace into the client's log, which the failure quotes.
                client.environment = ["COLLECT_SERVER": "localhost:\(server.port)", "COLLECT_CA": server.directory + "/tls/ca.pem",
                                      "HOME": server.directory, "PATH": "/usr/bin:/bin",
                                      "SWIFT_BACKTRACE": "enable=yes,interactive=no,color=no"]
                let log = server.directory + "/client-\(round)-\(clients.count).log"
                FileManager.default.createFile(atPath: log, contents: nil)
                client.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
                client.standardError = FileHandle(forWritingAtPath: log)
                try client.run()
                clients.append(client)
            }
            usleep(UInt32(300_000 + round * 50_000))  // they are writing as fast as they can
            server.kill9()
            for (index, client) in clients.enumerated() {
                client.waitUntilExit()
                let log = (try? String(contentsOfFile: server.directory + "/client-\(round)-\(index).log", encoding: .utf8)) ?? ""
                #expect(client.terminationReason == .exit,
                        "round \(round): collectctl died of signal \(client.terminationStatus): \(log.suffix(6_000))")
            }
        }
        // A call to the dead server: UNAVAILABLE's exit code and a sentence, not a signal.
        let call = try server.collectctl(["case", "show", "C-0000001"])
        #expect(call.status == 24, "\(call.status): \(call.stderr)")
        #expect(!call.stderr.isEmpty)
    }
}
