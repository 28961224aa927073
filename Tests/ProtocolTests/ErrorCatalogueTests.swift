import Foundation
import Protocol
import Testing

/// The catalogue of detail codes: well formed, complete for the wire decoder, and `docs/ERRORS.md`
/// is what it generates.
@Suite struct ErrorCatalogueTests {
    @Test func committedErrorsDocumentIsCurrent() throws {
        let committed = try String(contentsOfFile: repositoryRoot + "/docs/ERRORS.md", encoding: .utf8)
        #expect(committed == ErrorCatalogue.markdown,
                "docs/ERRORS.md is stale: run `swift run collect-server errors --markdown > docs/ERRORS.md` and commit it")
    }

    @Test func documentListsEveryCodeWithItsStatus() {
        let document = ErrorCatalogue.markdown
        for entry in ErrorCatalogue.all {
            #expect(document.contains("| `\(entry.code)`"), "\(entry.code) is not in the table")
            #expect(document.contains("| \(entry.status.name) (\(entry.status.rawValue)) |"))
        }
    }

    @Test func codesAreUniqueUpperSnakeAndNeverOK() {
        let codes = ErrorCatalogue.all.map(\.code)
        #expect(Set(codes).count == codes.count, "a code is listed twice")
        for entry in ErrorCatalogue.all {
            #expect(entry.code.wholeMatch(of: /[A-Z][A-Z0-9]*(_[A-Z0-9]+)*/) != nil, "\(entry.code) is not UPPER_SNAKE")
            #expect(entry.status != .ok, "\(entry.code) travels with OK")
            #expect(!entry.meaning.isEmpty && !entry.meaning.contains("|") && !entry.meaning.contains("\n"), "\(entry.code)'s meaning")
            #expect(ErrorCatalogue.entry(entry.code) == entry)
        }
        #expect(ErrorCatalogue.entry("NO_SUCH_CODE") == nil)
        #expect(ErrorCatalogue.status(of: "NO_SUCH_CODE") == nil)
    }

    /// WIRE.md §6 and §7: too large is RESOURCE_EXHAUSTED, every other decoding error INVALID_ARGUMENT.
    @Test(arguments: WireError.Kind.allCases)
    func everyWireErrorIsCatalogued(_ kind: WireError.Kind) throws {
        let entry = try #require(ErrorCatalogue.entry(kind.rawValue))
        #expect(entry.status == (kind == .messageTooLarge ? .resourceExhausted : .invalidArgument))
        #expect(entry.component == .protocol)
    }

    @Test func countIsStated() {
        #expect(ErrorCatalogue.markdown.contains("\n\(ErrorCatalogue.all.count) codes.\n"))
        #expect(ErrorCatalogue.all.count > 150)
    }
}
