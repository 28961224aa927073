/// A day of the week, Monday first (ISO 8601).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Monday (ISO day 1).
    case monday = 1
    /// Tuesday.
    case tuesday
    /// Wednesday.
    case wednesday
    /// Thursday.
    case thursday
    /// Friday.
    case friday
    /// Saturday.
    case saturday
    /// Sunday (ISO day 7).
    case sunday

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
