import Foundation
import Testing

/// The command lines people read: help texts and completion scripts.
@Suite struct CommandLineTests {
    @Test func helpNamesEveryCommandAndTheExitCodes() throws {
        let help = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl", ["--help"])
        #expect(help.status == 0)
        for command in ["case", "plan", "payment", "audit", "health", "completion"] { #expect(help.stdout.contains("  \(command) ")) }
        #expect(help.stdout.contains("20 version conflict"))
        let plan = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl", ["plan", "create", "--help"])
        #expect(plan.stdout.contains("--expected-version"))
        #expect(plan.stdout.contains("--first-due"))
        let server = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["--help"])
        for command in ["serve", "seed", "token", "audit"] { #expect(server.stdout.contains("  \(command)")) }
    }

    @Test func completionScriptsForEveryShell() throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl", ["completion", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("collectctl"))
        }
        let unknown = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl", ["completion", "tcsh"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("bash, zsh or fish"))
    }

    @Test func missingServerIsAClearUsageError() throws {
        let outcome = try ServerProcess.run(ServerProcess.binDirectory + "/collectctl", ["case", "show", "C-1"],
                                            environment: ["HOME": NSTemporaryDirectory()])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("no server"))
    }

    @Test func answerCacheSizeOutOfRangeIsRefusedBeforeServing() throws {
        for bad in ["-1", "1000001"] {
            let outcome = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                                                ["serve", "--data", NSTemporaryDirectory() + "collect-never-\(UUID().uuidString)",
                                                 "--plaintext", "--port", "0", "--answer-cache=\(bad)"])
            #expect(outcome.status == 64, "\(bad): \(outcome.stderr)")
            #expect(outcome.stderr.contains("--answer-cache is 0 to 1000000"))
        }
    }

    /// Both ends of the accepted range serve: answers are never stale, cached or not.
    @Test func answerCacheSizesAtTheEdgesServeFreshAnswers() throws {
        for size in ["0", "1000000"] {
            let server = try ServerProcess(customers: 5, serveArguments: ["--answer-cache=\(size)"])
            let before = try server.json(["case", "show", "C-0000001"])
            _ = try server.json(["case", "show", "C-0000001"])
            let version = Int(try #require(before.at("view.summary.version") as? String))!
            let note = try server.collectctl(["case", "note", "C-0000001", "called, will pay Friday"])
            #expect(note.status == 0, "\(size): \(note.stderr)")
            let after = try server.json(["case", "show", "C-0000001"])
            #expect(after.at("view.summary.version") as? String == String(version + 1), "--answer-cache=\(size)")
            #expect(server.stop() == 0)
        }
    }
}
