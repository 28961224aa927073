import Foundation
import Protocol
import Testing

/// Stable JSON for scripts: every field present, 64-bit integers as strings, money exact.
@Suite struct JSONWriterTests {
    @Test func moneyHasMinorUnitsAndAnExactDecimal() {
        #expect(JSONWriter.json(Money(minorUnits: 123_450, currency: .sek), pretty: false)
                == #"{"minor_units":"123450","currency":"SEK","amount":"1234.50"}"#)
        #expect(JSONWriter.json(Money(minorUnits: -5, currency: .nok), pretty: false)
                == #"{"minor_units":"-5","currency":"NOK","amount":"-0.05"}"#)
        #expect(MoneyText.decimal(Int64.min) == "-92233720368547758.08")
    }

    @Test func everyFieldIsWrittenAndTheResultParses() throws {
        let text = JSONWriter.json(WireSample(text: "quote \" and \n newline", kinds: [.one, .unknown(9)]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object.count == 31)
        #expect(object["text"] as? String == "quote \" and \n newline")
        #expect(object["kinds"] as? [String] == ["ONE", "UNKNOWN(9)"])
        #expect(object["opt_flag"] is NSNull)
        #expect(object["large"] as? String == "0")
        #expect(object["day"] as? String == "1970-01-01")
    }
}
