import Domain

/// One record of a fixed-length format, padded with blanks to the record length, with field
/// accessors by the 1-based inclusive positions the specifications use.
struct Record {
    /// The 1-based line number.
    let line: Int
    /// The record's bytes, exactly the record length.
    let bytes: [UInt8]

    /// The bytes at positions `from`...`to` (1-based, inclusive).
    func slice(_ from: Int, _ to: Int) -> ArraySlice<UInt8> {
        precondition(from >= 1 && to <= bytes.count && from <= to, "field positions inside the record")
        return bytes[(from - 1)..<to]
    }

    /// True when positions `from`...`to` hold `text`.
    func has(_ from: Int, _ to: Int, _ text: String) -> Bool {
        slice(from, to).elementsEqual(text.utf8)
    }

    /// The field's text (ISO-8859-1), blanks trimmed on both sides.
    func text(_ from: Int, _ to: Int) -> String {
        var field = slice(from, to)
        while field.first == 0x20 { field = field.dropFirst() }
        while field.last == 0x20 { field = field.dropLast() }
        return Record.latin1(field)
    }

    /// The field's digits as an unsigned number; every position must be a digit.
    func number(_ from: Int, _ to: Int, _ name: String) throws(PaymentFileError) -> Int64 {
        let field = slice(from, to)
        precondition(field.count <= 18, "fields of at most 18 digits fit an Int64")
        var value: Int64 = 0
        for byte in field {
            guard byte >= 0x30, byte <= 0x39 else {
                throw PaymentFileError(.field, line: line, field: "\(name) \(from)-\(to)", "must be \(to - from + 1) digits")
            }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }

    /// The field's digits as text; every position must be a digit.
    func digits(_ from: Int, _ to: Int, _ name: String) throws(PaymentFileError) -> String {
        let field = slice(from, to)
        guard field.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw PaymentFileError(.field, line: line, field: "\(name) \(from)-\(to)", "must be \(to - from + 1) digits")
        }
        return String(decoding: field, as: UTF8.self)
    }

    /// Positions `from`...`to` must hold `expected`.
    func expect(_ from: Int, _ to: Int, _ expected: String, _ name: String) throws(PaymentFileError) {
        guard has(from, to, expected) else {
            throw PaymentFileError(.field, line: line, field: "\(name) \(from)-\(to)", "must be \"\(expected)\", is \"\(Record.latin1(slice(from, to)))\"")
        }
    }

    /// A date written YYYYMMDD.
    func dateYYYYMMDD(_ from: Int, _ name: String) throws(PaymentFileError) -> Day {
        let text = try digits(from, from + 7, name)
        let value = Array(text.utf8).map { Int($0) - 0x30 }
        let year = value[0] * 1000 + value[1] * 100 + value[2] * 10 + value[3]
        guard let day = Day(year: year, month: value[4] * 10 + value[5], day: value[6] * 10 + value[7]) else {
            throw PaymentFileError(.date, line: line, field: "\(name) \(from)-\(from + 7)", "\(text) is not a date (YYYYMMDD)")
        }
        return day
    }

    /// A date written DDMMYY, in 2000–2099 (the formats carry no century).
    func dateDDMMYY(_ from: Int, _ name: String) throws(PaymentFileError) -> Day {
        let text = try digits(from, from + 5, name)
        let value = Array(text.utf8).map { Int($0) - 0x30 }
        guard let day = Day(year: 2000 + value[4] * 10 + value[5], month: value[2] * 10 + value[3], day: value[0] * 10 + value[1]) else {
            throw PaymentFileError(.date, line: line, field: "\(name) \(from)-\(from + 5)", "\(text) is not a date (DDMMYY)")
        }
        return day
    }

    /// The record's text, trailing blanks trimmed.
    var raw: String {
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == 0x20 { end -= 1 }
        return Record.latin1(bytes[..<end])
    }

    /// ISO-8859-1 bytes as a string: each byte is the Unicode scalar of the same number.
    static func latin1<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text = ""
        for byte in bytes { text.unicodeScalars.append(Unicode.Scalar(byte)) }
        return text
    }
}

/// Adds `amount` to `sum`, refusing a total past Int64 (a lying or hostile file).
func add(_ amount: Int64, to sum: inout Int64, line: Int) throws(PaymentFileError) {
    let (total, overflow) = sum.addingReportingOverflow(amount)
    guard !overflow else { throw PaymentFileError(.sumOverflow, line: line, "the amounts add up past what a file can carry") }
    sum = total
}

/// Checks a control record's count against what was counted.
func checkCount(_ stated: Int64, _ counted: Int, _ record: Record, _ from: Int, _ to: Int, _ name: String) throws(PaymentFileError) {
    guard stated == Int64(counted) else {
        throw PaymentFileError(.countMismatch, line: record.line, field: "\(name) \(from)-\(to)", "says \(stated), the file has \(counted)")
    }
}

/// Checks a control record's sum against the amounts added up.
func checkSum(_ stated: Int64, _ counted: Int64, _ record: Record, _ from: Int, _ to: Int, _ name: String) throws(PaymentFileError) {
    guard stated == counted else {
        throw PaymentFileError(.sumMismatch, line: record.line, field: "\(name) \(from)-\(to)", "says \(stated), the amounts add up to \(counted)")
    }
}
