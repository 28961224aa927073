import Foundation
import Testing

/// A search cursor is a next_cursor from an earlier page or it is refused, as ListPayments does
/// (issue 12, defect 13).
@Suite(.serialized) struct SearchCursorEndToEndTests {
    func caseIDs(_ json: [String: Any]) -> [String] { (json["cases"] as? [[String: Any]] ?? []).compactMap { $0["case_id"] as? String } }

    @Test func onlyAnEarlierPagesCursorIsAccepted() throws {
        let server = try ServerProcess(customers: 12)
        let first = try server.json(["case", "search", "--page-size", "5"])
        let cursor = try #require(first["next_cursor"] as? String)
        let second = try server.json(["case", "search", "--page-size", "5", "--cursor", cursor])
        #expect(caseIDs(second).count == 5)
        #expect(Set(caseIDs(second)).isDisjoint(with: caseIDs(first)))

        for bad in ["garbage", "C-9999999", "C-0000001'--", String(repeating: "C", count: 65)] {
            let outcome = try server.collectctl(["case", "search", "--page-size", "5", "--cursor", bad])
            #expect(outcome.status == 13, "\(bad): \(outcome.stderr)")
            #expect(outcome.stderr.contains("PAGE_CURSOR_INVALID"), "\(bad)")
            #expect(outcome.stdout.isEmpty)
        }
    }

    @Test func aCursorOutsideTheCallersCountriesIsRefused() throws {
        let server = try ServerProcess(customers: 12)
        let swedish = try server.json(["case", "search", "--country", "se", "--page-size", "1"])
        let cursor = try #require(caseIDs(swedish).first)
        let norwegian = try server.createToken(name: "nils.handler", role: "handler", countries: "NO")
        let outcome = try server.collectctl(["case", "search", "--cursor", cursor], secret: norwegian)
        #expect(outcome.status == 13, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("PAGE_CURSOR_INVALID"))
    }
}
