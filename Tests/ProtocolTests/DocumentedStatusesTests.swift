import Foundation
import Protocol
import Testing

/// Where prose names a detail code with its status (`schema/WIRE.md`, the README's exit codes),
/// it is the status `ErrorCatalogue` gives it.
@Suite struct DocumentedStatusesTests {
    static func read(_ path: String) throws -> String { try String(contentsOfFile: repositoryRoot + "/" + path, encoding: .utf8) }

    @Test func wireSpecificationNamesEachCodeWithItsCataloguedStatus() throws {
        let text = try Self.read("schema/WIRE.md").replacingOccurrences(of: "\n", with: " ")
        var checked = 0
        for match in text.matches(of: /`([A-Z][A-Z0-9_]+)` \(([A-Z][A-Z_]+)/) {
            guard let entry = ErrorCatalogue.entry(String(match.output.1)), match.output.2 != "field_path" else { continue }
            #expect(entry.status.name == match.output.2, "WIRE.md gives \(match.output.1) as \(match.output.2); ErrorCatalogue says \(entry.status.name)")
            checked += 1
        }
        #expect(checked >= 8)
    }

    @Test func readmeExitCodesListEachCodeUnderItsStatus() throws {
        var checked = 0
        for line in try Self.read("README.md").split(separator: "\n") {
            guard let row = line.firstMatch(of: /^\| (1[1-9]|2[0-6]) \|/), let exit = Int(row.output.1) else { continue }
            let status = GRPCStatusCode(rawValue: exit - 10)
            for code in line.matches(of: /`([A-Z][A-Z0-9_]+)`/).map({ String($0.output.1) }) {
                guard let entry = ErrorCatalogue.entry(code) else { continue }  // the client's own codes
                #expect(entry.status == status, "README lists \(code) under exit \(exit); ErrorCatalogue says \(entry.status.name)")
                checked += 1
            }
        }
        #expect(checked >= 15)
    }
}
