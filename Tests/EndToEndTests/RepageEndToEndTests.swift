import Foundation
import Testing

/// An operator rewrites a stopped book with another page size; the server refuses to share the
/// folder with it, and the book serves the same afterwards.
@Suite(.serialized) struct RepageEndToEndTests {
    static func server(_ arguments: [String]) throws -> ServerProcess.Outcome {
        try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", arguments)
    }

    @Test func aStoppedBookIsRepagedAndServesTheSameAndAServedOneIsRefused() throws {
        let server = try ServerProcess(customers: 20)
        let data = server.directory + "/data"
        let search = try server.json(["case", "search", "--country", "se", "--page-size", "1"])
        let caseID = try #require((search["cases"] as? [[String: Any]])?.first?["case_id"] as? String)
        #expect(try server.collectctl(["case", "note", caseID, "före omsidningen"]).status == 0)
        let before = try server.json(["case", "show", caseID])

        // While the server holds the folder: refused, nothing touched.
        let busy = try Self.server(["repage", "--data", data, "--page-size", "4096"])
        #expect(busy.status != 0)
        #expect(busy.stderr.contains("is in use by process"), "\(busy.stderr)")
        #expect(server.stop() == 0)

        // Page sizes SQLite does not have: refused with the code, the file left as it was.
        let file = data + "/collect.sqlite"
        let original = try Data(contentsOf: URL(fileURLWithPath: file))
        for invalid in ["3000", "131072"] {
            let refused = try Self.server(["repage", "--data", data, "--page-size", invalid])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("PAGE_SIZE_INVALID"), "\(refused.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == original)

        // A new book has 2 KiB pages: nothing to do; to 4 KiB and back, then it serves the same.
        let same = try Self.server(["repage", "--data", data])
        #expect(same.status == 0 && same.stdout.contains("already has pages of 2048 bytes"), "\(same.stdout)\(same.stderr)")
        let out = try Self.server(["repage", "--data", data, "--page-size", "4096"])
        #expect(out.status == 0 && out.stdout.contains("pages of 2048 → 4096 bytes"), "\(out.stdout)\(out.stderr)")
        let back = try Self.server(["repage", "--data", data])
        #expect(back.status == 0 && back.stdout.contains("pages of 4096 → 2048 bytes"), "\(back.stdout)\(back.stderr)")
        #expect(try Self.server(["audit", "verify", "--data", data]).status == 0)
        try server.start()
        let after = try server.json(["case", "show", caseID])
        #expect(NSDictionary(dictionary: after) == NSDictionary(dictionary: before))
        #expect(try server.collectctl(["case", "note", caseID, "efter omsidningen"]).status == 0)
        #expect(server.stop() == 0)
    }
}
