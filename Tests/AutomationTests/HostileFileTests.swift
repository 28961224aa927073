import Testing
@testable import Automation

/// Strategy files are hostile input: nothing in one may crash the reader or make it work without bound.
@Suite struct HostileFileTests {
    func codes(_ text: String) -> [String] { issues(text).map(\.code) }

    @Test func deepFlowNestingHiddenInQuotesOrCommentsIsStillCaught() {
        // Closing brackets inside quotes or comments do not close anything for YAML, nor here.
        #expect(codes("x: " + String(repeating: "[\"]\", ", count: 20_000)) == ["STRATEGY_TOO_DEEP"])
        #expect(codes("x: " + String(repeating: "['a'']]', ", count: 20_000)) == ["STRATEGY_TOO_DEEP"])
        #expect(codes("x: " + String(repeating: "[ # ]\n", count: 20_000)) == ["STRATEGY_TOO_DEEP"])
        #expect(codes("x: " + String(repeating: "{a: ", count: 20_000)) == ["STRATEGY_TOO_DEEP"])
        #expect(codes("x: " + String(repeating: "[\"\\\"]\", ", count: 20_000)) == ["STRATEGY_TOO_DEEP"])
    }

    @Test func thePrecheckCatchesThemBeforeTheParserRecurses() {
        for text in ["x: " + String(repeating: "[\"]\", ", count: 17), "x: " + String(repeating: "[ # ]\n", count: 17),
                     "x: " + String(repeating: "['a'']]', ", count: 17), String(repeating: "- ? ", count: 17) + "x"] {
            #expect(NestingPrecheck.firstViolation(in: text) != nil, "\(text.prefix(20))")
        }
        #expect(NestingPrecheck.firstViolation(in: "x: " + String(repeating: "[", count: 16) + String(repeating: "]", count: 16)) == nil)
        #expect(NestingPrecheck.firstViolation(in: "x: " + String(repeating: "[", count: 17)) != nil)
        #expect(NestingPrecheck.firstViolation(in: String(repeating: " ", count: NestingPrecheck.blockColumnsMax) + "x") == nil)
        #expect(NestingPrecheck.firstViolation(in: String(repeating: " ", count: NestingPrecheck.blockColumnsMax + 1) + "x") != nil)
    }

    @Test func deepBlockNestingCaught() {
        #expect(codes(String(repeating: "- ", count: 50_000) + "x") == ["STRATEGY_TOO_DEEP"])
        #expect(codes(String(repeating: "- ? ", count: 30_000) + "x") == ["STRATEGY_TOO_DEEP"])
        var indented = ""
        for level in 0..<200 { indented += String(repeating: " ", count: level) + "k\(level):\n" }
        #expect(codes(indented) == ["STRATEGY_TOO_DEEP"])
    }

    @Test func aliasExpansionIsBounded() {
        // The "billion laughs": nine levels of ten aliases each expand to 10^9 values.
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(codes(text) == ["STRATEGY_TOO_MANY"])
    }

    @Test func bracketsInsideQuotedTextAreJustText() {
        let text = minimal.replacingOccurrences(of: "version: \"1\"", with: "version: \"[v1] {x}\"")
        #expect(codes(text).isEmpty)
        let single = minimal.replacingOccurrences(of: "version: \"1\"", with: "version: 'it''s [1'")
        #expect(codes(single).isEmpty)
    }

    @Test func binaryAndOddTextIsRefusedNotCrashed() {
        #expect(codes("\u{0}\u{1}\u{2}") == ["STRATEGY_SYNTAX"])
        #expect(codes("- a\n- b") == ["STRATEGY_WRONG_TYPE"])
        #expect(codes("strategy: [unclosed") == ["STRATEGY_SYNTAX"])
        #expect(codes("a: 1\n---\nb: 2") == ["STRATEGY_SYNTAX"])
        #expect(codes("? [a, b]\n: c") != [])
        var random = SplitMix64Generator(seed: 42)
        let alphabet = Array("[]{}-?:#'\"\\,&*!|> \nabc01")
        for _ in 0..<300 {
            let length = Int.random(in: 0...200, using: &random)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            _ = issues(text)  // must return, whatever it says
        }
    }
}

typealias SplitMix64Generator = Domain.SplitMix64
import Domain
