import ArgumentParser
import Domain

extension Input {
    /// An instant as ISO 8601 with its offset, `2026-12-02T08:30+01:00` or `2026-12-02T07:30Z`
    /// (seconds optional), in milliseconds since the epoch. An offset is required: a bare local
    /// time would depend on the handler's machine, not the customer's country.
    static func instant(_ text: String, option: String) throws -> Int64 {
        let expected = "expected a time as YYYY-MM-DDTHH:MM with Z or an offset such as +01:00, e.g. 2026-12-02T08:30+01:00"
        let chars = Array(text.utf8)
        guard chars.count >= 17, chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
              let day = Day(iso8601: String(decoding: chars[0..<10], as: UTF8.self)) else {
            throw ValidationError("\(option) \"\(text)\": \(expected)")
        }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count, chars[range].allSatisfy({ (48...57).contains($0) }) else { return nil }
            return chars[range].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        guard let hour = number(11..<13), chars[13] == UInt8(ascii: ":"), let minute = number(14..<16), hour < 24, minute < 60 else {
            throw ValidationError("\(option) \"\(text)\": \(expected)")
        }
        var index = 16
        var second = 0
        if index < chars.count, chars[index] == UInt8(ascii: ":") {
            guard let value = number(17..<19), value < 60 else { throw ValidationError("\(option) \"\(text)\": \(expected)") }
            second = value
            index = 19
        }
        let offsetMinutes: Int
        if index + 1 == chars.count, chars[index] == UInt8(ascii: "Z") {
            offsetMinutes = 0
        } else if index + 6 == chars.count, chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-"),
                  let offsetHours = number(index + 1..<index + 3), chars[index + 3] == UInt8(ascii: ":"),
                  let offsetMinute = number(index + 4..<index + 6), offsetHours < 24, offsetMinute < 60 {
            offsetMinutes = (chars[index] == UInt8(ascii: "-") ? -1 : 1) * (offsetHours * 60 + offsetMinute)
        } else {
            throw ValidationError("\(option) \"\(text)\": \(expected)")
        }
        let seconds = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1_000
    }
}
