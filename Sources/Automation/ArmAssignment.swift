/// Which arm of a split a case is in: a deterministic hash of the case id and the strategy's
/// name and version, so the same case stays in the same arm on every run, machine and platform,
/// and a new version deals the cases afresh.
///
/// The hash is 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over the
/// UTF-8 bytes of `caseID`, a 0 byte, `name`, a 0 byte and `version`, followed by the 64-bit
/// finaliser of MurmurHash3 (`fmix64`) so that every bit of the input reaches the low digits; the
/// position is the result modulo 100. Arms take positions in the order they are listed: with
/// arms of 80 and 20, positions 0–79 get the first and 80–99 the second.
public enum ArmAssignment {
    /// The case's position, `0..<100`, in strategy `name` at `version`.
    public static func position(caseID: String, strategy name: String, version: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func feed(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for byte in caseID.utf8 { feed(byte) }
        feed(0)
        for byte in name.utf8 { feed(byte) }
        feed(0)
        for byte in version.utf8 { feed(byte) }
        return Int(fmix64(hash) % 100)
    }

    /// MurmurHash3's 64-bit finaliser.
    static func fmix64(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k = k &* 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k = k &* 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }

    /// The index of the arm of `segment` that a case at `position` is in.
    public static func armIndex(position: Int, arms: [Arm]) -> Int {
        precondition(!arms.isEmpty, "a segment has at least one arm")
        var upper = 0
        for (index, arm) in arms.enumerated() {
            upper += arm.percent
            if position < upper { return index }
        }
        return arms.count - 1  // unreachable for a validated strategy, whose arms sum to 100
    }
}
