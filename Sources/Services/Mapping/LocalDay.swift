import Foundation

/// Today's date in a country, from the wall clock: what days past due and due dates count from.
public enum LocalDay {
    static let zones: [String: TimeZone] = [
        "SE": TimeZone(identifier: "Europe/Stockholm")!,
        "NO": TimeZone(identifier: "Europe/Oslo")!,
        "DK": TimeZone(identifier: "Europe/Copenhagen")!,
    ]

    /// Days since 1970-01-01 of the local date in `country` at `unixMs`.
    public static func days(country: String, unixMs: Int64) -> Int32 {
        let zone = zones[country] ?? TimeZone(identifier: "UTC")!
        let seconds = unixMs / 1_000
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        let local = seconds + offset
        return Int32((local >= 0 ? local : local - 86_399) / 86_400)
    }
}
