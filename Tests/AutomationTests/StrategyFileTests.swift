import Testing
@testable import Automation
import Domain

/// A minimal valid strategy; tests change one thing in it. Line numbers are stated where a test relies on them.
let minimal = """
strategy: test
version: "1"
countries: [SE]
segments:
  - name: arrears
    when: {dpd: {min: 1}}
    treatment:
      - {day: 0, action: sms, template: reminder-1}
"""

@Suite struct StrategyFileTests {
    @Test func goldenStrategiesLoad() throws {
        let se = try loadFixture("se-standard.yaml")
        #expect(se.name == "se-standard" && se.version == "2026-12a" && se.countries == [.se])
        #expect(se.segments.map(\.name) == ["no-mandate", "long-term-difficulty", "early-arrears"])
        #expect(se.segments[2].arms.map(\.percent) == [80, 20])
        #expect(se.segments[0].arms[0].treatment[4].fee == [.sek: Money(minorUnits: 6000, currency: .sek)])
        let no = try loadFixture("no-standard.yaml")
        #expect(no.segments[1].predicate.overdue == [.nok: IntBounds(min: 1_000_000)])
        #expect(no.skipRules == .standard)
        let dk = try loadFixture("dk-standard.yaml")
        #expect(dk.segments.map(\.name) == ["broken-promises", "no-mandate", "not-contacted-lately", "arrears"])
        #expect(dk.segments[2].predicate.daysSinceLastContact == IntBounds(min: 14))
    }

    @Test func minimalLoads() throws {
        #expect(issues(minimal).isEmpty)
    }

    @Test func unknownFieldRefusedWithLineAndSuggestions() {
        let found = issues(minimal.replacingOccurrences(of: "    when: {dpd: {min: 1}}", with: "    when: {dpd: {min: 1}, dpd_max: 3}"))
        #expect(found.count == 1)
        #expect(found.first?.code == "STRATEGY_UNKNOWN_FIELD")
        #expect(found.first?.line == 6)
        #expect(found.first?.fieldPath == "segments[0].when.dpd_max")
        #expect(found.first?.description.hasPrefix("test.yaml:6:") == true)
        #expect(found.first?.message.contains("expected one of countries, dpd") == true)
        #expect(found.first?.message.contains("did you mean") == false)
        let typo = issues(minimal.replacingOccurrences(of: "treatment:", with: "treatmnet:"))
        #expect(typo.first { $0.code == "STRATEGY_UNKNOWN_FIELD" }?.message.contains("unknown field 'treatmnet' (did you mean 'treatment'?)") == true)
    }

    @Test func wrongTypesRefused() {
        let text = minimal.replacingOccurrences(of: "{day: 0, action: sms", with: "{day: soon, action: sms")
        #expect(issues(text).map(\.code) == ["STRATEGY_WRONG_TYPE"])
        #expect(issues(text).first?.line == 8)
        // `yes` is not a boolean here, and a quoted number is not a number.
        let yes = minimal.replacingOccurrences(of: "{dpd: {min: 1}}", with: "{dpd: {min: \"1\"}, has_phone: yes}")
        #expect(issues(yes).map(\.code) == ["STRATEGY_WRONG_TYPE", "STRATEGY_WRONG_TYPE"])
        let list = minimal.replacingOccurrences(of: "countries: [SE]", with: "countries: SE")
        #expect(issues(list).map(\.code) == ["STRATEGY_WRONG_TYPE"])
        #expect(issues(list).first?.line == 3)
    }

    @Test func norwayIsACountryNotABoolean() throws {
        let text = minimal.replacingOccurrences(of: "[SE]", with: "[NO]")
        #expect(issues(text).isEmpty)
    }

    @Test func missingAndDuplicateFieldsRefused() {
        let missing = minimal.replacingOccurrences(of: "version: \"1\"\n", with: "")
        #expect(issues(missing).map(\.code) == ["STRATEGY_MISSING_FIELD"])
        let twice = minimal.replacingOccurrences(of: "version: \"1\"\n", with: "version: \"1\"\nversion: \"2\"\n")
        #expect(issues(twice).map(\.code) == ["STRATEGY_DUPLICATE_FIELD"])
        #expect(issues(twice).first?.line == 3)
        let noTemplate = minimal.replacingOccurrences(of: ", template: reminder-1", with: "")
        #expect(issues(noTemplate).map(\.code) == ["STRATEGY_MISSING_FIELD"])
    }

    @Test func badValuesRefused() {
        for (old, new) in [("[SE]", "[FI]"), ("action: sms", "action: fax"), ("name: arrears", "name: Arrears!"),
                           ("{dpd: {min: 1}}", "{dpd: {min: 5, max: 4}}"), ("{dpd: {min: 1}}", "{buckets: [\"1-30\"]}"),
                           ("{dpd: {min: 1}}", "{flags: {VULNERABLE: true, ANGRY: true}}"), ("{dpd: {min: 1}}", "{languages: [sv]}")] {
            let found = issues(minimal.replacingOccurrences(of: old, with: new))
            #expect(found.count == 1, "\(new)")
            #expect(["STRATEGY_BAD_VALUE", "STRATEGY_UNKNOWN_FIELD"].contains(found.first?.code ?? ""), "\(new): \(found)")
        }
    }

    @Test func duplicateSegmentNamesRefused() {
        let text = minimal + """

          - name: arrears
            when: {dpd: {min: 0, max: 0}}
            treatment:
              - {day: 0, action: letter, template: notice}
        """
        let found = issues(text)
        #expect(found.map(\.code) == ["STRATEGY_DUPLICATE_NAME"])
        #expect(found.first?.line == 9)
    }

    @Test func overlappingShadowedSegmentRefusedPartialOverlapAllowed() {
        // dpd 1-29 is inside the earlier dpd >= 1: never reached.
        let shadowed = minimal + """

          - name: early
            when: {dpd: {min: 1, max: 29}}
            treatment:
              - {day: 0, action: letter, template: notice}
        """
        let found = issues(shadowed)
        #expect(found.map(\.code) == ["STRATEGY_SEGMENT_UNREACHABLE"])
        #expect(found.first?.line == 9)
        #expect(found.first?.message.contains("'arrears'") == true)
        // dpd 0-29 overlaps dpd >= 1 on 1-29 but still gets dpd 0: allowed, first match wins.
        let partial = shadowed.replacingOccurrences(of: "{dpd: {min: 1, max: 29}}", with: "{dpd: {min: 0, max: 29}}")
        #expect(issues(partial).isEmpty)
    }

    @Test func segmentShadowedByTwoEarlierTogetherRefused() {
        let text = """
        strategy: test
        version: "1"
        countries: [SE, NO]
        segments:
          - name: with-phone
            when: {has_phone: true}
            treatment: [{day: 0, action: sms, template: a}]
          - name: without-phone
            when: {has_phone: false, countries: [SE]}
            treatment: [{day: 0, action: email, template: a}]
          - name: norway-without-phone
            when: {has_phone: false, countries: [NO]}
            treatment: [{day: 0, action: letter, template: a}]
          - name: everyone-else
            treatment: [{day: 0, action: letter, template: a}]
        """
        let found = issues(text)
        #expect(found.map(\.code) == ["STRATEGY_SEGMENT_UNREACHABLE"])
        #expect(found.first?.line == 14)
    }

    @Test func percentagesNotSummingTo100Refused() {
        let text = minimal.replacingOccurrences(of: """
            treatment:
              - {day: 0, action: sms, template: reminder-1}
        """, with: """
            arms:
              - {name: champion, percent: 70, treatment: [{day: 0, action: sms, template: a}]}
              - {name: challenger, percent: 20, treatment: [{day: 0, action: email, template: a}]}
        """)
        let found = issues(text)
        #expect(found.map(\.code) == ["STRATEGY_ARMS_NOT_100"])
        #expect(found.first?.line == 5)
        #expect(found.first?.message.contains("sum to 90 %") == true)
        #expect(issues(text.replacingOccurrences(of: "percent: 20", with: "percent: 30")).isEmpty)
        #expect(issues(text.replacingOccurrences(of: "percent: 20", with: "percent: 31")).map(\.code) == ["STRATEGY_ARMS_NOT_100"])
    }

    @Test func channelTheCountryForbidsRefused() throws {
        // A rule book in which Denmark allows no calls at all.
        let standard = RuleBook.standard
        var denmark = standard.rules(for: .dk, on: validationDay)
        denmark.contactPolicy.maxCallsPerDay = 0
        let rules = try RuleBook(entries: [.se, .no].map { RuleBook.Entry(validFrom: RuleBook.standardValidFrom, rules: standard.rules(for: $0, on: validationDay)) }
                                 + [RuleBook.Entry(validFrom: RuleBook.standardValidFrom, rules: denmark)])
        let text = minimal.replacingOccurrences(of: "[SE]", with: "[SE, DK]")
            .replacingOccurrences(of: "action: sms, template: reminder-1", with: "action: dialer_call, template: call")
        let found = issues(text, rules: rules)
        #expect(found.map(\.code) == ["STRATEGY_CHANNEL_FORBIDDEN"])
        #expect(found.first?.line == 8)
        #expect(found.first?.message.contains("DK") == true)
        #expect(issues(text).isEmpty)
        // Narrowing the step to Sweden makes it acceptable.
        #expect(issues(text.replacingOccurrences(of: "template: call}", with: "template: call, if: {countries: [SE]}}"), rules: rules).isEmpty)
    }

    @Test func offsetsAtAndPastTheirEdges() {
        let at = minimal.replacingOccurrences(of: "{day: 0,", with: "{day: 365,")
        #expect(issues(at).isEmpty)
        let past = minimal.replacingOccurrences(of: "{day: 0,", with: "{day: 366,")
        #expect(issues(past).map(\.code) == ["STRATEGY_OFFSET_OUT_OF_RANGE"])
        #expect(issues(past).first?.line == 8)
        let negative = minimal.replacingOccurrences(of: "{day: 0,", with: "{day: -1,")
        #expect(issues(negative).map(\.code) == ["STRATEGY_OFFSET_OUT_OF_RANGE"])
        let huge = minimal.replacingOccurrences(of: "{day: 0,", with: "{day: 999999999999999999,")
        #expect(issues(huge).map(\.code) == ["STRATEGY_OFFSET_OUT_OF_RANGE"])
        let unordered = minimal + "\n      - {day: 5, action: letter, template: b}\n      - {day: 4, action: letter, template: c}"
        #expect(issues(unordered).map(\.code) == ["STRATEGY_STEPS_UNORDERED"])
        #expect(issues(unordered).first?.line == 10)
    }

    @Test func emptyTreatmentRefused() {
        let text = minimal.replacingOccurrences(of: "    treatment:\n      - {day: 0, action: sms, template: reminder-1}", with: "    treatment: []")
        let found = issues(text)
        #expect(found.map(\.code) == ["STRATEGY_TREATMENT_EMPTY"])
        #expect(found.first?.line == 5)
    }

    @Test func feesWithinTheCountrysCap() {
        let fee = minimal + "\n      - {day: 10, action: reminder_fee, fee: {SEK: \"60.00\"}}"
        #expect(issues(fee).isEmpty)
        let over = fee.replacingOccurrences(of: "\"60.00\"", with: "\"60.01\"")
        #expect(issues(over).map(\.code) == ["STRATEGY_FEE_OVER_CAP"])
        #expect(issues(over).first?.line == 9)
        let missing = fee.replacingOccurrences(of: "[SE]", with: "[SE, NO]")
        #expect(issues(missing).map(\.code) == ["STRATEGY_CURRENCY_MISSING"])
        // Amounts go through Domain's strict parsing: never floating point, never three decimals.
        let precise = fee.replacingOccurrences(of: "\"60.00\"", with: "\"59.9999\"")
        #expect(issues(precise).map(\.code) == ["STRATEGY_AMOUNT_INVALID"])
        #expect(issues(precise).first?.message.contains("AMOUNT_TOO_PRECISE") == true)
        let plain = fee.replacingOccurrences(of: "\"60.00\"", with: "59.5")
        #expect(issues(plain).isEmpty)
    }

    @Test func amountBoundsNeedEveryCurrencyInScope() {
        let text = minimal.replacingOccurrences(of: "[SE]", with: "[SE, DK]")
            .replacingOccurrences(of: "{dpd: {min: 1}}", with: "{overdue: {SEK: {min: \"500\"}}}")
        #expect(issues(text).map(\.code) == ["STRATEGY_CURRENCY_MISSING"])
        let scoped = text.replacingOccurrences(of: "{overdue:", with: "{countries: [SE], overdue:")
        #expect(issues(scoped).isEmpty)
        let outside = minimal.replacingOccurrences(of: "{dpd: {min: 1}}", with: "{countries: [NO]}")
        #expect(issues(outside).map(\.code).contains("STRATEGY_COUNTRY_OUT_OF_SCOPE"))
    }

    @Test func syntaxErrorsCarryTheirLine() {
        let found = issues("strategy: test\nversion: \"1\n")
        #expect(found.map(\.code) == ["STRATEGY_SYNTAX"])
        #expect(found.first.map { $0.line >= 2 } == true)
        #expect(issues("").map(\.code) == ["STRATEGY_SYNTAX"])
    }

    @Test func fileSizeAtAndPastTheLimit() {
        let padding = StrategyLimits.fileBytesMax - minimal.utf8.count - 1
        let at = minimal + "\n" + String(repeating: "#", count: padding)
        #expect(at.utf8.count == StrategyLimits.fileBytesMax)
        #expect(issues(at).isEmpty)
        #expect(issues(at + "#").map(\.code) == ["STRATEGY_FILE_TOO_LARGE"])
    }

    @Test func nestingAtAndPastTheLimit() {
        func nested(_ depth: Int) -> String { "x: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        // The mapping is one level, so `nested(n)` nests n + 1 deep.
        #expect(issues(nested(StrategyLimits.nestingDepthMax)).map(\.code) == ["STRATEGY_TOO_DEEP"])
        #expect(issues(nested(100_000)).map(\.code) == ["STRATEGY_TOO_DEEP"])
        #expect(issues(String(repeating: "- ", count: 50_000) + "x").map(\.code) == ["STRATEGY_TOO_DEEP"])
        // At the bound the file is read (and refused for what it is: an unknown field, missing ones).
        let atLimit = issues(nested(StrategyLimits.nestingDepthMax - 1)).map(\.code)
        #expect(atLimit.first == "STRATEGY_UNKNOWN_FIELD" && !atLimit.contains("STRATEGY_TOO_DEEP"))
    }

    @Test func countsAtAndPastTheirLimits() {
        func steps(_ count: Int) -> String {
            minimal + String(repeating: "\n      - {day: 1, action: wait}", count: count - 1)
        }
        #expect(issues(steps(StrategyLimits.stepCountMax)).isEmpty)
        #expect(issues(steps(StrategyLimits.stepCountMax + 1)).map(\.code) == ["STRATEGY_TOO_MANY"])
        func segments(_ count: Int) -> String {
            var text = "strategy: test\nversion: \"1\"\ncountries: [SE]\nsegments:"
            for index in 0..<count {
                text += "\n  - {name: s\(index), when: {dpd: {min: \(index), max: \(index)}}, treatment: [{day: 0, action: wait}]}"
            }
            return text
        }
        #expect(issues(segments(StrategyLimits.segmentCountMax)).isEmpty)
        #expect(issues(segments(StrategyLimits.segmentCountMax + 1)).map(\.code) == ["STRATEGY_TOO_MANY"])
    }

    @Test func textLengthAtAndPastTheLimit() {
        let at = minimal.replacingOccurrences(of: "reminder-1", with: String(repeating: "r", count: StrategyLimits.textLengthMax))
        #expect(issues(at).isEmpty)
        let past = minimal.replacingOccurrences(of: "reminder-1", with: String(repeating: "r", count: StrategyLimits.textLengthMax + 1))
        #expect(issues(past).map(\.code) == ["STRATEGY_BAD_VALUE"])
    }

    @Test func everyMistakeOfAFileReportedAtOnceInLineOrder() {
        let text = minimal.replacingOccurrences(of: "version: \"1\"", with: "versoin: \"1\"")
            .replacingOccurrences(of: "action: sms", with: "action: fax")
        let found = issues(text)
        #expect(found.map(\.code) == ["STRATEGY_MISSING_FIELD", "STRATEGY_UNKNOWN_FIELD", "STRATEGY_BAD_VALUE"])
        #expect(found.map(\.line) == [1, 2, 8])
    }
}
