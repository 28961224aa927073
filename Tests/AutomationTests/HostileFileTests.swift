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

@Suite struct StrategyCountLimitTests {
    @Test func valuesAfterAliasExpansionAtAndPastTheLimit() {
        // Root mapping 1; key `l` 1, its list 1 + 1 000 items; key `m` 1, its list 1 + 98 aliases of
        // 1 001 values each + `extra` scalars: 1 005 + 98 098 + extra values in all.
        func text(extra: Int) -> String {
            "l: &l [" + Array(repeating: "x", count: 1_000).joined(separator: ", ") + "]\n"
                + "m: [" + (Array(repeating: "*l", count: 98) + Array(repeating: "y", count: extra)).joined(separator: ", ") + "]\n"
        }
        #expect(1_005 + 98_098 + 897 == StrategyLimits.nodeCountMax)
        #expect(!issues(text(extra: 897)).map(\.code).contains("STRATEGY_TOO_MANY"))
        #expect(issues(text(extra: 898)).map(\.code) == ["STRATEGY_TOO_MANY"])
    }

    @Test func armsAtAndPastTheLimit() {
        func arms(_ count: Int) -> String {
            var text = "strategy: t\nversion: \"1\"\ncountries: [SE]\nsegments:\n  - name: s\n    arms:"
            for index in 0..<count {
                let percent = index == 0 ? 100 - (count - 1) : 1
                text += "\n      - {name: a\(index), percent: \(percent), treatment: [{day: 0, action: wait}]}"
            }
            return text
        }
        #expect(issues(arms(StrategyLimits.armCountMax)).isEmpty)
        #expect(issues(arms(StrategyLimits.armCountMax + 1)).map(\.code) == ["STRATEGY_TOO_MANY"])
    }

    @Test func listItemsAtAndPastTheLimit() {
        func languages(_ count: Int) -> String {
            let codes = (0..<count).map { index in
                let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                return String([letters[index / 26], letters[index % 26]])
            }
            return minimal.replacingOccurrences(of: "{dpd: {min: 1}}", with: "{languages: [\(codes.joined(separator: ", "))]}")
        }
        #expect(issues(languages(StrategyLimits.listCountMax)).isEmpty)
        #expect(issues(languages(StrategyLimits.listCountMax + 1)).map(\.code) == ["STRATEGY_TOO_MANY"])
    }

    @Test func issuesAtAndPastTheLimit() {
        func unknownFields(_ count: Int) -> String {
            minimal + "\n" + (0..<count).map { "zz\($0): 1" }.joined(separator: "\n")
        }
        #expect(issues(unknownFields(StrategyLimits.issueCountMax)).count == StrategyLimits.issueCountMax)
        #expect(issues(unknownFields(StrategyLimits.issueCountMax + 10)).count == StrategyLimits.issueCountMax)
    }
}
