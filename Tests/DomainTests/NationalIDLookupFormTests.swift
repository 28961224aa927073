import Testing
@testable import Domain

/// Every written form of one number is one look-up form, so a customer is found however the
/// handler types the number (issue 12, defect 2).
@Suite struct NationalIDLookupFormTests {
    let today = day("2026-12-02")

    @Test(arguments: ["19811218-9876", "198112189876", "811218-9876", "8112189876"])
    func swedishFormsAgree(text: String) {
        #expect(NationalID.lookupForm(text, country: .se, today: today) == "198112189876")
    }

    @Test func swedishCenturyFollowsTheSeparatorAndToday() {
        // 121212-1212: under 100 this year, so 2012; with `+`, 100 or older, so 1912.
        #expect(NationalID.lookupForm("121212-1212", country: .se, today: today) == "201212121212")
        #expect(NationalID.lookupForm("121212+1212", country: .se, today: today) == "191212121212")
        #expect(NationalID.lookupForm("1212121212", country: .se, today: today) == "201212121212")
        // A two-digit year after this year's is last century's.
        #expect(NationalID.lookupForm("811218-9876", country: .se, today: day("2081-01-01")) == "198112189876")
    }

    @Test(arguments: ["12038500110", "120385 00110", "120385-00110"])
    func norwegianFormsAgree(text: String) {
        #expect(NationalID.lookupForm(text, country: .no, today: today) == "12038500110")
    }

    @Test(arguments: ["010190-1234", "0101901234"])
    func danishFormsAgree(text: String) {
        #expect(NationalID.lookupForm(text, country: .dk, today: today) == "0101901234")
    }

    @Test func aTenDigitNumberMayBeSwedishAndDanish() {
        // 121212-1212 is a valid personnummer and a plausible CPR number (12 Dec 1912).
        #expect(NationalID.lookupForms("121212-1212", today: today) == ["201212121212", "1212121212"])
        #expect(NationalID.lookupForms("12038500110", today: today) == ["12038500110"])
    }

    @Test(arguments: ["", "811218-9875", "abcdef-ghij", "12038500111", "320190-1234", "8112189876 ", "19811218/9876"])
    func invalidNumbersHaveNoForm(text: String) {
        #expect(NationalID.lookupForms(text, today: today) == [])
    }
}
