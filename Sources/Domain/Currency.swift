/// The currencies Collect handles (ISO 4217 codes as raw values).
public enum Currency: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Swedish krona; minor unit öre.
    case sek = "SEK"
    /// Norwegian krone; minor unit øre.
    case nok = "NOK"
    /// Danish krone; minor unit øre.
    case dkk = "DKK"

    /// Minor units in one major unit (100 öre / øre per krona / krone).
    public var minorUnitsPerMajor: Int64 { 100 }

    /// Decimal digits of the minor unit (2 for all three).
    public var minorUnitDigits: Int { 2 }

    /// The ISO 4217 code.
    public var description: String { rawValue }
}
