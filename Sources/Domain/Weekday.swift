/// A day of the week, Monday first (ISO 8601).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// 0 for Monday ... 6 for Sunday.
    public var indexFromMonday: Int { rawValue - 1 }

    /// True for Saturday and Sunday.
    public var isWeekend: Bool { self == .saturday || self == .sunday }

    /// English name, capitalised.
    public var description: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }
}
