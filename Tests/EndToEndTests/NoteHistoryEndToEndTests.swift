import Foundation
import Testing

/// Every note of a case can be read, a page at a time, newest first; the case view keeps showing
/// the latest 20 (issue 12, defect 15: older notes were unreachable).
@Suite(.serialized) struct NoteHistoryEndToEndTests {
    func noteIDs(_ json: [String: Any]) -> [String] { (json["notes"] as? [[String: Any]] ?? []).compactMap { $0["note_id"] as? String } }

    @Test func everyNoteIsReachablePageByPage() throws {
        let server = try ServerProcess(customers: 3)
        let seeded = (try server.json(["case", "show", "C-0000001"]).at("view.notes") as? [Any])?.count ?? 0
        for index in 1...25 {
            #expect(try server.collectctl(["case", "note", "C-0000001", "anteckning \(index)"]).status == 0)
        }
        #expect((try server.json(["case", "show", "C-0000001"]).at("view.notes") as? [Any])?.count == 20, "the view: the latest 20")

        var all: [String] = []
        var texts: [String] = []
        var cursor = ""
        repeat {
            let page = try server.json(["case", "notes", "C-0000001", "--page-size", "10"] + (cursor.isEmpty ? [] : ["--cursor", cursor]))
            all += noteIDs(page)
            texts += (page["notes"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            cursor = page["next_cursor"] as? String ?? ""
        } while !cursor.isEmpty && all.count < 200
        #expect(all.count == seeded + 25)
        #expect(Set(all).count == all.count, "no note twice")
        #expect(texts.first == "anteckning 25", "newest first")
        #expect(texts.contains("anteckning 1"), "the oldest of them too")
        let table = try server.collectctl(["case", "notes", "C-0000001", "--page-size", "5"])
        #expect(table.stdout.contains("more: --cursor"))
    }

    @Test func aBadCursorOrAnotherCountrysCaseIsRefused() throws {
        let server = try ServerProcess(customers: 12)
        let bad = try server.collectctl(["case", "notes", "C-0000001", "--cursor", "garbage"])
        #expect(bad.status == 13, "\(bad.stderr)")
        #expect(bad.stderr.contains("PAGE_CURSOR_INVALID"))
        let swedish = try server.json(["case", "search", "--country", "se", "--page-size", "1"])
        let caseID = try #require((swedish["cases"] as? [[String: Any]])?.first?["case_id"] as? String)
        let refused = try server.collectctl(["case", "notes", caseID], token: nil)
        #expect(refused.status == 26)
        let norwegian = try server.createToken(name: "nina.handler", role: "handler", countries: "NO")
        let outside = try server.collectctl(["case", "notes", caseID], secret: norwegian)
        #expect(outside.status == 17, "\(outside.stderr)")
        #expect(outside.stderr.contains("COUNTRY_OUT_OF_SCOPE"))
    }
}
