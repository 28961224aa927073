import Testing
@testable import Domain

@Suite("Contact rules")
struct ContactRulesTests {
    let norway = RuleBook.standard.rules(for: .no, on: day("2026-03-02")).contactPolicy

    func decide(_ date: String, _ clock: String, _ counts: CallCounts = .none, optedOut: Bool = false,
                country: Country = .no) -> ContactDecision {
        let rules = RuleBook.standard.rules(for: country, on: day(date)).contactPolicy
        return ContactRules.mayCall(at: at(date, clock), country: country, callsSoFar: counts, optedOut: optedOut, rules: rules)
    }

    @Test func weekdayHoursInNorway() {
        #expect(decide("2026-03-04", "07:59").code == "CONTACT_OUTSIDE_HOURS")
        #expect(decide("2026-03-04", "08:00") == .allowed)
        #expect(decide("2026-03-04", "20:59") == .allowed)
        #expect(decide("2026-03-04", "21:00").code == "CONTACT_OUTSIDE_HOURS")
        if case .refused(_, let message) = decide("2026-03-04", "21:00") {
            #expect(message.contains("08:00") && message.contains("21:00"))
        }
    }

    @Test func saturdaysUntil15AndNeverSundays() {
        #expect(decide("2026-03-07", "08:00") == .allowed)
        #expect(decide("2026-03-07", "14:59") == .allowed)
        #expect(decide("2026-03-07", "15:00").code == "CONTACT_OUTSIDE_HOURS")
        #expect(decide("2026-03-08", "12:00").code == "CONTACT_OUTSIDE_HOURS")
    }

    @Test func neverOnHolidaysOrBankClosingDays() {
        #expect(decide("2026-05-14", "12:00").code == "CONTACT_HOLIDAY")  // Ascension Day
        #expect(decide("2026-05-01", "12:00").code == "CONTACT_HOLIDAY")  // 1 May
        #expect(decide("2026-12-24", "10:00").code == "CONTACT_HOLIDAY")  // Christmas Eve
        #expect(decide("2026-05-15", "12:00") == .allowed)
    }

    @Test func limitsPerDayWeekAndMonth() {
        #expect(decide("2026-03-04", "12:00", CallCounts(today: 1, thisWeek: 1, thisMonth: 1)).code == "CONTACT_LIMIT_DAY")
        #expect(decide("2026-03-04", "12:00", CallCounts(today: 0, thisWeek: 4, thisMonth: 4)) == .allowed)
        #expect(decide("2026-03-04", "12:00", CallCounts(today: 0, thisWeek: 5, thisMonth: 5)).code == "CONTACT_LIMIT_WEEK")
        #expect(decide("2026-03-04", "12:00", CallCounts(today: 0, thisWeek: 0, thisMonth: 14)) == .allowed)
        #expect(decide("2026-03-04", "12:00", CallCounts(today: 0, thisWeek: 0, thisMonth: 15)).code == "CONTACT_LIMIT_MONTH")
    }

    @Test func optOutWinsOverEverything() {
        #expect(decide("2026-03-04", "12:00", optedOut: true).code == "CONTACT_OPTED_OUT")
        #expect(decide("2026-03-08", "03:00", optedOut: true).code == "CONTACT_OPTED_OUT")
    }

    @Test func otherCountriesFollowTheirPolicy() {
        #expect(decide("2026-03-07", "10:00", country: .se).code == "CONTACT_OUTSIDE_HOURS")  // no Saturday calls in SE
        #expect(decide("2026-03-04", "20:00", country: .se).code == "CONTACT_OUTSIDE_HOURS")
        #expect(decide("2026-06-19", "10:00", country: .se).code == "CONTACT_HOLIDAY")  // Midsummer Eve
        #expect(decide("2026-03-07", "10:00", country: .dk) == .allowed)
        #expect(decide("2026-06-05", "10:00", country: .dk).code == "CONTACT_HOLIDAY")  // Grundlovsdag
    }

    @Test func nextCallWindow() {
        // Saturday 15:30 → Monday 08:00 (Sunday is closed).
        #expect(ContactRules.nextCallWindowStart(onOrAfter: at("2026-03-07", "15:30"), country: .no, rules: norway) == at("2026-03-09", "08:00"))
        #expect(ContactRules.nextCallWindowStart(onOrAfter: at("2026-03-04", "06:10"), country: .no, rules: norway) == at("2026-03-04", "08:00"))
        #expect(ContactRules.nextCallWindowStart(onOrAfter: at("2026-03-04", "10:17"), country: .no, rules: norway) == at("2026-03-04", "10:17"))
        // Maundy Thursday evening 2026 → Easter Saturday 08:00 (Saturday is not a holiday in Norway).
        #expect(ContactRules.nextCallWindowStart(onOrAfter: at("2026-04-01", "21:00"), country: .no, rules: norway) == at("2026-04-04", "08:00"))
        let never = ContactPolicy(weekdayWindow: nil, saturdayWindow: nil, sundayWindow: nil, callsOnHolidays: false,
                                  maxCallsPerDay: 1, maxCallsPerWeek: 1, maxCallsPerMonth: 1)
        #expect(ContactRules.nextCallWindowStart(onOrAfter: at("2026-03-04", "10:00"), country: .no, rules: never) == nil)
    }

    @Test func localTimeFollowsEuropeanSummerTime() {
        func unix(_ date: String, _ hour: Int64, _ minute: Int64) -> Int64 {
            Int64(day(date).daysSinceEpoch) * 86_400 + hour * 3600 + minute * 60
        }
        #expect(Country.no.localDateTime(unixSeconds: unix("2026-01-15", 7, 0)) == at("2026-01-15", "08:00"))
        #expect(Country.se.localDateTime(unixSeconds: unix("2026-03-29", 0, 59)) == at("2026-03-29", "01:59"))
        #expect(Country.se.localDateTime(unixSeconds: unix("2026-03-29", 1, 0)) == at("2026-03-29", "03:00"))
        #expect(Country.dk.localDateTime(unixSeconds: unix("2026-10-25", 0, 59)) == at("2026-10-25", "02:59"))
        #expect(Country.dk.localDateTime(unixSeconds: unix("2026-10-25", 1, 0)) == at("2026-10-25", "02:00"))
        #expect(Country.no.localDateTime(unixSeconds: unix("2026-12-31", 23, 30)) == at("2027-01-01", "00:30"))
        #expect(Country.no.localDateTime(unixSeconds: -1) == at("1970-01-01", "00:59"))
        #expect(LocalDateTime(day: day("2026-01-01"), hour: 24, minute: 0) == nil)
    }
}
