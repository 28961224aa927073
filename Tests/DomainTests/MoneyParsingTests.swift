import Testing
@testable import Domain

@Suite("Money parsing and formatting")
struct MoneyParsingTests {
    @Test(arguments: [
        ("1234.50", Int64(123_450)), ("1234,50", 123_450), ("1 234,50", 123_450), ("1 234.50", 123_450),
        ("1\u{00A0}234,50", 123_450), ("1\u{202F}234,50", 123_450), ("1234", 123_400), ("1234.5", 123_450),
        ("0.05", 5), ("0,1", 10), ("0", 0), ("  42 ", 4200), ("12 345 678,90", 1_234_567_890),
        ("999", 99_900), ("1 000", 100_000), ("0.12", 12), ("007", 700),
    ])
    func acceptsTheDocumentedForms(text: String, minorUnits: Int64) throws {
        #expect(try Money.parse(text, currency: .sek) == sek(minorUnits))
    }

    @Test func acceptsNegativeOnlyWhenAllowed() throws {
        #expect(try Money.parse("-12.5", currency: .nok, allowNegative: true) == nok(-1250))
        let error = domainError { try Money.parse("-12.5", currency: .nok) }
        #expect(error?.code == "AMOUNT_NEGATIVE")
        #expect(error?.fieldPath == "amount")
    }

    @Test(arguments: [
        ("", "AMOUNT_EMPTY"), ("   ", "AMOUNT_EMPTY"),
        ("12a", "AMOUNT_INVALID"), ("SEK 10", "AMOUNT_INVALID"), ("1e3", "AMOUNT_INVALID"), ("+5", "AMOUNT_INVALID"),
        ("12.", "AMOUNT_INVALID"), (",50", "AMOUNT_INVALID"), ("-", "AMOUNT_INVALID"), ("--5", "AMOUNT_INVALID"),
        ("1,234.50", "AMOUNT_AMBIGUOUS"), ("1.234,50", "AMOUNT_AMBIGUOUS"), ("1.234", "AMOUNT_AMBIGUOUS"),
        ("12,345", "AMOUNT_AMBIGUOUS"), ("1.234.567", "AMOUNT_AMBIGUOUS"), ("123,456", "AMOUNT_AMBIGUOUS"),
        ("1.255", "AMOUNT_AMBIGUOUS"),
        ("0.125", "AMOUNT_TOO_PRECISE"), ("1234.567", "AMOUNT_TOO_PRECISE"), ("1,2345", "AMOUNT_TOO_PRECISE"),
        ("1 234,567", "AMOUNT_TOO_PRECISE"),
        ("12 34", "AMOUNT_BAD_GROUPING"), ("1234 567", "AMOUNT_BAD_GROUPING"), ("1  234", "AMOUNT_BAD_GROUPING"),
        ("1 2345,00", "AMOUNT_BAD_GROUPING"),
        ("92233720368547758.08", "AMOUNT_TOO_LARGE"), ("100000000000000000", "AMOUNT_TOO_LARGE"),
    ])
    func refusesWithAStableCode(text: String, code: String) {
        let error = domainError { try Money.parse(text, currency: .sek, allowNegative: true, fieldPath: "payment.amount") }
        #expect(error?.code == code, "\(text)")
        #expect(error?.fieldPath == "payment.amount")
        // Every refusal tells the user what to type instead.
        #expect(error?.message.contains("e.g. 1234.50, 1234,50 or 1 234,50") == true)
    }

    @Test func ambiguityMessageSaysWhyAndWhatIsExpected() {
        let error = domainError { try Money.parse("12,345", currency: .dkk) }
        #expect(error?.message.contains("could mean thousands or three decimals") == true)
        #expect(error?.message.contains("at most 2 decimals") == true)
    }

    @Test func refusesOverlongInput() {
        let text = String(repeating: "1", count: Money.parseInputLengthMax + 1)
        #expect(domainError { try Money.parse(text, currency: .sek) }?.code == "AMOUNT_INVALID")
    }

    @Test func inputAtTheLengthLimitIsRead() throws {
        let text = String(repeating: "0", count: Money.parseInputLengthMax - 1) + "7"
        #expect(try Money.parse(text, currency: .sek) == sek(700))
    }

    @Test func largestValueParsesExactly() throws {
        #expect(try Money.parse("92233720368547758.07", currency: .sek).minorUnits == .max)
        #expect(try Money.parse("-92 233 720 368 547 758,07", currency: .sek, allowNegative: true).minorUnits == -.max)
    }

    @Test func formatsPlainAndNordic() {
        #expect(sek(123_450).formatted(style: .plain) == "1234.50")
        #expect(sek(123_450).formatted(style: .nordic) == "1\u{202F}234,50")
        #expect(sek(5).formatted(style: .plain) == "0.05")
        #expect(sek(-5).formatted(style: .nordic) == "-0,05")
        #expect(sek(0).formatted(style: .plain) == "0.00")
        #expect(sek(99_999).formatted(style: .nordic) == "999,99")
        #expect(sek(100_000).formatted(style: .nordic) == "1\u{202F}000,00")
        #expect(sek(123_456_789_012).formatted(style: .nordic) == "1\u{202F}234\u{202F}567\u{202F}890,12")
        #expect(Money(minorUnits: .min, currency: .sek).formatted(style: .plain) == "-92233720368547758.08")
        #expect(Money(minorUnits: .max, currency: .sek).formatted(style: .plain) == "92233720368547758.07")
    }

    @Test func formattingRoundTripsThroughParsing() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<5000 {
            let value = Int64.random(in: -Int64.max...Int64.max, using: &rng) >> Int64.random(in: 0...62, using: &rng)
            let money = nok(value)
            for style in [Money.FormatStyle.plain, .nordic] {
                #expect(try Money.parse(money.formatted(style: style), currency: .nok, allowNegative: true) == money)
            }
        }
    }
}
