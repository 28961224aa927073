import Testing
@testable import Domain

@Suite("National IDs and KID")
struct NationalIDTests {
    // Hand-checked: 8·2=16→7, 1, 1·2=2, 2, 1·2=2, 8, 9·2=18→9, 8, 7·2=14→5; sum 44 → check 6.
    @Test(arguments: ["811218-9876", "8112189876", "19811218-9876", "198112189876", "121212-1212", "121212+1212"])
    func validPersonnummer(text: String) {
        #expect(NationalID.isValidPersonnummer(text))
    }

    @Test(arguments: ["811218-9875", "811318-9876", "811218/9876", "81121-89876", "811218-987", "19811218+9876",
                      "1981121898761", "", "abcdef-ghij", "811278-9876", "230229-1234"])
    func invalidPersonnummer(text: String) {
        #expect(!NationalID.isValidPersonnummer(text))
    }

    @Test func samordningsnummerHasDayPlus60() {
        // 701063-2391: 1970-10-03 + 60. Luhn: 7→14→5,0,1→2,0,6→12→3,3,2→4,3,9→18→9: 5+0+2+0+3+3+4+3+9=29 → 1.
        #expect(NationalID.isValidPersonnummer("701063-2391"))
    }

    @Test func generatedPersonnummerAreValid() {
        #expect(NationalID.makePersonnummer(birth: day("1981-12-18"), serial: 987) == "19811218-9876")
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<2000 {
            let birth = day("1920-01-01").adding(days: Int.random(in: 0...36_000, using: &rng))
            let id = NationalID.makePersonnummer(birth: birth, serial: Int.random(in: 0...999, using: &rng))!
            #expect(NationalID.isValidPersonnummer(id), "\(id)")
        }
        #expect(NationalID.makePersonnummer(birth: day("1981-12-18"), serial: 1000) == nil)
    }

    // 12038500110 hand-checked: k1 weights 3,7,6,1,8,9,4,5,2 → 131 mod 11 = 10 → 1;
    // k2 weights 5,4,3,2,7,6,5,4,3,2 → 110 mod 11 = 0 → 0.
    @Test(arguments: ["12038500110", "12038500382", "12038501176", "01070550098", "01070550330"])
    func validFodselsnummer(text: String) {
        #expect(NationalID.isValidFodselsnummer(text))
    }

    @Test(arguments: ["12038500111", "12038500120", "1203850011", "120385 00110", "32038500110", "12138500110", "1203850011a"])
    func invalidFodselsnummer(text: String) {
        #expect(!NationalID.isValidFodselsnummer(text))
    }

    @Test func generatedFodselsnummerSkipImpossibleCheckDigits() {
        let birth = day("1985-03-12")
        #expect(NationalID.makeFodselsnummer(birth: birth, serial: 0) == nil)  // k1 would be 10
        #expect(NationalID.makeFodselsnummer(birth: birth, serial: 1) == "12038500110")
        #expect(NationalID.makeFodselsnummer(birth: birth, serial: 2) == nil)
        #expect(NationalID.makeFodselsnummer(birth: day("2005-07-01"), serial: 0) == "01070550098")
        #expect(NationalID.makeFodselsnummer(birth: birth, serial: 500) == nil)
        #expect(NationalID.makeFodselsnummer(birth: day("1850-01-01"), serial: 1) == nil)
        var rng = SeededGenerator(seed: 4)
        var made = 0
        for _ in 0..<3000 {
            let birth = day("1900-01-01").adding(days: Int.random(in: 0...50_000, using: &rng))
            guard let id = NationalID.makeFodselsnummer(birth: birth, serial: Int.random(in: 0...249, using: &rng)) else { continue }
            made += 1
            #expect(NationalID.isValidFodselsnummer(id), "\(id)")
        }
        #expect(made > 2000)  // about 1 in 6 serials is skipped
    }

    @Test(arguments: ["120385-0011", "1203851234", "311299-4000", "010100-4000", "290200-4321", "010160-5000", "010158-5000"])
    func plausibleCPR(text: String) {
        #expect(NationalID.isPlausibleCPR(text))
    }

    // 290223-1234: 29 Feb 1923 does not exist; 320185: day 32.
    @Test(arguments: ["290223-1234", "320185-1234", "120385_0011", "12038-50011", "120385-001", "011385-1234"])
    func implausibleCPR(text: String) {
        #expect(!NationalID.isPlausibleCPR(text))
    }

    @Test func generatedCPRArePlausibleAndCarryTheCentury() {
        #expect(NationalID.makeCPR(birth: day("1985-03-12"), serial: 11) == "120385-0011")
        #expect(NationalID.makeCPR(birth: day("2000-02-29"), serial: 321) == "290200-4321")
        #expect(NationalID.makeCPR(birth: day("2040-01-01"), serial: 0) == "010140-5000")
        #expect(NationalID.makeCPR(birth: day("1985-03-12"), serial: 4000) == nil)
        #expect(NationalID.makeCPR(birth: day("2060-03-12"), serial: 0) == nil)
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<2000 {
            let birth = day("1900-01-01").adding(days: Int.random(in: 0...50_000, using: &rng))
            let id = NationalID.makeCPR(birth: birth, serial: Int.random(in: 0...3999, using: &rng))!
            #expect(NationalID.isPlausibleCPR(id), "\(id)")
        }
    }

    @Test func maskingShowsOnlyTheBirthDate() {
        #expect(NationalID.mask("850312-1234") == "850312-****")
        #expect(NationalID.mask("19850312-1234") == "19850312-****")
        #expect(NationalID.mask("198503121234") == "19850312-****")
        #expect(NationalID.mask("12038500110") == "120385-*****")
        #expect(NationalID.mask("1203850011") == "120385-****")
        #expect(NationalID.mask("hello") == "****")
        #expect(NationalID.mask("85-03-12-1234") == "****")
        #expect(NationalID.mask("") == "****")
    }

    @Test func kidMod10() {
        #expect(KID.mod10CheckDigit("7992739871") == 3)  // the textbook Luhn example
        #expect(KID.mod10CheckDigit("123456789") == 7)
        #expect(KID.make("123456789") == "1234567897")
        #expect(KID.isValid("1234567897"))
        #expect(!KID.isValid("1234567898"))
        #expect(!KID.isValid("7"))
        #expect(!KID.isValid("12345-67897"))
        #expect(!KID.isValid(String(repeating: "0", count: 26)))
        var rng = SeededGenerator(seed: 6)
        for _ in 0..<1000 {
            let base = String((0..<Int.random(in: 1...24, using: &rng)).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            let kid = KID.make(base)
            #expect(KID.isValid(kid))
            // Changing any one digit is detected.
            let position = Int.random(in: 0..<kid.count, using: &rng)
            var digits = Array(kid)
            digits[position] = Character(String((Int(String(digits[position]))! + 1) % 10))
            #expect(!KID.isValid(String(digits)))
        }
    }
}
