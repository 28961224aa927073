import Testing
@testable import Domain

@Suite("Money arithmetic")
struct MoneyTests {
    @Test func addsSubtractsAndMultipliesExactly() throws {
        #expect(try sek(12_345).adding(sek(55)) == sek(12_400))
        #expect(try sek(100).subtracting(sek(250)) == sek(-150))
        #expect(try sek(333).multiplied(by: 3) == sek(999))
        #expect(try Money.major(170, .sek) == sek(17_000))
        #expect(try Money.sum([sek(1), sek(2), sek(3)], currency: .sek) == sek(6))
        #expect(try Money.sum([Money](), currency: .nok) == Money.zero(.nok))
    }

    @Test func refusesOverflowInsteadOfWrapping() {
        let big = Money(minorUnits: .max, currency: .sek)
        #expect(domainError { try big.adding(sek(1)) }?.code == "MONEY_OVERFLOW")
        #expect(domainError { try Money(minorUnits: .min, currency: .sek).subtracting(sek(1)) }?.code == "MONEY_OVERFLOW")
        #expect(domainError { try big.multiplied(by: 2) }?.code == "MONEY_OVERFLOW")
        #expect(domainError { try Money(minorUnits: .min, currency: .sek).negated() }?.code == "MONEY_OVERFLOW")
        #expect(domainError { try Money.major(Int64.max / 10, .dkk) }?.code == "MONEY_OVERFLOW")
    }

    @Test func refusesMixingCurrencies() {
        let error = domainError { try sek(100).adding(nok(100)) }
        #expect(error?.code == "CURRENCY_MISMATCH")
        #expect(error?.message.contains("SEK") == true && error?.message.contains("NOK") == true)
        #expect(domainError { try sek(1).subtracting(dkk(1)) }?.code == "CURRENCY_MISMATCH")
        #expect(domainError { try sek(1).isLess(than: dkk(2)) }?.code == "CURRENCY_MISMATCH")
        #expect(domainError { try Money.sum([sek(1), nok(1)], currency: .sek) }?.code == "CURRENCY_MISMATCH")
    }

    @Test func comparesWithinOneCurrency() throws {
        #expect(try sek(100).isLess(than: sek(101)))
        #expect(try !sek(100).isLess(than: sek(100)))
        #expect(try sek(-1).compare(to: sek(-2)) == 1)
        #expect(try Money.min(sek(5), sek(3)) == sek(3))
        #expect(try Money.max(sek(5), sek(3)) == sek(5))
    }

    @Test func describesWithCurrencyCode() {
        #expect(sek(123_450).description == "1234.50 SEK")
        #expect(Currency.nok.minorUnitsPerMajor == 100)
        #expect(Currency.allCases.map(\.rawValue) == ["SEK", "NOK", "DKK"])
    }
}
