import Foundation
import Testing

/// `collect-server errors`: the command the docs name for regenerating `docs/ERRORS.md` prints
/// exactly the committed file, and its plain form one line per code.
@Suite struct ErrorsCommandEndToEndTests {
    @Test func markdownIsTheCommittedDocument() throws {
        let printed = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["errors", "--markdown"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let committed = try String(contentsOfFile: ServerProcess.repositoryRoot + "/docs/ERRORS.md", encoding: .utf8)
        #expect(printed.stdout == committed)
    }

    @Test func plainListingHasOneLinePerCodeWithItsStatus() throws {
        let printed = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["errors"])
        #expect(printed.status == 0)
        let lines = printed.stdout.split(separator: "\n")
        let documented = try String(contentsOfFile: ServerProcess.repositoryRoot + "/docs/ERRORS.md", encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(lines.count == documented.count)
        #expect(lines.contains { $0.hasPrefix("VERSION_CONFLICT ") && $0.contains(" ABORTED ") })
    }
}
