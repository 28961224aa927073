/// The countries the department works in (ISO 3166-1 alpha-2 codes as raw values).
public enum Country: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Sweden.
    case se = "SE"
    /// Norway.
    case no = "NO"
    /// Denmark.
    case dk = "DK"

    /// The currency customers in this country owe and pay in.
    public var currency: Currency {
        switch self {
        case .se: .sek
        case .no: .nok
        case .dk: .dkk
        }
    }

    /// The IANA time zone for local times (contact hours, "today").
    public var timeZoneIdentifier: String {
        switch self {
        case .se: "Europe/Stockholm"
        case .no: "Europe/Oslo"
        case .dk: "Europe/Copenhagen"
        }
    }

    /// The E.164 country calling code, without `+`.
    public var callingCode: String {
        switch self {
        case .se: "46"
        case .no: "47"
        case .dk: "45"
        }
    }

    /// The ISO code.
    public var description: String { rawValue }
}
