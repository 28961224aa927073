import Testing
import Domain

/// The one rule for how far from today a payment's value date may lie (a handler's payment and a
/// bank file's alike).
@Suite("Payment date window")
struct PaymentDateWindowTests {
    static let today = Day(iso8601: "2026-12-03")!

    static func offset(_ days: Int) -> Day { Day(daysSinceEpoch: today.daysSinceEpoch + days)! }

    @Test("today and 400 days back are accepted; tomorrow and 401 days back are not, each with its reason")
    func edges() {
        #expect(PaymentDateWindow.failure(paidOn: Self.today, today: Self.today) == nil)
        #expect(PaymentDateWindow.failure(paidOn: Self.offset(1), today: Self.today) == .future)
        #expect(PaymentDateWindow.failure(paidOn: Self.offset(-400), today: Self.today) == nil)
        #expect(PaymentDateWindow.failure(paidOn: Self.offset(-401), today: Self.today) == .tooOld)
        #expect(PaymentDateWindow.maxAgeDays == 400)
    }

    @Test("across a leap day the window counts days, not months")
    func leapYear() {
        let today = Day(iso8601: "2028-03-01")!
        let oldest = Day(daysSinceEpoch: today.daysSinceEpoch - 400)!
        #expect(oldest.description == "2027-01-26")
        #expect(PaymentDateWindow.failure(paidOn: oldest, today: today) == nil)
        #expect(PaymentDateWindow.failure(paidOn: Day(iso8601: "2027-01-25")!, today: today) == .tooOld)
    }

    @Test("the far ends of the calendar are refused, never trapped on")
    func extremes() {
        #expect(PaymentDateWindow.failure(paidOn: Day(iso8601: "0001-01-01")!, today: Self.today) == .tooOld)
        #expect(PaymentDateWindow.failure(paidOn: Day(iso8601: "9999-12-31")!, today: Self.today) == .future)
    }
}
