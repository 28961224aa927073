import Foundation
@testable import SchemaCompiler
import Testing

/// `schema/WIRE.md` §3 is what the compiler accepts: the reserved names it lists are exactly the
/// checker's, and each rule of the grammar it states holds, at and one past its edges.
@Suite struct SchemaGrammarDocumentationTests {
    static let wire: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return (try? String(contentsOfFile: url.path + "/schema/WIRE.md", encoding: .utf8)) ?? ""
    }()

    func accepts(_ text: String) -> Bool {
        (try? SchemaCompiler.check(sources: [("g.schema", text)])) != nil
    }

    @Test func documentedReservedNamesAreExactlyTheCheckers() throws {
        let start = try #require(Self.wire.range(of: "The complete list:"))
        let end = try #require(Self.wire.range(of: "No other name", range: start.upperBound..<Self.wire.endIndex))
        let listed = Set(Self.wire[start.upperBound..<end.lowerBound].matches(of: /`([A-Za-z0-9]+)`/).map { String($0.output.1) })
        #expect(listed == SchemaChecker.reservedTypeNames)
        for name in SchemaChecker.reservedTypeNames {
            #expect(!accepts("package p; message \(name) { int32 a = 1; }"), "\(name)")
        }
    }

    @Test func keywordsAreKeywordsOnlyWhereTheGrammarPutsThem() {
        #expect(accepts("package p; message M { int32 to = 1; int32 reserved = 2; int32 optional = 3; int32 rpc = 4; }"))
        #expect(!accepts("package p; message M { reserved 1, \"a\"; int32 b = 2; }"), "numbers and names in one reserved statement")
    }

    @Test func numbersAtAndPastTheirEdges() {
        #expect(accepts("package p; message M { int32 a = 536870911; }"))
        #expect(!accepts("package p; message M { int32 a = 536870912; }"))
        #expect(!accepts("package p; message M { int32 a = 0; }"))
        #expect(accepts("package p; enum E { E_A = 0; E_B = 2147483647; }"))
        #expect(!accepts("package p; enum E { E_A = 0; E_B = 2147483648; }"))
        #expect(accepts("package p; message M { reserved 1 to 536870911; }"))
        #expect(!accepts("package p; message M { reserved 1 to 536870912; }"))
        #expect(!accepts("package p; message M { reserved 3 to 2; }"))
        #expect(!accepts("package p; message M { int32 a = 18446744073709551616; }"), "past 2^64 − 1")
        #expect(!accepts("package p; message M { int32 a = 1x; }"), "a letter right after a number")
    }

    @Test func tokensAndCommentsAsDocumented() {
        #expect(accepts("package p; // å ä ö in a comment\nmessage M { int32 a = 1; }"))
        #expect(!accepts("package p; message Må { int32 a = 1; }"), "non-ASCII outside comments")
        #expect(!accepts("package p; /* block */ message M { int32 a = 1; }"))
        #expect(!accepts("package p..q; message M { int32 a = 1; }"))
        #expect(!accepts("package p; message M { reserved \"a\nb\"; }"), "a string ends on its line")
    }

    @Test func namesAsDocumented() {
        #expect(!accepts("package p; message M_N { int32 a = 1; }"), "UpperCamelCase has no underscore")
        #expect(!accepts("package p; message M { int32 a__b = 1; }"))
        #expect(!accepts("package p; message M { int32 a_ = 1; }"))
        #expect(accepts("package p; enum ContactChannel { CONTACT_CHANNEL_UNSPECIFIED = 0; }"))
        #expect(!accepts("package p; enum ContactChannel { CONTACT_CHANNEL_UNKNOWN = 0; }"))
        #expect(!accepts("package p; enum ContactChannel { CONTACT_CHANNEL_2G = 0; }"))
        #expect(!accepts("package p; enum E { E_A = 0; E_B = 0; }"), "no aliases")
        #expect(!accepts("package p; enum M { M_A = 0; } message M { int32 a = 1; }"), "one name space")
        #expect(!accepts("package p; message M { int32 a = 1; } service M { rpc G(M) returns (M); }"), "one name space")
    }
}
