@testable import Domain

/// A deterministic generator so property tests replay the same inputs every run.
typealias SeededGenerator = SplitMix64

/// A day from `YYYY-MM-DD`; a typo in a test is a test bug.
func day(_ text: String) -> Day {
    guard let value = Day(iso8601: text) else { preconditionFailure("bad test date \(text)") }
    return value
}

func sek(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: .sek) }
func nok(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: .nok) }
func dkk(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: .dkk) }

/// The `DomainError` `body` throws, or nil when it does not throw. Closures infer untyped
/// throws, so any other error is a test failure (reported as code `NOT_A_DOMAIN_ERROR`).
func domainError<T>(_ body: () throws -> T) -> DomainError? {
    do {
        _ = try body()
        return nil
    } catch let error as DomainError {
        return error
    } catch {
        return DomainError(code: "NOT_A_DOMAIN_ERROR", message: "\(error)")
    }
}

/// A local time from `YYYY-MM-DD` and `HH:MM`.
func at(_ date: String, _ clock: String) -> LocalDateTime {
    let parts = clock.split(separator: ":").map { Int($0)! }
    return LocalDateTime(day: day(date), hour: parts[0], minute: parts[1])!
}
