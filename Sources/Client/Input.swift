import ArgumentParser
import Domain
import Protocol

/// Strict parsing of what handlers type: amounts without floating point, ISO dates, enum names.
enum Input {
    /// An amount in `currency`: `1234.50`, `1234,50` or `1 234,50`; anything ambiguous is refused
    /// with what is expected.
    static func money(_ text: String, currency: Protocol.Currency, option: String) throws -> Protocol.Money {
        guard let domainCurrency = Domain.Currency(rawValue: currency.name) else {
            throw ValidationError("\(option): the currency is not known (SEK, NOK, DKK)")
        }
        do {
            // The server refuses amounts beyond the limit too; saying so here names the option.
            let parsed = try MoneyLimits.checked(try Domain.Money.parse(text, currency: domainCurrency, fieldPath: option), fieldPath: option)
            return Protocol.Money(minorUnits: parsed.minorUnits, currency: currency)
        } catch {
            throw ValidationError("\(option) \"\(text)\": \(error.message) [\(error.code)]")
        }
    }

    /// A date as `YYYY-MM-DD`.
    static func date(_ text: String, option: String) throws -> CalendarDate {
        guard let date = CalendarDate(iso8601: text) else {
            throw ValidationError("\(option) \"\(text)\": \(whyNotADate(text))")
        }
        return date
    }

    /// Why `text` is not a date: a day or month that does not exist, or not the shape YYYY-MM-DD.
    static func whyNotADate(_ text: String) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.map(\.count) == [4, 2, 2], parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return "expected a date as YYYY-MM-DD, e.g. 2026-12-27"
        }
        guard (1...12).contains(month) else { return "\(text) does not exist: there is no month \(month)" }
        guard day >= 1 else { return "\(text) does not exist: there is no day 0" }
        guard day > Domain.Day.daysIn(month: month, year: year) else { return "expected a date as YYYY-MM-DD, e.g. 2026-12-27" }
        let name = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
                    "December"][month - 1]
        return "\(text) does not exist: \(name) \(year) has \(Domain.Day.daysIn(month: month, year: year)) days"
    }

    /// Refuses an OCR/KID reference that fails its MOD10 check digit on a payment whose source
    /// carries one (Bankgiro and Autogiro OCR, KID and AvtaleGiro, Betalingsservice); other
    /// sources take free text.
    static func reference(_ text: String, source: PaymentSource) throws {
        guard !text.isEmpty, [.bankgiro, .autogiro, .kid, .avtalegiro, .betalingsservice].contains(source) else { return }
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), (KID.lengthMin...KID.lengthMax).contains(text.utf8.count) else {
            throw ValidationError("--reference \"\(text)\": a \(source.name.lowercased()) reference is \(KID.lengthMin) to \(KID.lengthMax) digits")
        }
        guard KID.isValid(text) else {
            throw ValidationError("--reference \"\(text)\": the last digit is not its check digit (MOD10); is a digit mistyped?")
        }
    }

    /// A value of a generated enum by name (with or without its prefix, any case); `unspecified`
    /// and unknown names are refused with the list of names.
    static func choice<E>(_ text: String, option: String, known: [E], name: (E) -> String, parse: (String) -> E?) throws -> E {
        let allowed = known.map(name).filter { $0 != "UNSPECIFIED" }
        guard let value = parse(text), name(value) != "UNSPECIFIED" else {
            throw ValidationError("\(option) \"\(text)\": expected one of \(allowed.map { $0.lowercased() }.joined(separator: ", "))")
        }
        return value
    }

    /// The currency of a country code from a case.
    static func currency(of country: Protocol.Country) -> Protocol.Currency {
        switch country {
        case .se: .sek
        case .no: .nok
        case .dk: .dkk
        default: .unspecified
        }
    }
}
