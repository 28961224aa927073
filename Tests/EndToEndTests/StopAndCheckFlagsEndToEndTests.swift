import Foundation
import Testing

/// `--stop-timeout-ms` and `--startup-check-budget-ms` at their edges: one past either end is
/// refused before anything is served, with the range named; the ends themselves serve.
@Suite(.serialized) struct StopAndCheckFlagsEndToEndTests {
    @Test func outOfRangeIsRefusedBeforeServing() throws {
        for (flag, value, range) in [("--stop-timeout-ms", "99", "100 to 600000"), ("--stop-timeout-ms", "600001", "100 to 600000"),
                                     ("--startup-check-budget-ms", "-1", "0 to 600000"),
                                     ("--startup-check-budget-ms", "600001", "0 to 600000")] {
            let outcome = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server",
                                                ["serve", "--data", NSTemporaryDirectory() + "collect-never-\(UUID().uuidString)",
                                                 "--plaintext", "--port", "0", "\(flag)=\(value)"])
            #expect(outcome.status == 64, "\(flag)=\(value): \(outcome.stderr)")
            #expect(outcome.stderr.contains("\(flag) is \(range)"), "\(outcome.stderr)")
            #expect(!outcome.stdout.contains("listening"))
        }
    }

    @Test func theEndsOfTheRangesServe() throws {
        for arguments in [["--stop-timeout-ms=100", "--startup-check-budget-ms=0"],
                          ["--stop-timeout-ms=600000", "--startup-check-budget-ms=600000"]] {
            let server = try ServerProcess(customers: 3, serveArguments: arguments)
            #expect(try server.collectctl(["case", "show", "C-0000001"]).status == 0, "\(arguments)")
            #expect(server.stop() == 0, "\(arguments)")
        }
    }
}
