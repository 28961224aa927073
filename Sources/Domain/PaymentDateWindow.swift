/// How far from today a payment's value date may lie: one rule for a payment a handler records
/// and one a bank's file brings. Not after today (money not yet paid is no payment; a value date
/// ahead would pay installments not yet due as of a day that has not come), and at most
/// `maxAgeDays` back (an older date would redraw a plan's history beyond what a case keeps
/// meaningfully; such a payment is for a handler to look at).
public enum PaymentDateWindow {
    /// Days back from today a value date may lie: today − 400 is accepted, today − 401 is not.
    public static let maxAgeDays = 400

    /// Why a value date is outside the window.
    public enum Failure: Sendable, Equatable {
        /// After today.
        case future
        /// More than `maxAgeDays` before today.
        case tooOld
    }

    /// Nil when `paidOn` is today or up to `maxAgeDays` before `today`; else why not.
    public static func failure(paidOn: Day, today: Day) -> Failure? {
        if paidOn > today { return .future }
        if paidOn.daysSinceEpoch < today.daysSinceEpoch - maxAgeDays { return .tooOld }
        return nil
    }

    /// The rule in words, for messages.
    public static let rule = "today or within the last \(maxAgeDays) days"
}
