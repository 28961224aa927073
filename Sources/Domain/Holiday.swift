/// A day on which banks in a country do not settle payments, other than an ordinary weekend.
public struct Holiday: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Why the day is not a banking day.
    public enum Kind: Sendable, Hashable {
        /// A statutory public holiday (helgdag / helligdag).
        case publicHoliday
        /// Not a public holiday, but banks and the central bank's settlement are closed
        /// (for example Christmas Eve).
        case bankClosingDay
    }

    /// The date.
    public let day: Day
    /// The local name, e.g. "Långfredagen"; names of coinciding days are joined with " / ".
    public let name: String
    /// Public holiday or bank closing day (a public holiday wins when both fall on one day).
    public let kind: Kind

    /// A holiday entry.
    public init(day: Day, name: String, kind: Kind) {
        self.day = day
        self.name = name
        self.kind = kind
    }

    /// `YYYY-MM-DD name`.
    public var description: String { "\(day) \(name)" }

    public static func < (lhs: Holiday, rhs: Holiday) -> Bool { lhs.day < rhs.day }
}
